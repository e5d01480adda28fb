/**
 * Pairs a hand-in's log lines with the capture's messages by content, not by running byte
 * counts: on each client's stream and direction, the log's `[RECV]` (client → server) and
 * `[FWD]`/`[SEND]` (server → client) lines, in order, are aligned with the lines the packets
 * carried, in order. A line that shows its payload (a Python literal, or printed text) pairs
 * only with packets carrying that text; one that gives only a count pairs with that many bytes.
 * So a missing log line is blamed on its own frame, and what follows it is still paired.
 *
 * Bytes are counted as Wireshark's `tcp.len` counts them: a message's newline included.
 *
 * @example
 * ```ts
 * import { pairLogWithCapture } from "./handin_log.ts";
 * import { equal } from "node:assert/strict";
 *
 * const seg = { frame: 4, time: 0, stream: 0, srcPort: 50000, dstPort: 3333, seq: 1, len: 3,
 *   syn: false, ack: true, fin: false, rst: false };
 * const payloads = new Map([[4, new TextEncoder().encode("hi\n")]]);
 * const log = "[RECV] From 127.0.0.1:50000 -> hi";
 * equal(pairLogWithCapture(log, [seg], payloads, 3333).length, 0);
 * ```
 * @module
 */

import type { Segment } from "../capture/tshark.ts";
import { type LabLogEvent, parseLabLog } from "./server_log.ts";

/** How far ahead the alignment looks for the partner of a line before calling it missing. */
export const RESYNC_WINDOW = 64;
/** The most packet lines one log line may stand for (a `recv` that got several lines). */
export const MAX_LINES_PER_LOG_LINE = 8;

/** One line (up to and with its LF) of one direction of one client's stream. */
export interface WireLine {
  readonly port: number;
  readonly way: "from" | "to";
  /** The frames that carried its bytes. */
  readonly frames: readonly number[];
  readonly bytes: Uint8Array;
}

/** A log line and the packets without a partner, each a value worded by the catalogues. */
export type HandinLogProblem =
  /** A FWD line counted recipients it did not name (tcpchat's `and 12 more`). */
  | { readonly kind: "unnamed"; readonly count: number; readonly line: string }
  /** Packets whose lines no log line stands for. */
  | { readonly kind: "unlogged"; readonly wire: readonly WireLine[] }
  /** A log line that no packet of its client's stream carries. */
  | { readonly kind: "noPacket"; readonly line: string }
  /** None of the log's client ports is in the capture: the two are from different sessions. */
  | { readonly kind: "otherSession"; readonly ports: readonly number[] }
  /** A client port the log names that no packet of the capture has. */
  | {
    readonly kind: "portAbsent";
    readonly port: number;
    readonly lines: number;
    readonly line: string;
  }
  /** A log line where the packet at its place carries other bytes. */
  | { readonly kind: "differs"; readonly line: string; readonly wire: WireLine };

const LF = 0x0a;

/** Every direction's lines, keyed `port>` (to the server) and `port<` (to the client). */
export function wireLines(
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  port: number,
): Map<string, WireLine[]> {
  const open = new Map<string, { frames: number[]; bytes: number[] }>();
  const out = new Map<string, WireLine[]>();
  const flush = (key: string) => {
    const o = open.get(key);
    if (!o || o.bytes.length === 0) return;
    const list = out.get(key) ?? [];
    list.push({
      port: Number(key.slice(0, -1)),
      way: key.endsWith(">") ? "from" : "to",
      frames: o.frames,
      bytes: new Uint8Array(o.bytes),
    });
    out.set(key, list);
    open.set(key, { frames: [], bytes: [] });
  };
  for (const s of segments) {
    if (s.len === 0) continue;
    const key = s.dstPort === port ? `${s.srcPort}>` : s.srcPort === port ? `${s.dstPort}<` : "";
    if (key === "") continue;
    const o = open.get(key) ?? { frames: [], bytes: [] };
    open.set(key, o);
    for (const byte of payloads.get(s.frame) ?? []) {
      const cur = open.get(key)!;
      if (cur.frames.at(-1) !== s.frame) cur.frames.push(s.frame);
      cur.bytes.push(byte);
      if (byte === LF) flush(key);
    }
  }
  for (const key of open.keys()) flush(key);
  return out;
}

const decoder = new TextDecoder();
const withoutEnd = (text: string) => text.replace(/[\r\n]+$/, "");

/** Whether `event` stands for exactly `lines` (consecutive lines of its stream). */
function fits(event: LabLogEvent, lines: readonly WireLine[]): boolean {
  const total = lines.reduce((n, l) => n + l.bytes.length, 0);
  const shown = event.shown;
  if (shown === undefined) {
    // Without a count either, a line stands for one packet line, whatever it holds.
    return event.bytes === undefined
      ? lines.length === 1
      : total >= event.bytes && total <= event.bytes + event.slack;
  }
  const wire = withoutEnd(decoder.decode(concat(lines))).trimEnd();
  const logged = shown.kind === "bytes"
    ? withoutEnd(decoder.decode(shown.bytes)).trimEnd()
    : shown.text.trimEnd();
  // A relayed line may carry the sender's tag in front of the text the log printed.
  return wire === logged || (event.tag !== "RECV" && logged !== "" && wire.endsWith(` ${logged}`));
}

