/**
 * What a grader's client received, cut into lines to judge: each line's bytes exactly as they
 * came (a `\r` before the `\n` is kept, so a report can show it), and the bytes after the last
 * `\n`. The grader frames nothing else: a server's output is judged as the bytes it was.
 *
 * @example
 * ```ts
 * import { splitLines, text } from "./lines.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const { lines, rest } = splitLines(new TextEncoder().encode("a\r\nb\nc"));
 * deepEqual(lines.map(text), ["a\r", "b"]);
 * deepEqual(text(rest), "c");
 * ```
 * @module
 */

const LF = 0x0a;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Complete lines (without their `\n`) and the unfinished rest. */
export interface Lines {
  readonly lines: readonly Uint8Array[];
  readonly rest: Uint8Array;
}

/** Cuts bytes at each LF. */
export function splitLines(bytes: Uint8Array): Lines {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, start)) {
    lines.push(bytes.subarray(start, i));
    start = i + 1;
  }
  return { lines, rest: bytes.subarray(start) };
}

/** Bytes as text (invalid UTF-8 as U+FFFD), for comparing with what was expected. */
export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A line without the `\r` that CRLF clients and servers leave before its `\n`. */
export function withoutCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

/** UTF-8 bytes of a string. */
export function utf8(value: string): Uint8Array {
  return encoder.encode(value);
}

/** True when `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
