// The client's connection on a mock socket and a fake clock: lines in and out, and every way it
// ends, with the ending the user is told.
import { deepEqual, equal } from "node:assert/strict";
import type { Framed } from "../core/line_framer.ts";
import { DRAIN_MS, LINGER_MS } from "../net/link.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import { lineReceiver, ServerConnection } from "./connection.ts";
import type { ConnectionEnd } from "./texts.ts";

function setUp(maxLineBytes = 64) {
  const clock = new FakeClock();
  const conn = new MockConn({ hostname: "127.0.0.1", port: 3333 }, 53_278);
  const received: string[] = [];
  const connection = new ServerConnection(
    conn,
    lineReceiver(maxLineBytes, (items: readonly Framed[]) => {
      for (const item of items) received.push(item.kind === "line" ? item.text : item.kind);
    }),
    clock,
  );
  let end: ConnectionEnd | undefined;
  void connection.ended.then((e) => end = e);
  return { clock, conn, connection, received, ended: () => end };
}

Deno.test("client connection: names both ends as Wireshark does", () => {
  const { connection } = setUp();
  equal(connection.local, "127.0.0.1:53278");
  equal(connection.remote, "127.0.0.1:3333");
});

Deno.test("client connection: lines go out with LF, one write per send", async () => {
  const { clock, conn, connection } = setUp();
  await connection.send(["alice", "1"]);
  await clock.tick(0);
  deepEqual(conn.writes.map((w) => new TextDecoder().decode(w)), ["alice\n1\n"]);
  equal(connection.unsentBytes, 0);
});

Deno.test("client connection: the server's FIN ends it cleanly, with its last line shown", async () => {
  const { clock, conn, connection, received, ended } = setUp();
  conn.peerSends("* bye alice: Bye!\nno newline");
  conn.peerFin();
  await clock.tick(0);
  deepEqual(received, ["* bye alice: Bye!", "no newline"]);
  deepEqual(ended(), { by: "server" });
  equal(connection.isOpen, false);
  equal(conn.wireEnd, "fin", "we answered with our own FIN");
});

Deno.test("client connection: an RST is a lost connection", async () => {
  const { clock, conn, ended } = setUp();
  conn.peerReset();
  await clock.tick(0);
  deepEqual(ended(), {
    by: "lost",
    reason: "reset",
    detail: "Connection reset by peer (os error 104)",
  });
});

Deno.test("client connection: closing sends FIN after what was sent, and reads until the server's FIN", async () => {
  const { clock, conn, connection, received, ended } = setUp();
  void connection.send(["2"]);
  const closing = connection.close();
  await clock.tick(0);
  equal(conn.writtenText, "2\n");
  equal(conn.closeWriteCalled, true);
  // What the server still sends after our FIN is the server's: the user sees it.
  conn.peerSends("* bye: Bye!\n");
  await clock.tick(0);
  deepEqual(received, ["* bye: Bye!"]);
  equal(ended(), undefined, "waiting for the server's FIN");
  conn.peerFin();
  deepEqual(await closing, { by: "client" });
  equal(conn.wireEnd, "fin");
});

Deno.test("client connection: a server that never answers our FIN is let go after the linger", async () => {
  const { clock, conn, connection, ended } = setUp();
  void connection.close();
  await clock.tick(LINGER_MS - 1);
  equal(conn.closed, false);
  await clock.tick(1);
  deepEqual(ended(), { by: "client" });
});

Deno.test("client connection: a close behind a server that stopped reading gives up after the drain bound", async () => {
  const { clock, conn, connection, ended } = setUp();
  conn.stopReading();
  void connection.send(["a line the server never reads"]);
  void connection.close();
  await clock.tick(DRAIN_MS - 1);
  equal(ended(), undefined);
  await clock.tick(1);
  deepEqual(ended(), { by: "stalled" });
  equal(conn.closeWriteCalled, false, "no FIN can follow unsent bytes");
  equal(conn.closed, true);
});

Deno.test("client connection: a write that fails means the server never got it: lost", async () => {
  const { clock, conn, connection, ended } = setUp();
  conn.breakWrites();
  await connection.send(["never arrives"]);
  await clock.tick(0);
  deepEqual(ended(), { by: "lost", reason: "reset", detail: "Broken pipe (os error 32)" });
  equal(connection.isOpen, false);
  equal(connection.unsentBytes, 0);
});

Deno.test("client connection: unsent bytes pile up only while the server does not read", async () => {
  const { clock, conn, connection } = setUp();
  conn.stopReading();
  void connection.send(["12345"]);
  void connection.send(["678"]);
  await clock.tick(0);
  equal(connection.unsentBytes, 10);
  conn.resumeReading();
  await clock.tick(0);
  equal(connection.unsentBytes, 0);
  equal(conn.writtenText, "12345\n678\n");
});

Deno.test("client connection: a received line over the limit is reported, not shown", async () => {
  const { clock, conn, received } = setUp(8);
  conn.peerSends("far too long a line\nok\n");
  await clock.tick(0);
  deepEqual(received, ["overflow", "ok"]);
});

Deno.test("client connection: bytes both ways as they are, for a pipe: CR, invalid UTF-8, no LF", async () => {
  const clock = new FakeClock();
  const conn = new MockConn({ hostname: "127.0.0.1", port: 3333 }, 53_278);
  const chunks: number[][] = [];
  let ended = false;
  const connection = new ServerConnection(conn, {
    data: (bytes) => chunks.push([...bytes]),
    end: () => ended = true,
  }, clock);
  const sent = new Uint8Array([0x6f, 0x6e, 0x65, 0x0d, 0x0a, 0x74, 0x0d, 0xe9, 0x74]);
  await connection.sendBytes(sent);
  await clock.tick(0);
  deepEqual([...conn.writes[0]], [...sent]);
  conn.peerSends(new Uint8Array([0x61, 0x0d, 0x62, 0x0a, 0x63, 0xe9, 0x64]));
  conn.peerFin();
  await clock.tick(0);
  deepEqual(chunks.flat(), [0x61, 0x0d, 0x62, 0x0a, 0x63, 0xe9, 0x64]);
  equal(ended, true);
});
