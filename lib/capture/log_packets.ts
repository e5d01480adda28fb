/**
 * Links the server's log to a capture: every `[RECV]`, `[SEND]` and `[FWD]` line to the TCP
 * segment(s) that carried its bytes, on the stream of the client port it names, in order.
 *
 * Each stream's data is a queue of bytes per direction; the log lines, in their order, take
 * their byte counts from the front of the queue of their client port. Segments that only repeat
 * bytes already sent (retransmissions: even loopback has them, e.g. Linux's tail loss probe when
 * a peer is slow to ACK) are set aside, by sequence number. A line is "exact" when it
 * took exactly one whole segment: what every server write (`[SEND]` and each `[FWD]` recipient)
 * is when its cause was one line, and what clients that write one line at a time produce for
 * `[RECV]`. Lines of one read (a paste) are relayed in one write, so their `[FWD]` lines share
 * a segment: not exact, and no fault (docs/PROTOCOL.md, "What travels on the wire").
 *
 * @example
 * ```ts
 * import { matchLogToPackets, parseLogEvents } from "./log_packets.ts";
 * import { equal } from "node:assert/strict";
 *
 * const events = parseLogEvents('[RECV] 10:00:00.000 #1 127.0.0.1:50000 6 bytes: "hello"');
 * const seg = { frame: 4, time: 0, stream: 0, srcPort: 50000, dstPort: 3333, seq: 1, len: 6,
 *   syn: false, ack: true, fin: false, rst: false };
 * const { matched, problems } = matchLogToPackets(events, [seg], 3333);
 * equal(problems.length, 0);
 * equal(matched[0].deliveries[0].frames[0], 4);
 * ```
 * @module
 */

import type { Segment } from "./tshark.ts";

/** A per-message log line. */
export interface LogEvent {
  readonly line: string;
  readonly tag: "RECV" | "SEND" | "FWD";
  /** Milliseconds since local midnight, from the line's `HH:MM:SS.mmm`. */
  readonly timeOfDayMs: number;
  /** The client ports whose streams carry the bytes: the sender for RECV, recipients otherwise. */
  readonly ports: readonly number[];
  readonly bytes: number;
  /** FWD recipients the log counted but did not name (`and 3 more`). */
  readonly unnamed: number;
  /**
   * How many more bytes the line may stand for than `bytes`: a log that prints the text, not
   * its size, cannot show the newline at its end (`print(text)` of `"hi\n"`). The count that
   * ends at a segment's end is taken.
   */
  readonly slack?: number;
}

/** Where one log line's bytes travelled on one stream. */
export interface Delivery {
  readonly port: number;
  readonly frames: readonly number[];
  /** Exactly one whole segment. */
  readonly exact: boolean;
  /** Capture time of the last segment minus the log line's time, in ms. */
  readonly delayMs: number;
}

/** A log line and its packets. */
export interface Matched {
  readonly event: LogEvent;
  readonly deliveries: readonly Delivery[];
}

const HEAD = /^\[(RECV|SEND|FWD)\] (\d\d):(\d\d):(\d\d)\.(\d{3}) #\d+ \S+:(\d+) (.*)$/;
const RECIPIENT = /^#\d+ \S+:(\d+)(?: \S+)?$/;

