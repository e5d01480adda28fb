import { deepEqual, equal, match } from "node:assert/strict";
import {
  describeLogProblem,
  formatMatches,
  matchLogToPackets,
  parseLogEvents,
  timeOfDayMs,
} from "./log_packets.ts";
import type { Segment } from "./tshark.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

const SERVER = 3333;
const LOG = `[START] TCP multi-client server on 127.0.0.1:3333
[CONNECT] 10:00:00.000 New client #1 127.0.0.1:50001 (1 connected)
[SEND] 10:00:00.001 #1 127.0.0.1:50001 141 bytes: 2 lines: "* welcome: x" "? id: y"
[RECV] 10:00:00.100 #1 127.0.0.1:50001 6 bytes: "alice"
[RECV] 10:00:00.200 #2 [::1]:50002 bob 9 bytes: "2 bytes: "
[FWD] 10:00:00.300 #1 127.0.0.1:50001 alice -> #2 [::1]:50002 bob, #3 127.0.0.1:50003: 23 bytes each: "x"
[FWD] 10:00:00.400 #1 127.0.0.1:50001 alice -> nobody: no other user is in the room; not sent: "-> #4: 9 bytes each: "
[FWD] 10:00:00.450 #1 127.0.0.1:50001 alice -> nobody (no other client): 9 bytes each: "-> #4"
[FWD] 10:00:00.500 #1 127.0.0.1:50001 -> #2 [::1]:50002 b, #3 127.0.0.1:50003 c and 2 more: 5 bytes each: "y"
[DISCONNECT] 10:00:01.000 #1 127.0.0.1:50001 closed by peer (FIN) after 1.0 s (0 connected)`;

test("log: per-message lines, their client ports and byte counts; peer text cannot fool it", () => {
  const events = parseLogEvents(LOG);
  deepEqual(events.map((e) => [e.tag, e.timeOfDayMs, e.ports, e.bytes, e.unnamed]), [
    ["SEND", 36_000_001, [50001], 141, 0],
    ["RECV", 36_000_100, [50001], 6, 0],
    ["RECV", 36_000_200, [50002], 9, 0],
    ["FWD", 36_000_300, [50002, 50003], 23, 0],
    ["FWD", 36_000_400, [], 0, 0],
    ["FWD", 36_000_450, [], 9, 0],
    ["FWD", 36_000_500, [50002, 50003], 5, 2],
  ]);
});

let frame = 0;
/** The next sequence number of each direction of each stream. */
let nextSeq = new Map<string, number>();
function reset(): void {
  frame = 0;
  nextSeq = new Map();
}
function data(clientPort: number, toServer: boolean, len: number, time = 1, seq?: number): Segment {
  const key = `${clientPort}${toServer}`;
  const start = seq ?? nextSeq.get(key) ?? 1;
  nextSeq.set(key, Math.max(nextSeq.get(key) ?? 1, start + len));
  return {
    frame: ++frame,
    time,
    stream: clientPort - 50000,
    srcPort: toServer ? clientPort : SERVER,
    dstPort: toServer ? SERVER : clientPort,
    seq: start,
    len,
    syn: false,
    ack: true,
    fin: false,
    rst: false,
  };
}

test("log: each line takes its bytes from its own stream, in order, exact or not", () => {
  reset();
  const events = parseLogEvents(
    [
      '[RECV] 10:00:00.100 #1 127.0.0.1:50001 6 bytes: "alice"',
      '[SEND] 10:00:00.101 #1 127.0.0.1:50001 alice 96 bytes: "* hello alice: ..."',
      '[RECV] 10:00:00.200 #2 127.0.0.1:50002 4 bytes: "bob"',
      '[RECV] 10:00:00.300 #1 127.0.0.1:50001 alice 3 bytes: "hi"',
      '[RECV] 10:00:00.300 #1 127.0.0.1:50001 alice 3 bytes: "yo"',
    ].join("\n"),
  );
  const segments = [
    data(50001, true, 6), // frame 1
    data(50002, true, 1), // frames 2-4: bob typed in telnet character mode
    data(50002, true, 2),
    data(50002, true, 1),
    data(50001, false, 96), // frame 5
    data(50001, true, 6), // frame 6: a paste of two lines
  ];
  const { matched, problems } = matchLogToPackets(events, segments, SERVER);
  deepEqual(problems, []);
  deepEqual(matched.map((m) => m.deliveries.map((d) => [d.port, d.frames, d.exact])), [
    [[50001, [1], true]],
    [[50001, [5], true]],
    [[50002, [2, 3, 4], false]],
    [[50001, [6], false]],
    [[50001, [6], false]],
  ]);
  match(formatMatches(matched), /"bob"\n {4}→ client port 50002: frames 2, 3, 4\n/);
});

