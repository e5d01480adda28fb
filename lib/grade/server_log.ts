/**
 * Reading a lab server's log by meaning, not by layout: the lab prescribes tags, not a format.
 * It reads tcpchat's own log (lib/capture/log_packets.ts parses that one), the course's example
 * (`[RECV] From 127.0.0.1:50000 -> b'hello\n'`, `[SEND] To   127.0.0.1:50000 -> b'Hello\n'`), the
 * template as students complete it (`[FWD] To 127.0.0.1:50001 -> [127.0.0.1:50000] hello`), and
 * the variations students write: Python's address tuples (`('127.0.0.1', 50000)`), `N bytes`,
 * sender and recipient on one line (`[FWD] 127.0.0.1:50000 -> ('127.0.0.1', 50001)`), a time in
 * front.
 *
 * @example
 * ```ts
 * import { parseLabLog } from "./server_log.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const [recv] = parseLabLog("[RECV] From 127.0.0.1:50000 -> b'hi\\n'");
 * deepEqual([recv.tag, recv.ports, recv.bytes, recv.slack], ["RECV", [50000], 3, 0]);
 * ```
 * @module
 */

import { parseLogEvents } from "../capture/log_packets.ts";

/** The tags the lab names. */
export type LabTag = "CONNECT" | "RECV" | "FWD" | "SEND" | "DISCONNECT";

/** One tagged line of a log. */
export interface LabLogEvent {
  readonly tag: LabTag;
  readonly line: string;
  /**
   * The client ports the line is about: the client for CONNECT, DISCONNECT and RECV; the
   * recipients for FWD and SEND.
   */
  readonly ports: readonly number[];
  /** Payload bytes, when the line shows them or their count. */
  readonly bytes?: number;
  /** How many more bytes the payload may have had: a newline a printed text cannot show. */
  readonly slack: number;
  /** A FWD line that counted recipients it did not name (tcpchat's `and 12 more`). */
  readonly unnamed?: number;
  /** The payload as the line shows it, when it does: to be compared with the packets' bytes. */
  readonly shown?: ShownPayload;
}

/**
 * A payload as a log line shows it: the bytes of a Python literal (`b'hi\n'`), or text printed
 * as it is (`print(text)`), which cannot show where its line ended.
 */
export type ShownPayload =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "printed"; readonly text: string };