/** The per-message lines of a server log, in order; other lines are skipped. */
export function parseLogEvents(log: string): LogEvent[] {
  const events: LogEvent[] = [];
  for (const line of log.split("\n")) {
    const m = HEAD.exec(line);
    if (!m) continue;
    const tag = m[1] as LogEvent["tag"];
    const timeOfDayMs = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000 +
      Number(m[5]);
    const port = Number(m[6]);
    const rest = m[7];
    if (tag !== "FWD") {
      const bytes = /^(?:\S+ )?(\d+) bytes: /.exec(rest);
      if (bytes) {
        events.push({ line, tag, timeOfDayMs, ports: [port], bytes: +bytes[1], unnamed: 0 });
      }
      continue;
    }
    // Relayed to nobody (`-> nobody: no other client is connected; ...`): no bytes left.
    if (/^(?:\S+ )?-> nobody: /.test(rest)) {
      events.push({ line, tag, timeOfDayMs, ports: [], bytes: 0, unnamed: 0 });
      continue;
    }
    const fwd = /^(?:\S+ )?-> (.*?): (\d+) bytes each: /.exec(rest);
    if (!fwd) continue;
    const ports: number[] = [];
    let unnamed = 0;
    if (!fwd[1].startsWith("nobody")) {
      const more = / and (\d+) more$/.exec(fwd[1]);
      if (more) unnamed = Number(more[1]);
      for (const who of fwd[1].replace(/ and \d+ more$/, "").split(", ")) {
        const r = RECIPIENT.exec(who);
        if (r) ports.push(Number(r[1]));
      }
    }
    events.push({ line, tag, timeOfDayMs, ports, bytes: Number(fwd[2]), unnamed });
  }
  return events;
}

/** One direction of one stream: its data segments and how far the log has taken them. */
interface Queue {
  readonly segments: Segment[];
  index: number;
  offset: number;
  /** The sequence number after the last new byte seen. */
  end: number;
  /**
   * The first log line after which the lines' counts stopped ending where a packet ends, and
   * never came back: where a wrong count most likely is, when bytes turn out missing or left.
   */
  astray?: string;
}

/** A log line or bytes without a partner: a value, worded by each program in its language. */
export type LogProblem =
  /** A FWD line counted recipients it did not name (tcpchat's `and 12 more`). */
  | { readonly kind: "unnamed"; readonly count: number; readonly line: string }
  /** A line stands for more bytes than the capture has left on that client's stream. */
  | {
    readonly kind: "missing";
    readonly missing: number;
    readonly bytes: number;
    readonly line: string;
    /** An earlier line where the counts first went astray (see `Queue.astray`). */
    readonly since?: string;
  }
  /** Bytes on a client's stream that no log line stands for. */
  | {
    readonly kind: "unlogged";
    readonly bytes: number;
    readonly way: "from" | "to";
    readonly port: number;
    readonly frames: readonly number[];
    readonly since?: string;
  };

/** A {@link LogProblem} in English. */
export function describeLogProblem(p: LogProblem): string {
  switch (p.kind) {
    case "unnamed":
      return `${p.count} recipients are not named: ${p.line}`;
    case "missing":
      return `${p.missing} of ${p.bytes} bytes are not in the capture: ${p.line}${
        p.since ? `; the counts first go astray at: ${p.since}` : ""
      }`;
    case "unlogged":
      return `${p.bytes} bytes ${p.way} client port ${p.port} have no log line (frames ${
        p.frames.join(", ")
      })${p.since ? `; the counts first go astray at: ${p.since}` : ""}`;
  }
}

