// The log and the live view from one stream of traffic events, on a whole edge (mock connections,
// a fake clock): every traffic line the edge logs is written from an event, so the same events
// replayed into a fresh log write it again word for word; and the live view, listening to the same
// stream, shows each of them: a timed-out connection, a refusal at once, the operator's kick and
// say, a newline's late LF, a connection lost before it was accepted.
import { deepEqual, equal } from "node:assert/strict";
import { CapturedLog } from "../../testing/captured_log.ts";
import { EdgeHarness } from "../../testing/edge.ts";
import { Logger } from "./logger.ts";
import type { Mode } from "./options.ts";
import type { TrafficEvent } from "./traffic.ts";
import { TrafficLog } from "./traffic_log.ts";
import { TrafficView } from "./web/traffic_view.ts";
import type { Arrow, Row } from "./web/view.ts";

/** An edge with a live view's picture and a record of every event, both fed as the page is. */
function watchedEdge(args: string[], maxOpen?: number) {
  const edge = new EdgeHarness(args, maxOpen);
  const view = new TrafficView(edge.options.mode, edge.options.webText);
  const events: TrafficEvent[] = [];
  edge.connections.traffic.add(view);
  edge.connections.traffic.add({ wantsMessages: true, traffic: (e) => events.push(e) });
  /** Every row and arrow a page that opens now gets. */
  const frame = () => {
    view.frame(edge.clock.now());
    return view.snapshot();
  };
  return { edge, view, events, frame };
}

/** The log lines `events` make, each without its time, as `EdgeHarness.log` shows them. */
function replayed(events: readonly TrafficEvent[], pauseMs: number, mode: Mode): string[] {
  const captured = new CapturedLog();
  const log = new Logger({ console: captured, color: false, quiet: false });
  const traffic = new TrafficLog(log, pauseMs, mode);
  for (const event of events) traffic.traffic(event);
  log.flush();
  return captured.lines.map((l) => l.replace(/^(\[\w+\]) \d\d:\d\d:\d\d\.\d{3} /, "$1 "));
}

const byConn = (rows: readonly Row[]) => new Map(rows.map((r) => [r.conn, r]));
const notes = (arrows: readonly Arrow[]) =>
  arrows.filter((a) => a.what === "note").map((a) => [a.kind, a.from, a.who, a.note]);

Deno.test("traffic: a class's session logged from its events, and the same events in the live view", async () => {
  const { edge, events, frame } = watchedEdge(["--max-clients", "3"], 4);
  const [alice, bob] = await edge.privateChat("alice", "bob");
  // carol types her ID and Enter as PuTTY in raw mode sends it: CR, the LF only after a pause.
  const carol = edge.connect();
  carol.peerSends("carol\r");
  await edge.clock.tick(edge.options.pauseMs + 1);
  carol.peerSends("\n");
  await edge.settle();
  // A fourth is refused (the server is full), a fifth at once (no descriptor to wait with).
  const full = edge.connect();
  const none = edge.connect();
  edge.connections.unaccepted();
  await edge.settle();
  equal(none.closed, true, "no room to wait for its FIN: closed as soon as told");
  edge.connections.operator.say("Time is up");
  edge.connections.operator.kick({ kind: "id", id: "carol" }, "");
  await edge.settle();
  await edge.clock.tick(30_000);
  alice.peerTimesOut();
  full.peerFin();
  await edge.settle();

  const log = edge.log;
  deepEqual(
    replayed(events, edge.options.pauseMs, edge.options.mode),
    log,
    "every line written from an event",
  );
  for (
    const line of [
      "[RECV] #3 127.0.0.1:50003 carol 1 bytes: LF (the rest of the CR newline before)",
      "[CONNECT] New client #4 127.0.0.1:50004 refused: server full (3 clients)",
      "[CONNECT] New client #5 127.0.0.1:50005 refused: out of file descriptors (room for 4 connections)",
      "[WARN] a connection ended before it could be accepted",
      `[INFO] console: say "Time is up" to 3 connections`,
      "[INFO] #3 127.0.0.1:50003 carol kicked from the console",
      "[DISCONNECT] #1 127.0.0.1:50001 timed out: its machine stopped answering " +
      "(no ACK to keep-alive probes or data) after 30.3 s (1 connected)",
    ]
  ) {
    equal(log.filter((l) => l === line).length, 1, `${line}\nnot once in:\n${log.join("\n")}`);
  }

  const { rows, arrows } = frame();
  const row = byConn(rows);
  deepEqual(row.get(1)?.ending, { how: "timed-out" });
  deepEqual(row.get(3)?.ending, { how: "server-fin", why: "kicked from the console" });
  deepEqual(row.get(4)?.ending, { how: "refused", why: "server full (3 clients)" });
  deepEqual(row.get(5)?.ending, {
    how: "refused-at-once",
    why: "out of file descriptors (room for 4 connections)",
  });
  equal(row.get(2)?.ending, undefined, "bob is still there");
  const partner = arrows.find((a) => a.kind === "partner");
  deepEqual([partner?.from, partner?.len, partner?.text], [3, 1, "LF"]);
  deepEqual(notes(arrows), [
    ["unaccepted", 0, undefined, undefined],
    ["say", 0, undefined, "3"],
    ["kick", 3, "#3 127.0.0.1:50003 carol", undefined],
  ]);
  const timedOut = arrows.find((a) => a.kind === "timed-out");
  deepEqual([timedOut?.from, timedOut?.to], [0, [1]]);
  bob.peerFin();
  await edge.stop();
});

Deno.test("traffic: a kick with a reason is one [INFO] line and one note, in the operator's words", async () => {
  const { edge, events, frame } = watchedEdge(["--mode", "broadcast"]);
  edge.connect();
  await edge.settle();
  edge.connections.operator.kick({ kind: "conn", conn: 1 }, "too loud");
  await edge.settle();
  deepEqual(edge.logged("INFO"), ["[INFO] #1 127.0.0.1:50001 kicked from the console: too loud"]);
  deepEqual(replayed(events, edge.options.pauseMs, edge.options.mode), edge.log);
  const { rows, arrows } = frame();
  deepEqual(notes(arrows), [["kick-why", 1, "#1 127.0.0.1:50001", "too loud"]]);
  deepEqual(rows[0].ending, { how: "server-fin", why: "kicked from the console: too loud" });
  await edge.stop();
});

Deno.test("traffic: a line relayed to nobody says why, in the mode's words", async () => {
  const broadcast = new EdgeHarness(["--mode", "broadcast"]);
  const alone = broadcast.connect();
  alone.peerSends("anyone there?\n");
  await broadcast.settle();
  deepEqual(broadcast.logged("FWD"), [
    `[FWD] #1 127.0.0.1:50001 -> nobody: no other client is connected; not sent: "[127.0.0.1:50001] anyone there?"`,
  ]);
  await broadcast.stop();

  const chat = new EdgeHarness([]);
  const ann = chat.connect();
  chat.connect().peerSends("bob\n");
  ann.peerSends("ann\n3\nhello room\n");
  await chat.settle();
  deepEqual(chat.logged("FWD"), [
    `[FWD] #1 127.0.0.1:50001 ann -> nobody: no other user is in the room; not sent: "#room <ann> hello room"`,
  ]);
  await chat.stop();
});
