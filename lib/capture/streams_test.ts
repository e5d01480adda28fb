import { deepEqual, equal, match } from "node:assert/strict";
import { formatStreams, summarizeStreams } from "./streams.ts";
import type { Segment } from "./tshark.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

const SERVER = 3333;
let frame = 0;
function seg(stream: number, fromClient: boolean, flags: string, len = 0): Segment {
  const client = 50000 + stream;
  return {
    frame: ++frame,
    time: frame / 1000,
    stream,
    srcPort: fromClient ? client : SERVER,
    dstPort: fromClient ? SERVER : client,
    seq: 1,
    len,
    syn: flags.includes("S"),
    ack: flags.includes("A"),
    fin: flags.includes("F"),
    rst: flags.includes("R"),
  };
}
const handshake = (s: number) => [seg(s, true, "S"), seg(s, false, "SA"), seg(s, true, "A")];

test("streams: handshake, data each way, and who closed first", () => {
  const streams = summarizeStreams([
    ...handshake(0),
    ...handshake(1),
    seg(0, false, "PA", 141),
    seg(0, true, "A"),
    seg(0, true, "PA", 6),
    seg(1, true, "PA", 4),
    seg(0, false, "FA"),
    seg(0, true, "FA"),
    seg(0, false, "A"),
    seg(1, true, "RA"),
    seg(1, false, "PA", 35), // the server had not seen the RST yet...
    seg(1, true, "R"), // ...and the reset socket answers it with another RST
  ], SERVER);
  deepEqual(
    streams.map((s) => [s.stream, s.clientPort, s.packets, s.dataToServer, s.dataToClient]),
    [
      [0, 50000, 9, 1, 1],
      [1, 50001, 7, 1, 1],
    ],
  );
  deepEqual(streams.map((s) => [s.handshake, s.ending, s.finished]), [
    [true, "server FIN, client FIN", true],
    [true, "client RST", true],
  ]);
});

test("streams: a connection is finished only once the last FIN is acknowledged", () => {
  const open = [...handshake(0), seg(0, true, "FA")];
  deepEqual(summarizeStreams(open, SERVER).map((s) => [s.ending, s.finished]), [
    ["client FIN", false],
  ]);
  const bothFins = [...open, seg(0, false, "FA")];
  equal(summarizeStreams(bothFins, SERVER)[0].finished, false);
  equal(summarizeStreams([...bothFins, seg(0, true, "A")], SERVER)[0].finished, true);
});

test("streams: the server has ended a stream once it sent its FIN, or either side an RST", () => {
  const clientFin = [...handshake(0), seg(0, true, "FA")];
  equal(summarizeStreams(clientFin, SERVER)[0].serverEnded, false);
  equal(summarizeStreams([...clientFin, seg(0, false, "FA")], SERVER)[0].serverEnded, true);
  equal(summarizeStreams([...handshake(0), seg(0, false, "FA")], SERVER)[0].serverEnded, true);
  equal(summarizeStreams([...handshake(0), seg(0, true, "R")], SERVER)[0].serverEnded, true);
});

test("streams: a capture that began after the handshake says so", () => {
  const [s] = summarizeStreams([seg(0, true, "PA", 5), seg(0, false, "A")], SERVER);
  equal(s.handshake, false);
  equal(s.ending, "still open");
  match(formatStreams([s]), /^tcp\.stream .*\n0 +50000 +2 +1 +0 +not captured +still open$/);
});
