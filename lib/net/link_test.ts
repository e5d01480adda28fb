// The close protocol both programs share, on a mock connection and a fake clock: what reaches
// the wire (FIN or RST), and how each ending is reported, once.
import { deepEqual, equal } from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import { DRAIN_MS, FAREWELL_MS, fixedReadTarget, LINGER_MS, Link, type LinkEnd } from "./link.ts";

const decoder = new TextDecoder();

/** A link with an owner that records what it is told; `drain` is what the owner's queue does. */
function setUp(drain: () => Promise<void> = () => Promise.resolve()) {
  const clock = new FakeClock();
  const start = clock.now();
  const conn = new MockConn();
  const told: string[] = [];
  const ends: LinkEnd[] = [];
  const link = new Link(
    conn,
    {
      onData: (bytes) => told.push(`data ${decoder.decode(bytes)}`),
      onFin: () => told.push("fin"),
      onPeerGone: (how) => told.push(`gone ${how}`),
      onFinSent: () => told.push(`FIN sent at ${clock.now() - start}`),
      drain,
      onEnd: (end) => ends.push(end),
    },
    fixedReadTarget(64),
    clock,
  );
  link.start();
  return { clock, conn, told, ends, link };
}

/** A drain that never completes: the peer stopped reading. */
const stuck = () => new Promise<void>(() => {});

Deno.test("link: the peer's FIN first: the owner is told, our FIN follows, no RST", async () => {
  const { clock, conn, told, ends } = setUp();
  conn.peerSends("bye\n");
  conn.peerFin();
  await clock.tick(0);
  deepEqual(told, ["data bye\n", "fin", "gone fin"]);
  deepEqual(ends, [{ by: "peer", how: "fin" }]);
  equal(conn.closeWriteCalled, false, "close() itself sends our FIN, all being read");
  equal(conn.wireEnd, "fin");
});

Deno.test("link: an RST while open is reported at once, as a reset", async () => {
  const { clock, conn, told, ends } = setUp();
  conn.peerReset();
  await clock.tick(0);
  deepEqual(told, ["gone reset"]);
  equal(ends.length, 1);
  equal(ends[0].by === "peer" && ends[0].how === "reset" && ends[0].error.kind, "reset");
  equal(conn.closed, true);
});

Deno.test("link: close sends what is queued, then FIN, and reads until the peer's FIN", async () => {
  let queueOut = () => {};
  const { clock, conn, told, ends, link } = setUp(() => new Promise((r) => queueOut = r));
  const closing = link.close();
  equal(link.phase, "closing");
  await clock.tick(100);
  equal(conn.closeWriteCalled, false, "no FIN while bytes are still queued");
  queueOut();
  await clock.tick(0);
  equal(conn.closeWriteCalled, true, "our FIN, once the queue is out");
  // The peer had not seen our FIN yet: its late line is read (the owner decides what to do with
  // it) instead of being left unread, which would turn our close into an RST.
  conn.peerSends("late\n");
  await clock.tick(LINGER_MS / 2);
  equal(conn.closed, false, "still waiting for the peer's FIN");
  conn.peerFin();
  deepEqual(await closing, { by: "us", how: "fin", answer: "fin" });
  deepEqual(told, ["FIN sent at 100", "data late\n", "fin"]);
  equal(ends.length, 1);
  equal(conn.wireEnd, "fin");
});

Deno.test("link: a peer that never answers our FIN is let go after the linger bound", async () => {
  const { clock, conn, told, ends, link } = setUp();
  void link.close();
  await clock.tick(0);
  deepEqual(told, ["FIN sent at 0"], "the owner hears of our FIN when it leaves, not at release");
  await clock.tick(LINGER_MS - 1);
  equal(conn.closed, false);
  await clock.tick(1);
  equal(conn.closed, true);
  deepEqual(ends, [{ by: "us", how: "fin", answer: "none" }]);
  equal(conn.wireEnd, "fin");
});

Deno.test("link: a shorter linger can be asked for (a stop must feel immediate)", async () => {
  const { clock, conn, link } = setUp();
  void link.close(300);
  await clock.tick(300);
  equal(conn.closed, true);
});

Deno.test("link: queued bytes that cannot leave are discarded after the drain bound; no FIN", async () => {
  const { clock, conn, told, ends, link } = setUp(stuck);
  void link.close();
  await clock.tick(DRAIN_MS - 1);
  equal(conn.closed, false);
  await clock.tick(1);
  deepEqual(ends, [{ by: "us", how: "discarded" }]);
  equal(conn.closeWriteCalled, false, "a FIN cannot follow unsent bytes");
  deepEqual(told, [], "no FIN was sent");
  equal(conn.closed, true);
});

Deno.test("link: an RST in answer to our FIN is reported with the close", async () => {
  const { clock, conn, ends, link } = setUp();
  const closing = link.close();
  await clock.tick(0);
  conn.peerReset();
  const end = await closing;
  equal(end.by === "us" && end.how === "fin" && end.answer, "reset");
  equal(ends.length, 1);
});

Deno.test("link: drop gives the last words a short farewell, then releases at once", async () => {
  const { clock, conn, ends, link } = setUp(stuck);
  void link.drop();
  await clock.tick(FAREWELL_MS - 1);
  equal(conn.closed, false);
  await clock.tick(1);
  deepEqual(ends, [{ by: "us", how: "dropped" }]);
  equal(conn.closeWriteCalled, false);
});

Deno.test("link: a failed write breaks the link at once, whatever else is under way", async () => {
  const { clock, conn, told, ends, link } = setUp(stuck);
  void link.close();
  link.fail(new Deno.errors.BrokenPipe("Broken pipe (os error 32)"));
  await clock.tick(0);
  equal(ends.length, 1);
  equal(ends[0].how, "reset");
  deepEqual(told, [], "the owner hears of a peer gone only while the link was open");
  equal(conn.closed, true);
});

Deno.test("link: each ending is reported once, however many ways it ends at once", async () => {
  const { clock, conn, ends, link } = setUp();
  void link.close();
  void link.drop();
  conn.peerFin();
  conn.peerReset();
  link.fail(new Error("late"));
  await clock.tick(LINGER_MS);
  equal(ends.length, 1);
  deepEqual(await link.close(), ends[0], "closing again gives the same end");
});