test("log: bytes without a log line, and log lines without bytes, are problems", () => {
  reset();
  const events = parseLogEvents(
    [
      '[SEND] 10:00:00.101 #1 127.0.0.1:50001 alice 10 bytes: "x"',
      '[FWD] 10:00:00.200 #1 127.0.0.1:50001 alice -> #2 127.0.0.1:50002 bob and 1 more: 4 bytes each: "y"',
    ].join("\n"),
  );
  const { problems } = matchLogToPackets(
    events,
    [data(50001, false, 6), data(50003, true, 3)],
    SERVER,
  );
  deepEqual(problems.map(describeLogProblem), [
    `4 of 10 bytes are not in the capture: ${events[0].line}`,
    `1 recipients are not named: ${events[1].line}`,
    `4 of 4 bytes are not in the capture: ${events[1].line}`,
    "3 bytes from client port 50003 have no log line (frames 2)",
  ]);
});

test("log: a retransmission repeats bytes already counted and takes no log line", () => {
  reset();
  const events = parseLogEvents(
    [
      '[SEND] 10:00:00.100 #3 127.0.0.1:50003 carol 61 bytes: "? request alice: ..."',
      '[SEND] 10:00:00.200 #3 127.0.0.1:50003 carol 82 bytes: "* chat alice: ..."',
    ].join("\n"),
  );
  const segments = [
    data(50003, false, 61), // frame 1
    data(50003, false, 61, 1, 1), // frame 2: the same bytes again (a tail loss probe)
    data(50003, false, 82), // frame 3
  ];
  const { matched, problems, retransmissions } = matchLogToPackets(events, segments, SERVER);
  deepEqual(problems, []);
  deepEqual(retransmissions, [2]);
  deepEqual(matched.map((m) => m.deliveries.map((d) => [d.frames, d.exact])), [
    [[[1], true]],
    [[[3], true]],
  ]);
});

test("log: a packet's capture time is compared with the log's clock, across midnight too", () => {
  reset();
  const now = new Date(2025, 0, 1, 23, 59, 59, 999);
  equal(timeOfDayMs(now.getTime() / 1000), 86_399_999);
  const events = parseLogEvents('[SEND] 23:59:59.999 #1 127.0.0.1:50001 4 bytes: "hi"');
  const after = data(50001, false, 4, now.getTime() / 1000 + 0.003);
  const { matched } = matchLogToPackets(events, [after], SERVER);
  equal(matched[0].deliveries[0].delayMs, 3);
});

test("log: a line that prints its text, not its size, takes the newline its segment ends with", () => {
  reset();
  const base = parseLogEvents('[RECV] 10:00:00.100 #1 127.0.0.1:50001 5 bytes: "hello"')[0];
  // `print(text)` of "hello\n" shows 5 bytes; the segment holds 6, and the next line follows.
  const events = [{ ...base, slack: 2 }, { ...base, bytes: 3, slack: 0 }];
  const { matched, problems } = matchLogToPackets(
    events,
    [data(50001, true, 6), data(50001, true, 3)],
    SERVER,
  );
  deepEqual(problems, []);
  deepEqual(matched.map((m) => m.deliveries.map((d) => [d.frames, d.exact])), [
    [[[1], true]],
    [[[2], true]],
  ]);
});

test("log: a wrong count is pointed at where the counts went astray, not only where they ran out", () => {
  reset();
  // The first line says 23 bytes where its packet had 22: the last line then lacks one.
  const events = parseLogEvents(
    [
      '[RECV] 10:00:00.100 #1 127.0.0.1:50001 23 bytes: "salut"',
      '[RECV] 10:00:00.200 #1 127.0.0.1:50001 13 bytes: "again"',
    ].join("\n"),
  );
  const { problems } = matchLogToPackets(
    events,
    [data(50001, true, 22), data(50001, true, 13)],
    SERVER,
  );
  deepEqual(problems.map(describeLogProblem), [
    `1 of 13 bytes are not in the capture: ${events[1].line}; the counts first go astray at: ${
      events[0].line
    }`,
  ]);
  // Two lines in one packet is no problem: the second ends where the packet ends.
  reset();
  const two = parseLogEvents(
    [
      '[RECV] 10:00:00.100 #1 127.0.0.1:50001 3 bytes: "a"',
      '[RECV] 10:00:00.100 #1 127.0.0.1:50001 3 bytes: "b"',
    ].join("\n"),
  );
  deepEqual(matchLogToPackets(two, [data(50001, true, 6)], SERVER).problems, []);
});
