import { deepEqual, equal } from "node:assert/strict";
import { formatEndings, matchEndings, parseEndings } from "./log_endings.ts";
import type { Segment } from "./tshark.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** A segment at `ms` past 10:00:00.000 local time. */
function seg(frame: number, ms: number, from: number, to: number, flag: "fin" | "rst"): Segment {
  const time = new Date(2026, 0, 1, 10, 0, 0, 0).getTime() / 1000 + ms / 1000;
  return {
    frame,
    time,
    stream: 0,
    srcPort: from,
    dstPort: to,
    seq: 1,
    len: 0,
    syn: false,
    ack: true,
    fin: flag === "fin",
    rst: flag === "rst",
  };
}

const LOG = [
  "[CONNECT] 10:00:00.000 New client #1 127.0.0.1:50001 (1 online)",
  "[DISCONNECT] 10:00:01.000 #1 127.0.0.1:50001 closed by server (FIN): user chose exit after 1.0 s (3 online)",
  "[DISCONNECT] 10:00:02.000 #2 127.0.0.1:50002 closed by peer (FIN) after 2.0 s (2 online)",
  "[DISCONNECT] 10:00:03.000 #3 127.0.0.1:50003 reset by peer (RST) after 3.0 s (1 online)",
  "[DISCONNECT] 10:00:04.000 #4 127.0.0.1:50004 dropped by server: flood after 4.0 s (0 online)",
  "[DISCONNECT] 10:00:05.000 #5 127.0.0.1:50005 timed out: its machine stopped answering " +
  "(no ACK to keep-alive probes or data) after 5.0 s (0 connected)",
].join("\n");

test("log endings: each [DISCONNECT] wording names its packet", () => {
  deepEqual(
    parseEndings(LOG).map((e) => [e.port, e.from, e.flags.join("|")]),
    [
      [50001, "server", "FIN"],
      [50002, "client", "FIN"],
      [50003, "client", "RST"],
      [50004, "server", "FIN|RST"],
      [50005, "server", "RST"],
    ],
  );
});

test("log endings: each line finds the packet it names, and how far apart their times are", () => {
  const segments = [
    seg(10, 1000.4, 3333, 50001, "fin"), // the server's FIN
    seg(11, 3000.2, 50001, 3333, "fin"), // the client's answer, after a long linger
    seg(20, 1999.9, 50002, 3333, "fin"),
    seg(21, 2000.1, 3333, 50002, "fin"),
    seg(30, 3000.0, 50003, 3333, "rst"),
    seg(40, 4000.6, 3333, 50004, "rst"),
    seg(50, 5000.3, 3333, 50005, "rst"),
  ];
  const matched = matchEndings(parseEndings(LOG), segments, 3333);
  deepEqual(matched.map((m) => [m.frame, m.delayMs]), [
    [10, 0],
    [20, -1],
    [30, 0],
    [40, 0],
    [50, 0],
  ]);
  equal(formatEndings(matched).split("\n")[1], "    → server FIN: frame 10, 10:00:01.000");
  equal(formatEndings(matched).split("\n")[3], "    → client FIN: frame 20, 10:00:01.999");
  const none = matchEndings(parseEndings(LOG).slice(2, 3), [], 3333);
  equal(formatEndings(none).split("\n")[1], "    → no client RST in the capture");
});
