// The mock behaves as a real Deno TCP connection does in every case the edges rely on: the error
// classes are the ones a real socket throws (checked on loopback with Deno 2.9), and the FIN/RST
// rule is the kernel's (RFC 1122, 4.2.2.13).
import { equal, rejects } from "node:assert/strict";
import { MockConn } from "./mock_conn.ts";

const test = (name: string, fn: () => Promise<void> | void) =>
  Deno.test({ name, permissions: "none", fn });

test("mock conn: reads get what the peer sent, in order, then null at its FIN", async () => {
  const conn = new MockConn();
  const buffer = new Uint8Array(4);
  conn.peerSends("hello");
  conn.peerFin();
  equal(await conn.read(buffer), 4, "a read takes what fits");
  equal(await conn.read(buffer), 1);
  equal(await conn.read(buffer), null);
});

test("mock conn: our close interrupts a pending read; later calls find a bad resource", async () => {
  const conn = new MockConn();
  const pending = conn.read(new Uint8Array(8));
  conn.close();
  await rejects(pending, Deno.errors.Interrupted);
  await rejects(conn.read(new Uint8Array(8)), Deno.errors.BadResource);
  await rejects(conn.write(new Uint8Array(1)), Deno.errors.BadResource);
  let second: unknown;
  try {
    conn.close();
  } catch (error) {
    second = error;
  }
  equal(second instanceof Deno.errors.BadResource, true, "closing twice throws");
});

test("mock conn: after our FIN a write fails with a broken pipe", async () => {
  const conn = new MockConn();
  await conn.closeWrite();
  await rejects(conn.write(new Uint8Array(1)), Deno.errors.BrokenPipe);
});

test("mock conn: the peer's RST fails the pending read with a reset", async () => {
  const conn = new MockConn();
  const pending = conn.read(new Uint8Array(8));
  conn.peerReset();
  await rejects(pending, Deno.errors.ConnectionReset);
  conn.close();
  equal(conn.wireEnd, "rst");
});

test("mock conn: releasing with received bytes unread ends with an RST, otherwise a FIN", async () => {
  const clean = new MockConn();
  clean.peerSends("read\n");
  await clean.read(new Uint8Array(16));
  clean.close();
  equal(clean.wireEnd, "fin");
  const unread = new MockConn();
  unread.peerSends("never read\n");
  unread.close();
  equal(unread.wireEnd, "rst");
  const late = new MockConn();
  late.close();
  late.peerSends("after our close\n");
  equal(late.wireEnd, "rst", "bytes that reach a released socket are answered with an RST");
});

test("mock conn: a peer that stops reading holds our writes until it reads again", async () => {
  const conn = new MockConn();
  conn.stopReading();
  let done = false;
  const writing = conn.write(new TextEncoder().encode("x")).then((n) => (done = true, n));
  await Promise.resolve();
  equal(done, false);
  equal(conn.stalledWrites, 1);
  conn.resumeReading();
  equal(await writing, 1);
  equal(conn.writtenText, "x");
});
