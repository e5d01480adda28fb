// The server's operator on a whole edge (mock connections, a fake clock): who, say and kick in
// every mode, with what each user reads, how each connection ends, and what the log says.
import { deepEqual, equal } from "node:assert/strict";
import { EdgeHarness } from "../../testing/edge.ts";
import type { MockConn } from "../../testing/mock_conn.ts";
import { quote } from "./logger.ts";

const lines = (peer: MockConn) => peer.writtenText.split("\n").slice(0, -1);

/** A chat with alice and bob in a private chat, carol in the room, and a connection without ID. */
async function chatEdge() {
  const edge = new EdgeHarness([]);
  const [alice, bob, carol, nameless] = [
    edge.connect(),
    edge.connect(),
    edge.connect(),
    edge.connect(),
  ];
  for (
    const [peer, text] of [
      [alice, "alice"],
      [bob, "bob"],
      [carol, "carol"],
      [alice, "1"],
      [alice, "bob"],
      [bob, "y"],
      [carol, "3"],
    ] as const
  ) {
    peer.peerSends(text + "\n");
    await edge.settle();
  }
  return { edge, alice, bob, carol, nameless };
}

Deno.test("operator: who lists every connection with its ID, place and time connected", async () => {
  const { edge } = await chatEdge();
  await edge.clock.tick(65_000);
  const who = edge.connections.operator.who();
  deepEqual(who.map((c) => [c.conn, c.peer, c.id, c.where, c.connectedMs]), [
    [1, "127.0.0.1:50001", "alice", "chatting with bob", 65_000],
    [2, "127.0.0.1:50002", "bob", "chatting with alice", 65_000],
    [3, "127.0.0.1:50003", "carol", "in the common room", 65_000],
    [4, "127.0.0.1:50004", undefined, "choosing an ID", 65_000],
  ]);
  await edge.stop();
});

Deno.test("operator: say reaches every connection, with or without an ID, logged once each", async () => {
  const { edge, alice, bob, carol, nameless } = await chatEdge();
  equal(edge.connections.operator.say("The lab ends in 10 minutes \x1b[2J"), 4);
  await edge.settle();
  for (const peer of [alice, bob, carol, nameless]) {
    equal(lines(peer).at(-1), "* operator: The lab ends in 10 minutes ^[[2J");
  }
  // The log quotes it as it quotes every line (logger.ts).
  deepEqual(edge.logged("INFO"), [
    `[INFO] console: say ${quote("The lab ends in 10 minutes \x1b[2J")} to 4 connections`,
  ]);
  equal(
    edge.logged("SEND").filter((l) => l.endsWith('"* operator: The lab ends in 10 minutes ^[[2J"'))
      .length,
    4,
  );
  await edge.stop();
});

Deno.test("operator: kick tells the user why, closes with a FIN, and tells the partner", async () => {
  const { edge, alice, bob } = await chatEdge();
  const done = edge.connections.operator.kick({ kind: "id", id: "ALICE" }, "spamming bob");
  deepEqual(done, { ok: true, who: "#1 127.0.0.1:50001 alice" });
  await edge.settle();
  equal(lines(alice).at(-1), "! kicked: The server's operator disconnected you: spamming bob");
  equal(alice.closeWriteCalled, true, "our FIN went");
  deepEqual(lines(bob).slice(-2), [
    "* chat-ended alice: alice was disconnected by the server.",
    "? menu: 1) private chat  2) exit  3) common room  4) who is online",
  ]);
  alice.peerFin();
  await edge.settle();
  equal(alice.wireEnd, "fin");
  deepEqual(edge.logged("INFO"), [
    "[INFO] #1 127.0.0.1:50001 alice kicked from the console: spamming bob",
  ]);
  deepEqual(edge.logged("DISCONNECT"), [
    "[DISCONNECT] #1 127.0.0.1:50001 closed by server (FIN): kicked from the console: spamming bob after 0.0 s (3 connected)",
  ]);
  // bob is free again: the chat forgot alice.
  equal(edge.connections.operator.who().find((c) => c.id === "bob")?.where, "in the menu");
  await edge.stop();
});

