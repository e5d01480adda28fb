// The hub performing a mode's effects on connections over mock sockets, with a fake clock: what
// each peer receives, in how many writes, what the log says, and the events fed back.
import { deepEqual, equal, match } from "node:assert/strict";
import type { Effect, Event, Machine } from "../core/machine.ts";
import { EN } from "../core/texts.ts";
import { FAREWELL_MS } from "../net/link.ts";
import { CapturedLog } from "../../testing/captured_log.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import { ClientConnection } from "./client_connection.ts";
import { Hub } from "./hub.ts";
import { Traffic } from "./traffic.ts";
import { TrafficLog } from "./traffic_log.ts";
import { Logger } from "./logger.ts";
import { ServerStats } from "./stats.ts";

/** A mode that answers each event with the effects the test scripted for it, and names
 * connection #1 "alice". */
function scripted(script: (event: Event) => Effect[]): Machine<null> & { events: Event[] } {
  const events: Event[] = [];
  return {
    events,
    initial: null,
    step(state, event) {
      events.push(event);
      return { state, effects: script(event) };
    },
    label: (_, conn) => conn === 1 ? "alice" : undefined,
  };
}

function setUp(script: (event: Event) => Effect[], peers = 3, maxQueueBytes = 1024) {
  const clock = new FakeClock();
  const captured = new CapturedLog();
  const log = new Logger({ console: captured, color: false, quiet: false, clock });
  const stats = new ServerStats();
  const conns = new Map<number, MockConn>();
  const clients = new Map<number, ClientConnection>();
  const machine = scripted(script);
  const traffic = new Traffic();
  traffic.add(new TrafficLog(log, 250, "broadcast"));
  const hub = new Hub(machine, clients, traffic, stats, EN, clock);
  for (let id = 1; id <= peers; id++) {
    const conn = new MockConn({ hostname: "127.0.0.1", port: 50_000 + id });
    const client = new ClientConnection(conn, id, {
      maxLineBytes: 4096,
      maxQueueBytes,
      flood: { linesPerSecond: 0, burst: 1, dropAfter: 1, dropAfterMs: 0 },
      pauseMs: 250,
    }, {
      onItem: () => {},
      onPeerGone: () => {},
      onEnded: () => {},
      onReleased: () => clients.delete(id),
    }, clock);
    client.start();
    conns.set(id, conn);
    clients.set(id, client);
  }
  const logLines = (tag: string) => {
    log.flush();
    return captured.lines.filter((l) => l.startsWith(`[${tag}] `)).map((l) =>
      l.slice(tag.length + 16)
    );
  };
  return { clock, hub, machine, conns, clients, stats, logLines };
}

const line = (conn: number, text: string): Event => ({ type: "line", conn, text });

Deno.test("hub: the replies of one step to one client leave in one write, logged once", async () => {
  const { clock, hub, conns, logLines } = setUp(() => [
    { type: "send", to: 1, line: "* hello alice: Hello, alice!" },
    { type: "send", to: 2, line: "* joined alice" },
    { type: "send", to: 1, line: "? menu: ..." },
  ]);
  hub.dispatch(line(1, "alice"));
  await clock.tick(0);
  deepEqual(conns.get(1)!.writes.length, 1);
  equal(conns.get(1)!.writtenText, "* hello alice: Hello, alice!\n? menu: ...\n");
  equal(conns.get(2)!.writtenText, "* joined alice\n");
  deepEqual(logLines("SEND"), [
    `#1 127.0.0.1:50001 alice 41 bytes: 2 lines: "* hello alice: Hello, alice!" "? menu: ..."`,
    `#2 127.0.0.1:50002 15 bytes: "* joined alice"`,
  ]);
});

Deno.test("hub: a forward reaches everyone listed but the sender, and [FWD] names them", async () => {
  const { clock, hub, conns, stats, logLines } = setUp(() => [
    { type: "forward", from: 1, to: [1, 2, 3, 9], line: "#room <alice> hi" },
  ]);
  hub.dispatch(line(1, "hi"));
  await clock.tick(0);
  equal(conns.get(1)!.writtenText, "");
  equal(conns.get(2)!.writtenText, "#room <alice> hi\n");
  equal(conns.get(3)!.writtenText, "#room <alice> hi\n");
  deepEqual(logLines("FWD"), [
    `#1 127.0.0.1:50001 alice -> #2 127.0.0.1:50002, #3 127.0.0.1:50003: 17 bytes each: "#room <alice> hi"`,
  ]);
  match(stats.summary(0), /1 relayed, 2 sent/);
});

