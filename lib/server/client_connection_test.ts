// One server-side connection on a mock socket and a fake clock: what it delivers, what reaches
// the wire, and the ending its [DISCONNECT] line will name.
import { deepEqual, equal } from "node:assert/strict";
import type { Received } from "../core/message_framer.ts";
import { DRAIN_MS, FAREWELL_MS, LINGER_MS } from "../net/link.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import { ClientConnection, type Ending } from "./client_connection.ts";

const encoder = new TextEncoder();
const PAUSE_MS = 250;

function setUp(maxQueueBytes = 1024) {
  const clock = new FakeClock();
  const conn = new MockConn({ hostname: "127.0.0.1", port: 50_001 });
  const items: string[] = [];
  const gone: string[] = [];
  const endings: Ending[] = [];
  /** When the socket was released, in ms after the start. */
  const released: number[] = [];
  const start = clock.now();
  const client = new ClientConnection(conn, 1, {
    maxLineBytes: 64,
    maxQueueBytes,
    flood: { linesPerSecond: 0, burst: 1, dropAfter: 1, dropAfterMs: 0 },
    pauseMs: PAUSE_MS,
  }, {
    onItem: (_, item: Received) => items.push(item.kind === "line" ? item.text : item.kind),
    onPeerGone: (_, cause) => gone.push(cause),
    onEnded: (_, ending) => endings.push(ending),
    onReleased: () => released.push(clock.now() - start),
  }, clock);
  client.start();
  return { clock, conn, client, items, gone, endings, released };
}

Deno.test("client connection: names its peer as Wireshark does", () => {
  const { client } = setUp();
  equal(client.peer, "127.0.0.1:50001");
  equal(client.hostname, "127.0.0.1");
});

Deno.test("client connection: a FIN from the peer delivers its last line, then ends cleanly", async () => {
  const { clock, conn, client, items, gone, endings } = setUp();
  conn.peerSends("hello\nlast words");
  conn.peerFin();
  await clock.tick(0);
  deepEqual(items, ["hello", "last words"]);
  deepEqual(gone, ["closed"]);
  deepEqual(endings, [{ by: "peer", cause: "closed" }]);
  equal(client.isOpen, false);
  equal(conn.wireEnd, "fin");
});

Deno.test("client connection: after the peer's FIN, what is queued still reaches it", async () => {
  const { clock, conn, client, endings, released } = setUp();
  conn.stopReading();
  client.send(encoder.encode("* bye\n"));
  conn.peerFin();
  await clock.tick(100);
  deepEqual(endings, [{ by: "peer", cause: "closed" }], "reported when the peer's FIN came");
  deepEqual(released, [], "the peer may still read: its last lines get their time");
  conn.resumeReading();
  await clock.tick(0);
  equal(conn.writtenText, "* bye\n");
  deepEqual(released, [100]);
});

Deno.test("client connection: an RST from the peer is a reset, and the half line is never delivered", async () => {
  const { clock, conn, items, gone, endings } = setUp();
  conn.peerSends("half a li");
  await clock.tick(0);
  conn.peerReset();
  await clock.tick(PAUSE_MS * 2);
  deepEqual(items, []);
  deepEqual(gone, ["reset"]);
  deepEqual(endings, [{ by: "peer", cause: "reset" }]);
});

Deno.test("client connection: closing sends what is queued, then FIN, then waits for the peer's FIN", async () => {
  const { clock, conn, client, items, gone, endings } = setUp();
  client.send(encoder.encode("* bye alice\n"));
  void client.closeGracefully("user chose exit");
  await clock.tick(0);
  equal(conn.writtenText, "* bye alice\n");
  equal(conn.closeWriteCalled, true);
  conn.peerSends("typed after our FIN\n");
  await clock.tick(0);
  deepEqual(items, [], "late lines are read only to keep the close clean");
  conn.peerFin();
  await client.closed;
  deepEqual(gone, [], "the session already knows: it asked for the close");
  deepEqual(endings, [{ by: "server", why: "user chose exit" }]);
  equal(conn.wireEnd, "fin");
});