function concat(lines: readonly WireLine[]): Uint8Array {
  const out = new Uint8Array(lines.reduce((n, l) => n + l.bytes.length, 0));
  let at = 0;
  for (const l of lines) {
    out.set(l.bytes, at);
    at += l.bytes.length;
  }
  return out;
}

/** How many lines from `j` on `event` stands for, or 0. */
function span(event: LabLogEvent, lines: readonly WireLine[], j: number): number {
  for (let k = 1; k <= MAX_LINES_PER_LOG_LINE && j + k <= lines.length; k++) {
    if (fits(event, lines.slice(j, j + k))) return k;
  }
  return 0;
}

/** Aligns one direction's log lines with its packet lines; returns what found no partner. */
export function align(
  events: readonly LabLogEvent[],
  lines: readonly WireLine[],
): HandinLogProblem[] {
  const problems: HandinLogProblem[] = [];
  let unlogged: WireLine[] = [];
  const endRun = () => {
    if (unlogged.length > 0) problems.push({ kind: "unlogged", wire: unlogged });
    unlogged = [];
  };
  let i = 0;
  let j = 0;
  while (i < events.length && j < lines.length) {
    const k = span(events[i], lines, j);
    if (k > 0) {
      endRun();
      i++;
      j += k;
      continue;
    }
    let skipLines = 1;
    while (skipLines <= RESYNC_WINDOW && j + skipLines < lines.length) {
      if (span(events[i], lines, j + skipLines) > 0) break;
      skipLines++;
    }
    let skipEvents = 1;
    while (skipEvents <= RESYNC_WINDOW && i + skipEvents < events.length) {
      if (span(events[i + skipEvents], lines, j) > 0) break;
      skipEvents++;
    }
    const linesFound = skipLines <= RESYNC_WINDOW && j + skipLines < lines.length;
    const eventsFound = skipEvents <= RESYNC_WINDOW && i + skipEvents < events.length;
    if (!linesFound && !eventsFound) {
      endRun();
      problems.push({ kind: "differs", line: events[i].line, wire: lines[j] });
      i++;
      j++;
    } else if (linesFound && (!eventsFound || skipLines <= skipEvents)) {
      unlogged.push(...lines.slice(j, j + skipLines));
      j += skipLines;
    } else {
      endRun();
      for (const e of events.slice(i, i + skipEvents)) {
        problems.push({ kind: "noPacket", line: e.line });
      }
      i += skipEvents;
    }
  }
  unlogged.push(...lines.slice(j));
  endRun();
  for (const e of events.slice(i)) problems.push({ kind: "noPacket", line: e.line });
  return problems;
}

/** Every log line without its packets, and every packet line without its log line. */
export function pairLogWithCapture(
  log: string,
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  port: number,
): HandinLogProblem[] {
  const byKey = new Map<string, LabLogEvent[]>();
  const problems: HandinLogProblem[] = [];
  const perMessage = parseLabLog(log).filter((e) =>
    e.tag === "RECV" || e.tag === "FWD" || e.tag === "SEND"
  );
  for (const e of perMessage) {
    if ((e.unnamed ?? 0) > 0) problems.push({ kind: "unnamed", count: e.unnamed!, line: e.line });
    for (const p of e.ports) {
      const key = `${p}${e.tag === "RECV" ? ">" : "<"}`;
      const list = byKey.get(key);
      if (list) list.push(e);
      else byKey.set(key, [e]);
    }
  }
  const wire = wireLines(segments, payloads, port);
  const inCapture = new Set(segments.flatMap((s) => [s.srcPort, s.dstPort]));
  // Each port's log lines in the log's order (a FWD line may name several ports).
  const byPort = new Map<number, LabLogEvent[]>();
  for (const e of perMessage) {
    for (const p of new Set(e.ports)) {
      const list = byPort.get(p);
      if (list) list.push(e);
      else byPort.set(p, [e]);
    }
  }
  const absent = [...byPort.keys()].filter((p) => !inCapture.has(p));
  // A log of another session matches nothing: one line says so, not one per log line.
  if (byPort.size > 0 && absent.length === byPort.size) {
    return [{ kind: "otherSession", ports: absent }];
  }
  for (const p of absent) {
    const lines = byPort.get(p)!;
    problems.push({ kind: "portAbsent", port: p, lines: lines.length, line: lines[0].line });
  }
  for (const key of new Set([...byKey.keys(), ...wire.keys()])) {
    if (absent.includes(Number(key.slice(0, -1)))) continue;
    problems.push(...align(byKey.get(key) ?? [], wire.get(key) ?? []));
  }
  return problems;
}
