import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { classifyNetError } from "./errors.ts";
import { NodeTransport } from "./node_transport.ts";

/** The part of a node socket the transport uses, played by the test: it emits what arrives. */
class FakeSocket extends EventEmitter {
  localAddress = "127.0.0.1";
  localPort = 3333;
  remoteAddress = "127.0.0.2";
  remotePort = 50_001;
  paused = false;
  ended = false;
  destroyed = false;
  readonly written: Uint8Array[] = [];
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  write(bytes: Uint8Array, done: (error?: Error | null) => void) {
    this.written.push(bytes);
    queueMicrotask(() => done(this.destroyed ? nodeError("ERR_STREAM_DESTROYED") : null));
  }
  end(done: () => void) {
    this.ended = true;
    queueMicrotask(done);
  }
  destroy() {
    this.destroyed = true;
    this.emit("close");
  }
  sends(text: string) {
    this.emit("data", new TextEncoder().encode(text));
  }
}

function nodeError(code: string): Error {
  return Object.assign(new Error(`read ${code}`), { code });
}

function transport(readAhead?: number): { fake: FakeSocket; conn: NodeTransport } {
  const fake = new FakeSocket();
  return { fake, conn: new NodeTransport(fake as unknown as Socket, readAhead) };
}

async function readText(conn: NodeTransport, size = 64): Promise<string | null> {
  const buffer = new Uint8Array(size);
  const n = await conn.read(buffer);
  return n === null ? null : new TextDecoder().decode(buffer.subarray(0, n));
}

Deno.test("node transport: bytes read in order, then the peer's FIN as null", async () => {
  const { fake, conn } = transport();
  deepEqual(conn.remoteAddr, { hostname: "127.0.0.2", port: 50_001 });
  const pending = readText(conn);
  fake.sends("hello\n");
  equal(await pending, "hello\n");
  fake.sends("one ");
  fake.sends("two\n");
  fake.emit("end");
  equal(await readText(conn, 2), "on");
  equal(await readText(conn), "e ");
  equal(await readText(conn), "two\n");
  equal(await readText(conn), null);
});

Deno.test("node transport: past the read-ahead bound the socket is paused until it is read", async () => {
  const { fake, conn } = transport(1000);
  for (let i = 0; i < 9; i++) fake.sends("x".repeat(100));
  equal(fake.paused, false);
  fake.sends("x".repeat(100));
  equal(fake.paused, true, "1,000 bytes unread: the kernel must hold the rest");
  equal(conn.bufferedBytes, 1000);
  // Reading half of it gives the peer its window back.
  for (let i = 0; i < 4; i++) await readText(conn, 100);
  equal(fake.paused, true);
  await readText(conn, 100);
  equal(fake.paused, false);
  equal(conn.bufferedBytes, 500);
});

Deno.test("node transport: a reset fails the read, after what arrived before it", async () => {
  const { fake, conn } = transport();
  fake.sends("last words");
  fake.emit("error", nodeError("ECONNRESET"));
  equal(await readText(conn), "last words");
  const error = await conn.read(new Uint8Array(8)).catch((e) => e);
  equal(classifyNetError(error).kind, "reset");
});

Deno.test("node transport: a peer that stops answering keep-alive probes is timed out", async () => {
  const { fake, conn } = transport();
  const pending = conn.read(new Uint8Array(8)).catch((e) => e);
  fake.emit("error", nodeError("ETIMEDOUT"));
  equal(classifyNetError(await pending).kind, "timed-out");
});

Deno.test("node transport: close releases the socket and fails a pending read as closed", async () => {
  const { fake, conn } = transport();
  const pending = conn.read(new Uint8Array(8)).catch((e) => e);
  conn.close();
  ok(fake.destroyed);
  equal(classifyNetError(await pending).kind, "closed");
  await rejects(conn.write(new Uint8Array(1)));
});

Deno.test("node transport: writes resolve with their length; closeWrite ends our side only", async () => {
  const { fake, conn } = transport();
  equal(await conn.write(new TextEncoder().encode("hi\n")), 3);
  await conn.closeWrite();
  ok(fake.ended);
  equal(fake.destroyed, false, "after our FIN we still read, until the peer's");
  const pending = readText(conn);
  fake.sends("bye\n");
  equal(await pending, "bye\n");
});
