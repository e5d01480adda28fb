// A line over --max-line on the whole server edge (mock peers, a fake clock): it is not read, but
// every byte of it has a [RECV] line with its count, so the log still maps to the packets, and the
// live view draws an arrow of that length; the refusal follows as before.
import { deepEqual, equal } from "node:assert/strict";
import { EdgeHarness } from "../../testing/edge.ts";
import { ROWS_MS, TrafficView } from "./web/traffic_view.ts";

const refusal = "! line-too-long: Line longer than 16 bytes; it was discarded.";
const who = "#1 127.0.0.1:50001";
const refused = [
  `[WARN] ${who} sent a line over 16 bytes; discarded`,
  `[SEND] ${who} ${refusal.length + 1} bytes: "${refusal}"`,
];

function setUp() {
  const edge = new EdgeHarness(["--mode", "echo", "--max-line", "16"]);
  const view = new TrafficView("echo", "public", {
    history: 50,
    endedRowMs: 60_000,
    maxEndedRows: 3,
  });
  edge.connections.traffic.add(view);
  return { edge, view, peer: edge.connect() };
}

Deno.test("over-long: a line that came whole has one [RECV] with all its bytes, then the refusal", async () => {
  const { edge, view, peer } = setUp();
  peer.peerSends("The quick brown fox jumps over the lazy dog\r\nok\n");
  await edge.settle();
  equal(peer.writtenText, `${refusal}\nok\n`);
  deepEqual(edge.logged("RECV"), [
    `[RECV] ${who} 45 bytes: over --max-line 16, not read: "The quick brown …"`,
    `[RECV] ${who} 3 bytes: "ok" (line client: a newline ends each message)`,
  ]);
  deepEqual(edge.log.slice(2, 4), refused, "the refusal right after its [RECV]");
  // The live view: an arrow with Len=45, and the row counts every byte in.
  const frame = view.frame(edge.clock.now() + ROWS_MS)!;
  const arrow = frame.arrows.find((a) => a.kind === "over-long")!;
  deepEqual([arrow.what, arrow.from, arrow.len, arrow.text], ["recv", 1, 45, "The quick brown …"]);
  equal(frame.rows[0].bytesIn, 48);
  await edge.stop();
});

Deno.test("over-long: a line cut into reads: what came when it was found too long, then its rest", async () => {
  const { edge, view, peer } = setUp();
  peer.peerSends("x".repeat(30));
  await edge.settle();
  equal(peer.writtenText, `${refusal}\n`, "refused at once, not at the line's end");
  peer.peerSends("y".repeat(10));
  peer.peerSends("\r"); // its LF comes in the next read, and is the CR's
  await edge.settle();
  peer.peerSends("\nbye\n");
  await edge.settle();
  deepEqual(edge.logged("RECV"), [
    `[RECV] ${who} 30 bytes: over --max-line 16, not read: "${"x".repeat(16)}…"`,
    `[RECV] ${who} 12 bytes: the rest of the line over --max-line 16, not read`,
    `[RECV] ${who} 4 bytes: "bye" (line client: a newline ends each message)`,
  ]);
  const arrows = view.frame(edge.clock.now() + ROWS_MS)!.arrows.filter((a) => a.what === "recv");
  deepEqual(arrows.map((a) => [a.kind, a.len]), [["over-long", 30], ["discarded", 12], [
    "echo",
    4,
  ]]);
  await edge.stop();
});

Deno.test("over-long: every byte has its [RECV], whether a newline, a pause or a close ends it", async () => {
  for (const [end, settle] of [["\n", 0], ["", 300], ["<FIN>", 0]] as const) {
    const { edge, peer } = setUp();
    const sent = ["a".repeat(20), "b".repeat(20), "c".repeat(5) + end];
    for (const part of sent) {
      if (part.endsWith("<FIN>")) {
        peer.peerSends(part.replace("<FIN>", ""));
        peer.peerFin();
      } else peer.peerSends(part);
      await edge.settle();
    }
    await edge.clock.tick(settle);
    const counted = edge.logged("RECV").map((l) => Number(/ (\d+) bytes: /.exec(l)![1]));
    const wire = sent.join("").replace("<FIN>", "").length;
    equal(counted.reduce((a, b) => a + b, 0), wire, `every byte of ${JSON.stringify(end)}`);
    await edge.stop();
  }
});
