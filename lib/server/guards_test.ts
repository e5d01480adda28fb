// The guards at work in a whole server edge on mock connections and a fake clock: flood control,
// the per-address limit and the idle deadline, as the peers and the log see them.
import { deepEqual, equal } from "node:assert/strict";
import { EdgeHarness } from "../../testing/edge.ts";

const lines = (text: string) => text.split("\n").slice(0, -1);

Deno.test("guards: a flood is refused past its burst, with one notice; the rate is on the clock", async () => {
  const edge = new EdgeHarness(["--mode", "broadcast", "--flood-rate", "5", "--flood-burst", "3"]);
  const flooder = edge.connect();
  const other = edge.connect();
  flooder.peerSends(Array.from({ length: 20 }, (_, i) => `spam ${i}\n`).join(""));
  await edge.settle();
  deepEqual(lines(other.writtenText), [0, 1, 2].map((i) => `[127.0.0.1:50001] spam ${i}`));
  deepEqual(lines(flooder.writtenText), [
    "! flood: Slow down: at most 5 lines a second (3 at once); extra lines were dropped.",
  ]);
  deepEqual(edge.logged("WARN"), [
    "[WARN] #1 127.0.0.1:50001 is flooding: lines over 5/s are dropped",
  ]);
  // A second later five lines' worth came back: the next line passes.
  await edge.clock.tick(1000);
  flooder.peerSends("calm again\n");
  await edge.settle();
  equal(lines(other.writtenText).at(-1), "[127.0.0.1:50001] calm again");
  await edge.stop();
  equal(edge.connections.summary().endsWith(", 17 refused by flood control"), true);
});

Deno.test("guards: a client that keeps flooding is dropped, told why; its partners learn it left", async () => {
  const edge = new EdgeHarness([
    ...["--flood-rate", "1", "--flood-burst", "5", "--flood-drop-after", "10"],
  ]);
  const [alice, bob] = await edge.privateChat("alice", "bob");
  // Ten lines a second, on and on: dropped once the flood has lasted 5 s.
  for (let s = 0; s < 10 && !alice.closed; s++) {
    alice.peerSends(Array.from({ length: 10 }, (_, i) => `spam ${s}.${i}\n`).join(""));
    await edge.clock.tick(1000);
  }
  equal(alice.closed, true, "dropped");
  equal(
    lines(alice.writtenText).at(-1),
    "! flood: You kept sending more than 1 lines a second for 5 s; disconnecting.",
    "its last words say why",
  );
  equal(
    lines(bob.writtenText).includes("* chat-ended alice: alice was disconnected by the server."),
    true,
  );
  const why = "flooding (over 1 lines/s for 5 s, at least 10 refused)";
  deepEqual(edge.logged("WARN").at(-1), `[WARN] #1 127.0.0.1:50001 alice disconnected: ${why}`);
  const lastWords = edge.logged("SEND").filter((l) => l.startsWith("[SEND] #1 ")).at(-1);
  equal(
    lastWords?.replace(/ \d+ bytes:/, ""),
    `[SEND] #1 127.0.0.1:50001 alice "! flood: You kept sending more than 1 lines a second for 5 s; disconnecting."`,
  );
  deepEqual(edge.logged("DISCONNECT"), [
    `[DISCONNECT] #1 127.0.0.1:50001 dropped by server: ${why} after 5.0 s (1 connected)`,
  ]);
  await edge.stop();
});