/** Matches log lines to segments; `problems` lists every byte or line left without a partner. */
export function matchLogToPackets(
  events: readonly LogEvent[],
  segments: readonly Segment[],
  serverPort: number,
): { matched: Matched[]; problems: LogProblem[]; retransmissions: number[] } {
  const queues = new Map<string, Queue>();
  const queue = (port: number, toServer: boolean): Queue => {
    const key = `${port}${toServer ? ">" : "<"}`;
    let q = queues.get(key);
    if (!q) queues.set(key, q = { segments: [], index: 0, offset: 0, end: 0 });
    return q;
  };
  const retransmissions: number[] = [];
  for (const s of segments) {
    if (s.len === 0) continue;
    const q = s.dstPort === serverPort
      ? queue(s.srcPort, true)
      : s.srcPort === serverPort
      ? queue(s.dstPort, false)
      : undefined;
    if (!q) continue;
    const fresh = s.seq + s.len - Math.max(s.seq, q.end);
    if (q.segments.length > 0 && fresh <= 0) {
      retransmissions.push(s.frame);
      continue;
    }
    // A segment that repeats some old bytes and adds new ones counts for the new ones only.
    q.segments.push(q.segments.length > 0 && fresh < s.len ? { ...s, len: fresh } : s);
    q.end = s.seq + s.len;
  }
  const problems: LogProblem[] = [];
  const matched: Matched[] = [];
  for (const event of events) {
    if (event.unnamed > 0) {
      problems.push({ kind: "unnamed", count: event.unnamed, line: event.line });
    }
    const deliveries: Delivery[] = [];
    for (const port of event.ports) {
      const q = queue(port, event.tag === "RECV");
      const taken = take(q, withSlack(q, event.bytes, event.slack ?? 0));
      if (taken.missing > 0) {
        const since = q.astray !== undefined && q.astray !== event.line ? q.astray : undefined;
        problems.push({
          kind: "missing",
          missing: taken.missing,
          bytes: event.bytes,
          line: event.line,
          ...(since === undefined ? {} : { since }),
        });
      }
      // A line that ends inside a packet may share it with the next line (two in one segment);
      // one that is never followed by a line ending where a packet ends is where counts went
      // astray.
      if (q.offset === 0) q.astray = undefined;
      else q.astray ??= event.line;
      const last = taken.segments.at(-1);
      deliveries.push({
        port,
        frames: taken.segments.map((s) => s.frame),
        exact: taken.exact,
        delayMs: last ? aroundMidnight(timeOfDayMs(last.time) - event.timeOfDayMs) : NaN,
      });
    }
    matched.push({ event, deliveries });
  }
  for (const [key, q] of queues) {
    const left = q.segments.slice(q.index);
    if (left.length === 0) continue;
    const bytes = left.reduce((sum, s) => sum + s.len, 0) - q.offset;
    problems.push({
      kind: "unlogged",
      bytes,
      way: key.endsWith(">") ? "from" : "to",
      port: Number(key.slice(0, -1)),
      frames: left.map((s) => s.frame),
      ...(q.astray === undefined ? {} : { since: q.astray }),
    });
  }
  return { matched, problems, retransmissions };
}

/** `bytes`, or up to `slack` more when that ends exactly at the end of a segment. */
function withSlack(q: Queue, bytes: number, slack: number): number {
  for (let extra = 0; extra <= slack; extra++) {
    let left = bytes + extra + q.offset;
    for (let i = q.index; i < q.segments.length && left > 0; i++) {
      left -= q.segments[i].len;
      if (left === 0) return bytes + extra;
    }
  }
  return bytes;
}

function take(q: Queue, bytes: number): { segments: Segment[]; exact: boolean; missing: number } {
  const startsWhole = q.offset === 0;
  const taken: Segment[] = [];
  let left = bytes;
  while (left > 0 && q.index < q.segments.length) {
    const s = q.segments[q.index];
    const n = Math.min(left, s.len - q.offset);
    taken.push(s);
    left -= n;
    q.offset += n;
    if (q.offset === s.len) {
      q.index++;
      q.offset = 0;
    }
  }
  const exact = startsWhole && taken.length === 1 && q.offset === 0 && left === 0;
  return { segments: taken, exact, missing: left };
}

/** Milliseconds since local midnight, as the log's clock counts them. */
export function timeOfDayMs(epochSeconds: number): number {
  const d = new Date(Math.floor(epochSeconds * 1000));
  return ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 +
    d.getMilliseconds();
}

/** A difference of times of day, taken the short way round midnight. */
export function aroundMidnight(ms: number): number {
  const day = 24 * 3600 * 1000;
  return ms > day / 2 ? ms - day : ms < -day / 2 ? ms + day : ms;
}

/** The matches as lines for a terminal: each log line, then where its bytes went. */
export function formatMatches(matched: readonly Matched[]): string {
  return matched.map(({ event, deliveries }) => {
    const where = deliveries.map((d) =>
      `client port ${d.port}: frame${d.frames.length === 1 ? "" : "s"} ${d.frames.join(", ")}`
    ).join("; ");
    const shown = event.line.length > 110 ? event.line.slice(0, 109) + "…" : event.line;
    return `${shown}\n    → ${where === "" ? "no recipient" : where}`;
  }).join("\n");
}
