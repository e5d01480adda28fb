/**
 * Links each `[DISCONNECT]` line of the server's log to the packet it names in a capture, so a
 * student finds the FIN or RST at the logged time:
 *
 * | the log says                  | the packet                                   |
 * | ----------------------------- | -------------------------------------------- |
 * | `closed by peer (FIN)`        | the client's FIN                             |
 * | `reset by peer (RST)`         | the client's RST                             |
 * | `closed by server (FIN): ...` | the server's FIN (an RST if data was unsent) |
 * | `dropped by server: ...`      | the server's FIN or RST, whichever it sent   |
 * | `timed out: ...`              | the server's RST, when its kernel gave up    |
 *
 * The server logs each line when that packet is sent or read (`lib/server/connections.ts`), not
 * when the socket is released after waiting for the other side.
 *
 * @example
 * ```ts
 * import { matchEndings, parseEndings } from "./log_endings.ts";
 * import { equal } from "node:assert/strict";
 *
 * const [event] = parseEndings(
 *   "[DISCONNECT] 10:00:00.000 #1 127.0.0.1:50000 reset by peer (RST) after 1.0 s (0 online)",
 * );
 * const rst = { frame: 9, time: 0, stream: 0, srcPort: 50000, dstPort: 3333, seq: 1, len: 0,
 *   syn: false, ack: true, fin: false, rst: true };
 * equal(matchEndings([event], [rst], 3333)[0].frame, 9);
 * ```
 * @module
 */

import { aroundMidnight, timeOfDayMs } from "./log_packets.ts";
import type { Side } from "./streams.ts";
import type { Segment } from "./tshark.ts";

/** A `[DISCONNECT]` line and the packet it names. */
export interface EndingEvent {
  readonly line: string;
  /** Milliseconds since local midnight, from the line's `HH:MM:SS.mmm`. */
  readonly timeOfDayMs: number;
  /** The client's port. */
  readonly port: number;
  /** Who sent the packet, and which flags it may carry. */
  readonly from: Side;
  readonly flags: readonly ("FIN" | "RST")[];
}

/** An ending and its packet, if the capture has it. */
export interface EndingMatch {
  readonly event: EndingEvent;
  readonly frame?: number;
  /** Capture time of the packet minus the log line's time, in ms. */
  readonly delayMs?: number;
}

const LINE = /^\[DISCONNECT\] (\d\d):(\d\d):(\d\d)\.(\d{3}) #\d+ \S+:(\d+) (.*)$/;

/** The `[DISCONNECT]` lines of a server log, in order, each with the packet it names. */
export function parseEndings(log: string): EndingEvent[] {
  const events: EndingEvent[] = [];
  for (const line of log.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const packet = namedPacket(m[6]);
    if (!packet) continue;
    const time = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
    events.push({ line, timeOfDayMs: time, port: Number(m[5]), ...packet });
  }
  return events;
}

function namedPacket(wording: string): Pick<EndingEvent, "from" | "flags"> | undefined {
  if (wording.startsWith("closed by peer (FIN)")) return { from: "client", flags: ["FIN"] };
  if (wording.startsWith("reset by peer (RST)")) return { from: "client", flags: ["RST"] };
  if (wording.startsWith("closed by server (FIN)")) {
    const unsent = wording.includes("; unsent data discarded");
    return { from: "server", flags: unsent ? ["FIN", "RST"] : ["FIN"] };
  }
  if (wording.startsWith("dropped by server")) return { from: "server", flags: ["FIN", "RST"] };
  // No answer to keep-alive probes or data: the kernel ends the connection with an RST.
  if (wording.startsWith("timed out")) return { from: "server", flags: ["RST"] };
  return undefined;
}

/** Finds each ending's packet: the first one on its client's port, from its side, with its flag. */
export function matchEndings(
  events: readonly EndingEvent[],
  segments: readonly Segment[],
  serverPort: number,
): EndingMatch[] {
  const taken = new Set<Segment>();
  return events.map((event) => {
    const packet = segments.find((s) =>
      !taken.has(s) &&
      (event.from === "client"
        ? s.srcPort === event.port && s.dstPort === serverPort
        : s.srcPort === serverPort && s.dstPort === event.port) &&
      event.flags.some((flag) => flag === "FIN" ? s.fin : s.rst)
    );
    if (!packet) return { event };
    taken.add(packet);
    const delayMs = aroundMidnight(timeOfDayMs(packet.time) - event.timeOfDayMs);
    return { event, frame: packet.frame, delayMs };
  });
}

/** The matches as lines for a terminal: each `[DISCONNECT]` line, then its packet and time. */
export function formatEndings(matches: readonly EndingMatch[]): string {
  return matches.map(({ event, frame, delayMs }) => {
    const shown = event.line.length > 110 ? event.line.slice(0, 109) + "…" : event.line;
    const what = `${event.from} ${event.flags.join(" or ")}`;
    const where = frame === undefined
      ? `no ${what} in the capture`
      : `${what}: frame ${frame}, ${timeOfDay(event.timeOfDayMs + delayMs!)}`;
    return `${shown}\n    → ${where}`;
  }).join("\n");
}

/** `HH:MM:SS.mmm` of milliseconds since midnight, as the log writes times. */
function timeOfDay(ms: number): string {
  const day = 24 * 3600 * 1000;
  const t = ((ms % day) + day) % day;
  const part = (unit: number, mod: number, width = 2) =>
    String(Math.floor(t / unit) % mod).padStart(width, "0");
  return `${part(3600_000, 24)}:${part(60_000, 60)}:${part(1000, 60)}.${part(1, 1000, 3)}`;
}
