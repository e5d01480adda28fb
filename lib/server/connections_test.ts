// A whole server edge on mock connections and a fake clock: admission, the chat's login timeout
// (the machine's own timer, performed by the hub), how each ending is logged, and a stop.
import { deepEqual, equal, match } from "node:assert/strict";
import { LINGER_MS } from "../net/link.ts";
import { EdgeHarness } from "../../testing/edge.ts";

const lines = (text: string) => text.split("\n").slice(0, -1);

Deno.test("connections: a chat connection without an ID is dropped when the login timeout runs out", async () => {
  const edge = new EdgeHarness(["--login-timeout", "30"]);
  const silent = edge.connect();
  const alice = edge.connect();
  await edge.clock.tick(10_000);
  alice.peerSends("alice\n");
  await edge.clock.tick(19_999);
  equal(silent.closed, false, "not before its time");
  await edge.clock.tick(1);
  equal(lines(silent.writtenText).at(-1), "! login-timeout: No ID within 30 s; disconnecting.");
  equal(silent.closed, true);
  equal(silent.wireEnd, "fin");
  deepEqual(edge.logged("WARN"), ["[WARN] #1 127.0.0.1:50001 disconnected: no ID within 30 s"]);
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 dropped by server: no ID within 30 s after 30.0 s (1 connected)",
  ]);
  // A user who chose an ID in time stays, however long after.
  await edge.clock.tick(60_000);
  alice.peerSends("4\n");
  await edge.settle();
  equal(alice.closed, false);
  match(lines(alice.writtenText).at(-2)!, /^\* who: 1 user online: alice \(you\)/);
  await edge.stop();
});

Deno.test("connections: the login timeout is the chat's: echo and broadcast have none", async () => {
  for (const mode of ["echo", "broadcast"]) {
    const edge = new EdgeHarness(["--mode", mode, "--login-timeout", "1"]);
    const peer = edge.connect();
    await edge.clock.tick(60_000);
    equal(peer.closed, false, mode);
    await edge.stop();
  }
});

Deno.test("connections: one more than --max-clients is told the server is full and closed with a FIN", async () => {
  const edge = new EdgeHarness(["--mode", "echo", "--max-clients", "1"]);
  const first = edge.connect();
  const second = edge.connect();
  await edge.settle();
  equal(second.writtenText, "! full: The server is full (1 clients). Try again later.\n");
  second.peerFin();
  await edge.settle();
  equal(second.wireEnd, "fin");
  first.peerFin();
  await edge.settle();
  const third = edge.connect();
  third.peerSends("in\n");
  await edge.settle();
  equal(third.writtenText, "in\n", "the refused one took no place");
  deepEqual(edge.logged("DISCONNECT").map((l) => l.replace(/127\.0\.0\.1:\d+ /, "")), [
    "[DISCONNECT] #2 closed by server (FIN): server full (1 clients) after 0.0 s (1 connected)",
    "[DISCONNECT] #1 closed by peer (FIN) after 0.0 s (0 connected)",
  ]);
  await edge.stop();
});

Deno.test("connections: past what the descriptor limit leaves room for, newcomers are told and closed", async () => {
  // Room for 3 connections, --max-clients 2: a refusal may linger in the third, not beyond.
  const edge = new EdgeHarness(["--mode", "echo", "--max-clients", "2"], 3);
  edge.connect();
  edge.connect();
  const third = edge.connect();
  await edge.settle();
  equal(third.writtenText, "! full: The server is full (2 clients). Try again later.\n");
  equal(third.closed, false, "a clean refusal waits for the peer's FIN");
  const fourth = edge.connect();
  await edge.settle();
  equal(fourth.writtenText, "! full: The server is full (2 clients). Try again later.\n");
  equal(fourth.closed, true, "no room to wait: closed as soon as told");
  equal(fourth.wireEnd, "fin");
  deepEqual(edge.logged("CONNECT").slice(2).map((l) => l.replace(/127\.0\.0\.1:\d+ /, "")), [
    "[CONNECT] New client #3 refused: server full (2 clients)",
    "[CONNECT] New client #4 refused: out of file descriptors (room for 3 connections)",
  ]);
  third.peerFin();
  await edge.stop();
});

Deno.test("connections: fewer descriptors than --max-clients make fewer clients fit", async () => {
  const edge = new EdgeHarness(["--mode", "echo"], 2);
  equal(edge.connections.capacity, 2);
  edge.connect();
  edge.connect();
  const third = edge.connect();
  await edge.settle();
  equal(third.writtenText, "! full: The server is full (2 clients). Try again later.\n");
  equal(third.wireEnd, "fin");
  await edge.stop();
});

