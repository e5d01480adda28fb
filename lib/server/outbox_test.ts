import { deepEqual, equal } from "node:assert/strict";
import { Outbox } from "./outbox.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A connection that accepts at most `perWrite` bytes per write, like a busy socket. */
class SlowConn {
  writes: string[] = [];
  constructor(readonly perWrite = Infinity, readonly failWith?: Error) {}
  write(bytes: Uint8Array): Promise<number> {
    if (this.failWith) return Promise.reject(this.failWith);
    const n = Math.min(bytes.length, this.perWrite);
    this.writes.push(dec.decode(bytes.subarray(0, n)));
    return Promise.resolve(n);
  }
}

Deno.test(
  { name: "outbox: lines pushed in one turn leave in one write", permissions: "none" },
  async () => {
    const conn = new SlowConn();
    const box = new Outbox(conn, 1024, () => {});
    box.push(enc.encode("a\n"));
    box.push(enc.encode("b\n"));
    box.push(enc.encode("c\n"));
    await box.drain();
    deepEqual(conn.writes, ["a\nb\nc\n"]);
    equal(box.queuedBytes, 0);
  },
);

Deno.test({
  name: "outbox: partial writes are continued, never lost or reordered",
  permissions: "none",
}, async () => {
  const conn = new SlowConn(3);
  const box = new Outbox(conn, 1024, () => {});
  box.push(enc.encode("hello\n"));
  box.push(enc.encode("world\n"));
  await box.drain();
  equal(conn.writes.join(""), "hello\nworld\n");
  equal(conn.writes.length, 4);
});

Deno.test({
  name: "outbox: refuses bytes past its bound and keeps what it had",
  permissions: "none",
}, async () => {
  const conn = new SlowConn();
  const box = new Outbox(conn, 8, () => {});
  equal(box.push(enc.encode("12345678")), true);
  equal(box.push(enc.encode("9")), false);
  equal(box.queuedBytes, 8);
  await box.drain();
  deepEqual(conn.writes, ["12345678"]);
  equal(box.push(enc.encode("9")), true);
  await box.drain();
});

Deno.test({
  name: "outbox: a write error is reported once and later pushes are refused",
  permissions: "none",
}, async () => {
  const errors: unknown[] = [];
  const box = new Outbox(
    new SlowConn(Infinity, new Deno.errors.BrokenPipe("gone")),
    64,
    (e) => errors.push(e),
  );
  box.push(enc.encode("x\n"));
  await box.drain();
  equal(errors.length, 1);
  equal(box.push(enc.encode("y\n")), false);
  equal(errors.length, 1);
});

Deno.test(
  { name: "outbox: last words replace what waits, past the bound", permissions: "none" },
  async () => {
    const conn = new SlowConn();
    const box = new Outbox(conn, 4, () => {});
    box.push(enc.encode("abcd"));
    equal(box.push(enc.encode("e")), false);
    equal(box.lastWords(enc.encode("! bye\n")), true);
    equal(box.queuedBytes, 6);
    await box.drain();
    deepEqual(conn.writes, ["! bye\n"]);
  },
);

/** A connection that records the buffers it was given and completes each write when told. */
class HeldConn {
  readonly buffers: Uint8Array[] = [];
  readonly #pending: (() => void)[] = [];
  write(bytes: Uint8Array): Promise<number> {
    this.buffers.push(bytes);
    return new Promise((resolve) => this.#pending.push(() => resolve(bytes.length)));
  }
  finishWrites(): void {
    for (const finish of this.#pending.splice(0)) finish();
  }
}

Deno.test({
  name: "outbox: recipients of the same lines in one turn share one joined buffer",
  permissions: "none",
}, async () => {
  const conns = [new HeldConn(), new HeldConn(), new HeldConn()];
  const boxes = conns.map((c) => new Outbox(c, 1024, () => {}));
  const lines = [enc.encode("one\n"), enc.encode("two\n")];
  for (const line of lines) for (const box of boxes) box.push(line);
  await Promise.resolve();
  const [a, b, c] = conns.map((conn) => conn.buffers[0]);
  equal(dec.decode(a), "one\ntwo\n");
  equal(b, a);
  equal(c, a);
  for (const conn of conns) conn.finishWrites();
  await Promise.all(boxes.map((box) => box.drain()));
});

Deno.test({
  name: "outbox: lines queued while a write is under way leave together after it",
  permissions: "none",
}, async () => {
  const conn = new HeldConn();
  const box = new Outbox(conn, 1024, () => {});
  box.push(enc.encode("first\n"));
  await Promise.resolve();
  box.push(enc.encode("second\n"));
  box.push(enc.encode("third\n"));
  equal(box.queuedBytes, 19);
  conn.finishWrites();
  await new Promise((resolve) => setTimeout(resolve, 0));
  deepEqual(conn.buffers.map((b) => dec.decode(b)), ["first\n", "second\nthird\n"]);
  conn.finishWrites();
  await box.drain();
  equal(box.queuedBytes, 0);
});