Deno.test("operator: kicking a room member tells the room; kick by #N works without an ID", async () => {
  const { edge, alice, carol, nameless } = await chatEdge();
  // alice and bob leave their chat and join carol in the room.
  alice.peerSends("exit()\n");
  await edge.settle();
  alice.peerSends("3\n");
  await edge.settle();
  deepEqual(edge.connections.operator.kick({ kind: "conn", conn: 3 }, ""), {
    ok: true,
    who: "#3 127.0.0.1:50003 carol",
  });
  await edge.settle();
  equal(lines(carol).at(-1), "! kicked: The server's operator disconnected you.");
  equal(lines(alice).at(-1), "* left carol: carol left the room.");
  equal(edge.connections.operator.kick({ kind: "conn", conn: 4 }, "no ID").ok, true);
  await edge.settle();
  equal(lines(nameless).at(-1), "! kicked: The server's operator disconnected you: no ID");
  equal(nameless.closeWriteCalled, true);
  await edge.stop();
});

Deno.test("operator: a kick that names nobody connected is refused with one line", async () => {
  const { edge, alice } = await chatEdge();
  const operator = edge.connections.operator;
  deepEqual(operator.kick({ kind: "id", id: "zed" }, ""), {
    ok: false,
    problem: 'no user "zed" is connected (who lists them)',
  });
  deepEqual(operator.kick({ kind: "conn", conn: 9 }, ""), {
    ok: false,
    problem: "no connection #9 is open (who lists them)",
  });
  operator.kick({ kind: "id", id: "alice" }, "");
  deepEqual(operator.kick({ kind: "conn", conn: 1 }, "again"), {
    ok: false,
    problem: "no connection #1 is open (who lists them)",
  }, "a connection being closed is not kicked twice");
  alice.peerFin();
  await edge.settle();
  equal(edge.logged("INFO").length, 1);
  await edge.stop();
});

Deno.test("operator: broadcast and echo modes list, tell and kick by #N", async () => {
  for (const mode of ["broadcast", "echo"]) {
    const edge = new EdgeHarness(["--mode", mode]);
    const first = edge.connect();
    const second = edge.connect();
    await edge.settle();
    const operator = edge.connections.operator;
    deepEqual(operator.who().map((c) => [c.conn, c.id, c.where]), [[1, undefined, undefined], [
      2,
      undefined,
      undefined,
    ]], mode);
    operator.say("hi");
    await edge.settle();
    equal(first.writtenText, "* operator: hi\n", mode);
    deepEqual(operator.kick({ kind: "id", id: "alice" }, ""), {
      ok: false,
      problem: "no IDs in this mode: kick by number, e.g. kick #1 (see who)",
    });
    equal(operator.kick({ kind: "conn", conn: 2 }, "bye").ok, true);
    await edge.settle();
    equal(
      second.writtenText,
      "* operator: hi\n! kicked: The server's operator disconnected you: bye\n",
      mode,
    );
    equal(second.closeWriteCalled, true, mode);
    // The kicked client is gone from the mode: a line from the first reaches nobody.
    first.peerSends("anyone?\n");
    await edge.settle();
    equal(second.writtenText.includes("anyone?"), false, mode);
    await edge.stop();
  }
});

Deno.test("operator: a kick's reason reaches the user's terminal made harmless, as chat text does", async () => {
  const { edge, alice } = await chatEdge();
  edge.connections.operator.kick({ kind: "id", id: "alice" }, "bye\x1b[2J\x07 \u202eevil\u2028x");
  await edge.settle();
  equal(
    lines(alice).at(-1),
    "! kicked: The server's operator disconnected you: bye^[[2J^G \uFFFDevil\uFFFDx",
  );
  equal(
    edge.logged("INFO").at(-1),
    "[INFO] #1 127.0.0.1:50001 alice kicked from the console: bye\\u001b[2J\\u0007 \\u202eevil\\u2028x",
  );
  await edge.stop();
});