Deno.test("connections: a peer whose machine stopped answering is logged as timed out", async () => {
  const edge = new EdgeHarness([]);
  const [alice, bob] = await edge.privateChat("alice", "bob");
  await edge.clock.tick(90_000);
  alice.peerTimesOut();
  await edge.settle();
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 timed out: its machine stopped answering " +
    "(no ACK to keep-alive probes or data) after 90.0 s (1 connected)",
  ]);
  match(bob.writtenText, /\n\* chat-ended alice: alice lost the connection \(no answer\)\.\n/);
  await edge.stop();
});

Deno.test("connections: a peer that resets is logged as an RST, with how long it stayed", async () => {
  const edge = new EdgeHarness(["--mode", "broadcast"]);
  const a = edge.connect();
  edge.connect();
  await edge.clock.tick(1500);
  a.peerReset();
  await edge.settle();
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 reset by peer (RST) after 1.5 s (1 connected)",
  ]);
  await edge.stop();
});

Deno.test("connections: a stop tells every client, closes each with a FIN, and sums up", async () => {
  const edge = new EdgeHarness(["--mode", "broadcast"]);
  const a = edge.connect();
  const b = edge.connect();
  a.peerSends("hello\n");
  await edge.settle();
  const stopping = edge.connections.closeAll();
  await edge.settle();
  for (const peer of [a, b]) {
    equal(lines(peer.writtenText).at(-1), "* stopping: The server is shutting down. Goodbye.");
    equal(peer.closeWriteCalled, true);
    peer.peerFin();
  }
  await stopping;
  deepEqual([a.wireEnd, b.wireEnd], ["fin", "fin"]);
  equal(
    edge.connections.summary(),
    "uptime 0.0 s, 2 clients served, 1 line received, 1 relayed, 3 sent",
  );
});

Deno.test("connections: the log counts connections, the welcome counts users who chose an ID", async () => {
  const edge = new EdgeHarness([]);
  const alice = edge.connect();
  alice.peerSends("alice\n");
  await edge.settle();
  edge.connect(); // connected, still choosing an ID
  const third = edge.connect();
  await edge.settle();
  // Two others are connected; only alice can be asked for a chat, so only she counts as online.
  equal(
    lines(third.writtenText)[0],
    "* welcome: Welcome to tcpchat (chat mode). 1 other user online.",
  );
  equal(edge.logged("CONNECT").at(-1), "[CONNECT] New client #3 127.0.0.1:50003 (3 connected)");
  await edge.stop();
});

Deno.test("connections: an empty line's [RECV] says what it is", async () => {
  const edge = new EdgeHarness(["--mode", "echo"]);
  const peer = edge.connect();
  peer.peerSends("\n");
  await edge.settle();
  peer.peerSends("hi\r\n");
  await edge.settle();
  peer.peerSends("\r\n");
  await edge.settle();
  peer.peerSends("ab\x7f\x7f\n");
  await edge.settle();
  deepEqual(edge.logged("RECV"), [
    '[RECV] #1 127.0.0.1:50001 1 bytes: "" (an empty line: Enter alone)' +
    " (line client: a newline ends each message)",
    '[RECV] #1 127.0.0.1:50001 4 bytes: "hi"',
    '[RECV] #1 127.0.0.1:50001 2 bytes: "" (an empty line: Enter alone)',
    '[RECV] #1 127.0.0.1:50001 5 bytes: "" (an empty line: what was typed was erased)',
  ]);
  await edge.stop();
});

Deno.test("connections: [DISCONNECT] is logged when the server's FIN leaves, not after the linger", async () => {
  const edge = new EdgeHarness([]);
  const alice = edge.connect();
  alice.peerSends("alice\n2\n");
  await edge.settle();
  equal(alice.closeWriteCalled, true, "our FIN left");
  equal(alice.closed, false, "the socket waits for alice's FIN");
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 closed by server (FIN): user chose exit after 0.0 s (0 connected)",
  ]);
  await edge.clock.tick(LINGER_MS);
  equal(alice.closed, true);
  equal(edge.logged("DISCONNECT").length, 1, "logged once");
  // The lingering socket still counts against --max-clients, but is no longer connected.
  const bob = edge.connect();
  await edge.settle();
  deepEqual(edge.logged("CONNECT").at(-1), "[CONNECT] New client #2 127.0.0.1:50002 (1 connected)");
  bob.peerFin();
  await edge.stop();
});

Deno.test("connections: the peer's FIN is logged when it comes, even while its last lines wait", async () => {
  const edge = new EdgeHarness(["--mode", "echo"]);
  const peer = edge.connect();
  peer.stopReading();
  peer.peerSends("echo me\n");
  await edge.settle();
  peer.peerFin();
  await edge.clock.tick(1500);
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 closed by peer (FIN) after 0.0 s (0 connected)",
  ]);
  equal(peer.closed, false, "its echo still has time to leave");
  peer.resumeReading();
  await edge.settle();
  equal(peer.writtenText, "echo me\n");
  await edge.stop();
});