Deno.test("guards: a big paste costs its extra lines, never the connection", async () => {
  const edge = new EdgeHarness([]);
  const [alice, bob] = await edge.privateChat("alice", "bob");
  // 1000 lines in one read, then 1000 more over the next half second: far past --flood-drop-after.
  alice.peerSends(Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join(""));
  for (let i = 0; i < 10; i++) {
    await edge.clock.tick(50);
    alice.peerSends(Array.from({ length: 100 }, (_, k) => `more ${i}.${k}\n`).join(""));
  }
  await edge.clock.tick(3000);
  alice.peerSends("still here?\n");
  await edge.settle();
  equal(alice.closed, false, "still connected");
  equal(lines(bob.writtenText).at(-1), "<alice> still here?");
  const relayed = lines(bob.writtenText).filter((l) => /^<alice> (line|more) /.test(l)).length;
  equal(relayed >= 37 && relayed < 60, true, `the burst and the rate let ${relayed} through`);
  equal(lines(alice.writtenText).filter((l) => l.startsWith("! flood: ")).length, 1, "told once");
  await edge.stop();
});

Deno.test("guards: one connection over the per-address limit is refused with a line and a FIN", async () => {
  const edge = new EdgeHarness(["--mode", "echo", "--max-per-ip", "2"]);
  const first = edge.connect("10.0.0.1");
  edge.connect("10.0.0.1");
  const third = edge.connect("10.0.0.1");
  const elsewhere = edge.connect("10.0.0.2");
  await edge.settle();
  equal(
    third.writtenText,
    "! too-many-from-ip: Too many connections from your address (at most 2). Close one and try again.\n",
  );
  equal(third.closeWriteCalled, true);
  third.peerFin();
  await edge.settle();
  equal(third.wireEnd, "fin");
  deepEqual(edge.logged("CONNECT").map((l) => l.replace(/:\d+/, "")), [
    "[CONNECT] New client #1 10.0.0.1 (1 connected)",
    "[CONNECT] New client #2 10.0.0.1 (2 connected)",
    "[CONNECT] New client #3 10.0.0.1 refused: too many connections from 10.0.0.1 (2)",
    "[CONNECT] New client #4 10.0.0.2 (3 connected)",
  ]);
  elsewhere.peerSends("unaffected\n");
  first.peerFin();
  await edge.settle();
  equal(elsewhere.writtenText, "unaffected\n");
  const again = edge.connect("10.0.0.1");
  again.peerSends("room again\n");
  await edge.settle();
  equal(again.writtenText, "room again\n", "a place from that address was freed");
  await edge.stop();
});

Deno.test("guards: a client silent for the idle timeout is told and dropped; talkers stay", async () => {
  const edge = new EdgeHarness(["--mode", "echo", "--idle-timeout", "5"]);
  const silent = edge.connect();
  const talker = edge.connect();
  for (let t = 0; t < 4; t++) {
    await edge.clock.tick(2000);
    talker.peerSends(`still here ${t}\n`);
    await edge.settle();
    if (t === 1) equal(silent.writtenText, "", "4 s of silence is not 5");
  }
  equal(silent.writtenText, "! idle: Nothing sent for 5 s; disconnecting.\n");
  equal(silent.closed, true);
  equal(talker.closed, false);
  equal(lines(talker.writtenText).length, 4);
  deepEqual(edge.logged("WARN"), ["[WARN] #1 127.0.0.1:50001 disconnected: idle for 5 s"]);
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 dropped by server: idle for 5 s after 5.0 s (1 connected)",
  ]);
  await edge.stop();
});

Deno.test("guards: the idle deadline counts from the last thing a client sent", async () => {
  const edge = new EdgeHarness(["--mode", "echo", "--idle-timeout", "5"]);
  const peer = edge.connect();
  await edge.clock.tick(4000);
  peer.peerSends("x\n");
  await edge.clock.tick(4999);
  equal(peer.writtenText, "x\n");
  await edge.clock.tick(1);
  equal(peer.writtenText, "x\n! idle: Nothing sent for 5 s; disconnecting.\n");
  await edge.stop();
});

Deno.test("guards: without --idle-timeout nobody is dropped for silence", async () => {
  const edge = new EdgeHarness(["--mode", "echo"]);
  const peer = edge.connect();
  await edge.clock.tick(7 * 24 * 3600 * 1000);
  equal(peer.closed, false);
  deepEqual(edge.logged("WARN"), []);
  await edge.stop();
});