Deno.test("hub: a close effect sends the replies first, then closes with a FIN", async () => {
  const { clock, hub, conns } = setUp(() => [
    { type: "send", to: 1, line: "* bye alice: Bye!" },
    { type: "close", conn: 1, why: "user chose exit" },
  ]);
  hub.dispatch(line(1, "2"));
  await clock.tick(0);
  const conn = conns.get(1)!;
  equal(conn.writtenText, "* bye alice: Bye!\n");
  equal(conn.closeWriteCalled, true);
  conn.peerFin();
  await clock.tick(0);
  equal(conn.wireEnd, "fin");
});

Deno.test("hub: a drop effect warns, sends the last words, closes, and reports the disconnect", async () => {
  const { clock, hub, machine, conns, logLines } = setUp((event) =>
    event.type === "timer"
      ? [{ type: "drop", conn: 2, why: "no ID within 1 s", lastWords: "! login-timeout: ..." }]
      : []
  );
  hub.dispatch({ type: "timer", key: "login 2" });
  await clock.tick(FAREWELL_MS);
  equal(conns.get(2)!.writtenText, "! login-timeout: ...\n");
  equal(conns.get(2)!.closed, true);
  deepEqual(logLines("WARN"), ["#2 127.0.0.1:50002 disconnected: no ID within 1 s"]);
  deepEqual(machine.events.slice(1), [{ type: "disconnect", conn: 2, cause: "dropped" }]);
});

Deno.test("hub: a timer effect feeds its event back when it runs out; arming again replaces it", async () => {
  const { clock, hub, machine } = setUp((event) =>
    event.type === "line" ? [{ type: "timer", key: `t ${event.text}`, ms: 1000 }] : []
  );
  hub.dispatch(line(1, "a"));
  await clock.tick(600);
  hub.dispatch(line(1, "a")); // re-armed: 1000 ms from now
  await clock.tick(999);
  deepEqual(machine.events.filter((e) => e.type === "timer"), []);
  await clock.tick(1);
  deepEqual(machine.events.filter((e) => e.type === "timer"), [{ type: "timer", key: "t a" }]);
});

Deno.test("hub: a cancelled timer never fires, and a stopped hub arms none", async () => {
  const { clock, hub, machine } = setUp((event) => {
    if (event.type !== "line") return [];
    return event.text === "cancel"
      ? [{ type: "cancel-timer", key: "t" }]
      : [{ type: "timer", key: "t", ms: 1000 }];
  });
  hub.dispatch(line(1, "arm"));
  hub.dispatch(line(1, "cancel"));
  await clock.tick(2000);
  hub.dispatch(line(1, "arm"));
  hub.stop();
  hub.dispatch(line(1, "arm"));
  await clock.tick(2000);
  deepEqual(machine.events.filter((e) => e.type === "timer"), []);
  equal(clock.pending, 0);
});

Deno.test("hub: a client whose queue is full is dropped with its last words; others still get the line", async () => {
  const { clock, hub, machine, conns, logLines } = setUp(
    (event) =>
      event.type === "line"
        ? [{ type: "forward", from: 1, to: [1, 2, 3], line: "x".repeat(200) }]
        : [],
    3,
    1024,
  );
  const slow = conns.get(2)!;
  slow.stopReading();
  for (let i = 0; i < 8; i++) {
    hub.dispatch(line(1, `line ${i}`));
    await clock.tick(0);
  }
  deepEqual(logLines("WARN"), [
    "#2 127.0.0.1:50002 disconnected: send queue over 1024 bytes (client not reading)",
  ]);
  deepEqual(machine.events.filter((e) => e.type === "disconnect"), [
    { type: "disconnect", conn: 2, cause: "dropped" },
  ]);
  equal(conns.get(3)!.writtenText.split("\n").length - 1, 8, "the others are not held up");
  // The slow reader reads again before its farewell runs out: the line in flight, then only
  // the last words, in place of everything that waited.
  slow.resumeReading();
  await clock.tick(FAREWELL_MS);
  equal(slow.writtenText, "x".repeat(200) + "\n" + "! too-slow: " + EN.queueFull() + "\n");
  equal(slow.closed, true);
});