Deno.test("client connection: our FIN is reported when it leaves; a silent peer is released after the linger", async () => {
  const { clock, conn, client, endings, released } = setUp();
  void client.closeGracefully("server stopping");
  await clock.tick(0);
  equal(conn.closeWriteCalled, true);
  deepEqual(
    endings,
    [{ by: "server", why: "server stopping" }],
    "at the FIN, not after the linger",
  );
  await clock.tick(LINGER_MS - 1);
  equal(conn.closed, false);
  deepEqual(released, []);
  await clock.tick(1);
  equal(conn.closed, true);
  deepEqual(released, [LINGER_MS]);
  equal(endings.length, 1);
});

Deno.test("client connection: a reset while our close waits to send is a reset, not our FIN", async () => {
  const { clock, conn, client, endings } = setUp();
  conn.stopReading();
  client.send(encoder.encode("stuck\n"));
  void client.closeGracefully("user chose exit");
  await clock.tick(100);
  conn.peerReset();
  await clock.tick(DRAIN_MS);
  deepEqual(endings, [{ by: "peer", cause: "reset" }]);
});

Deno.test("client connection: a write stuck behind a peer that stopped reading is discarded", async () => {
  const { clock, conn, client, endings } = setUp();
  conn.stopReading();
  client.send(encoder.encode("a line nobody reads\n"));
  void client.closeGracefully("server stopping");
  await clock.tick(DRAIN_MS);
  deepEqual(endings, [{ by: "server", why: "server stopping; unsent data discarded" }]);
  equal(conn.closeWriteCalled, false);
  equal(conn.closed, true);
});

Deno.test("client connection: a drop replaces what waits with the last words, briefly", async () => {
  const why = "send queue over 1024 bytes (client not reading)";
  for (const readsAgain of [true, false]) {
    const { clock, conn, client, endings } = setUp();
    conn.stopReading();
    client.send(encoder.encode("an old line\n"));
    await clock.tick(0); // handed to the socket: it stays in flight
    client.send(encoder.encode("queued behind it\n"));
    client.outbox.lastWords(encoder.encode("! too-slow: ...\n"));
    void client.drop(why);
    equal(client.isOpen, false);
    if (readsAgain) {
      conn.resumeReading();
      await clock.tick(0);
      equal(conn.writtenText, "an old line\n! too-slow: ...\n");
    } else {
      await clock.tick(FAREWELL_MS - 1);
      deepEqual(endings, [], "the last words get their farewell");
      await clock.tick(1);
    }
    deepEqual(endings, [{ by: "dropped", why }]);
    equal(conn.closed, true);
  }
});

Deno.test("client connection: a pause ends a message from a client that sends no newline", async () => {
  const { clock, conn, items } = setUp();
  conn.peerSends("alice");
  await clock.tick(PAUSE_MS - 1);
  deepEqual(items, [], "no pause yet");
  await clock.tick(1);
  deepEqual(items, ["alice"]);
  // A client whose messages end with a newline never waits for a pause.
  conn.peerSends("1\n");
  await clock.tick(0);
  deepEqual(items, ["alice", "1"]);
});

Deno.test("client connection: bytes that arrive before the pause runs out keep the message going", async () => {
  const { clock, conn, items } = setUp();
  conn.peerSends("ali");
  await clock.tick(PAUSE_MS - 50);
  conn.peerSends("ce");
  await clock.tick(PAUSE_MS - 1);
  deepEqual(items, []);
  await clock.tick(1);
  deepEqual(items, ["alice"]);
});

Deno.test("client connection: reading records when the client last spoke, on its clock", async () => {
  const { clock, conn, client } = setUp();
  const opened = client.openedAt;
  equal(client.lastReadAt, opened);
  await clock.tick(5000);
  conn.peerSends("hi\n");
  await clock.tick(0);
  equal(client.lastReadAt, opened + 5000);
});