const TAG = /^[^[]{0,40}?\[(CONNECT|RECV|FWD|SEND|DISCONNECT)\]\s*(.*)$/i;
/** `1.2.3.4:5`, `[::1]:5`, or Python's `('1.2.3.4', 5)` (IPv6 tuples have two more numbers). */
const PEER =
  /(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):(\d{1,5})|\(\s*'[^']*'\s*,\s*(\d{1,5})(?:\s*,\s*\d+){0,2}\s*\)/g;

interface PeerAt {
  readonly port: number;
  readonly start: number;
  readonly end: number;
}

function peersIn(text: string): PeerAt[] {
  return [...text.matchAll(PEER)].map((m) => ({
    port: Number(m[1] ?? m[2]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Where a tag starts a new event even in the middle of a line: threads that `print()` at once
 * interleave their lines (`print` writes the text and its newline separately), so a
 * `[CONNECT]` can follow another thread's text on the same line.
 */
const TAG_START = /(?=\[(?:CONNECT|RECV|FWD|SEND|DISCONNECT)\])/i;

/**
 * The line `deno task record` ends the server's output with, in every language: four dashes,
 * words, four dashes (texts.ts, `handin.outputEnd`). Below it the student writes the 5-7
 * sentences the lab asks for, which may quote log lines: those are not the server's.
 */
export const OUTPUT_END = /^-{4} \S.* -{4}\s*$/;

/** A log cut at its {@link OUTPUT_END} line: the server's output, and what follows (if any). */
export function splitAtOutputEnd(log: string): { output: string; explanation?: string } {
  const lines = log.split("\n");
  const end = lines.findIndex((line) => OUTPUT_END.test(line));
  if (end === -1) return { output: log };
  return { output: lines.slice(0, end).join("\n"), explanation: lines.slice(end + 1).join("\n") };
}

/**
 * Every tagged line of a log, in order; lines without a tag or a client's address are skipped,
 * and so is everything after an {@link OUTPUT_END} line.
 */
export function parseLabLog(log: string): LabLogEvent[] {
  const events: LabLogEvent[] = [];
  const pieces = splitAtOutputEnd(log).output.split("\n").flatMap((raw) =>
    raw.replace(/\r$/, "").split(TAG_START)
  );
  for (const line of pieces) {
    const tagged = TAG.exec(line);
    if (!tagged) continue;
    const tag = tagged[1].toUpperCase() as LabTag;
    const own = tag === "CONNECT" || tag === "DISCONNECT" ? [] : parseLogEvents(line);
    if (own.length === 1) {
      const { ports, bytes, unnamed } = own[0];
      events.push({ tag, line, ports, bytes, slack: 0, ...(unnamed > 0 ? { unnamed } : {}) });
      continue;
    }
    const event = parseLine(tag, line, tagged[2]);
    if (event) events.push(event);
  }
  return events;
}

function parseLine(tag: LabTag, line: string, rest: string): LabLogEvent | undefined {
  const arrow = rest.indexOf("->");
  const head = arrow === -1 ? rest : rest.slice(0, arrow);
  let tail = arrow === -1 ? "" : rest.slice(arrow + 2);
  const inHead = peersIn(head);
  if (inHead.length === 0) return undefined;
  if (tag === "CONNECT" || tag === "DISCONNECT") {
    return { tag, line, ports: [inHead[0].port], slack: 0 };
  }
  let port = inHead[inHead.length - 1].port;
  if (arrow === -1) {
    tail = head.slice(inHead[inHead.length - 1].end).replace(/^[\s:,-]+/, "");
  } else if (tag !== "RECV" && !/\bto\b/i.test(head)) {
    // `SENDER -> RECIPIENT[: payload]`: the recipient is the address right after the arrow.
    const next = peersIn(tail)[0];
    if (next && tail.slice(0, next.start).trim() === "") {
      port = next.port;
      tail = tail.slice(next.end).replace(/^[\s:,-]+/, "");
    }
  }
  const payload = payloadOf(head, tail.replace(/^\s/, ""));
  return { tag, line, ports: [port], ...payload };
}

/** The payload's size: a count the line states, a Python literal's bytes, or printed text. */
function payloadOf(
  head: string,
  tail: string,
): { bytes?: number; slack: number; shown?: ShownPayload } {
  const count = /(\d+)\s+bytes?\b/i.exec(head) ?? /^(\d+)\s+bytes?\b/i.exec(tail);
  if (count) return { bytes: Number(count[1]), slack: 0 };
  const literal = pythonLiteralBytes(leadingLiteral(tail.trim()));
  if (literal !== null) {
    return { bytes: literal.length, slack: 0, shown: { kind: "bytes", bytes: literal } };
  }
  if (tail.trim() === "") return { slack: 0 };
  // Printed text: print() may have taken its newline (\n, or \r\n from telnet) to the next line.
  return {
    bytes: new TextEncoder().encode(tail).length,
    slack: 2,
    shown: { kind: "printed", text: tail },
  };
}

/**
 * A Python literal at the start of `text` (`b'...'`, `'...'`, `"..."`), without what another
 * thread printed right after it: `print` writes its text and its newline apart, so a line can
 * end `b'hi\n'[INFO] Currently connected clients: 3`. Anything else is returned whole.
 */
function leadingLiteral(text: string): string {
  const open = /^b?(['"])/.exec(text);
  if (!open) return text;
  for (let i = open[0].length; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === open[1]) {
      const rest = text.slice(i + 1).trimStart();
      // Only another line's tag may follow; other text means this was no literal after all.
      return rest === "" || /^\[[A-Z][A-Z ]*\]/.test(rest) ? text.slice(0, i + 1) : text;
    }
  }
  return text;
}

const ESCAPES: Readonly<Record<string, number>> = {
  "\\": 0x5c,
  "'": 0x27,
  '"': 0x22,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  "0": 0x00,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
};

/**
 * The bytes of a Python `bytes` literal as `print(data)` shows it (`b'hi\n'`), or of a `str`
 * literal as `print(repr(text))` does (`'hi\n'`, as UTF-8); `null` for anything else.
 */
export function pythonLiteralBytes(value: string): Uint8Array | null {
  const m = /^(b?)(['"])(.*)\2$/s.exec(value);
  if (!m) return null;
  const isBytes = m[1] === "b";
  const body = m[3];
  const out: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") {
      // The text up to the next escape, encoded at once (whole code points: an emoji is two
      // UTF-16 units and 4 bytes in UTF-8). A log line can be kilobytes long.
      const next = body.indexOf("\\", i);
      const run = body.slice(i, next === -1 ? body.length : next);
      if (isBytes && /[\u0080-\uffff]/.test(run)) return null;
      for (const byte of encoder.encode(run)) out.push(byte);
      i += run.length - 1;
      continue;
    }
    const e = body[++i];
    if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      const value = parseInt(body.slice(i + 1, i + 3), 16);
      out.push(...(isBytes ? [value] : encoder.encode(String.fromCharCode(value))));
      i += 2;
    } else if (!isBytes && e === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out.push(...encoder.encode(String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16))));
      i += 4;
    } else if (!isBytes && e === "U" && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 1, i + 9))) {
      const point = parseInt(body.slice(i + 1, i + 9), 16);
      if (point > 0x10ffff) return null;
      out.push(...encoder.encode(String.fromCodePoint(point)));
      i += 8;
    } else if (e !== undefined && e in ESCAPES) {
      out.push(ESCAPES[e]);
    } else {
      out.push(0x5c, ...encoder.encode(e ?? ""));
    }
  }
  return new Uint8Array(out);
}
