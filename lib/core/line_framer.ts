/**
 * Bounded line framing for a TCP byte stream.
 *
 * TCP delivers bytes, not messages: one `read()` may hold half a line, or three lines and a bit.
 * The framer turns chunks into lines without ever holding more than `maxLineBytes` (+1 for a CR)
 * of one unfinished line, so a client that never sends a newline costs a bounded amount of memory.
 *
 * Rules (see docs/PROTOCOL.md):
 * - LF ends a line; a CR right before it is dropped, so `nc -C`, telnet and Windows tools work.
 * - A line longer than `maxLineBytes` (terminator excluded) is reported once as `overflow`
 *   and its bytes are discarded up to the next LF; the following line is framed normally.
 * - Text is UTF-8; invalid bytes become U+FFFD. Lines are cut on bytes before decoding: 0x0A
 *   never occurs inside a multi-byte UTF-8 sequence, so decoding each whole line gives exactly
 *   what a streaming decoder (`{ stream: true }`) would, and a character split across two reads
 *   is never broken.
 *
 * @example Framing chunks split mid-line and mid-CRLF
 * ```ts
 * import { LineFramer } from "./line_framer.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const framer = new LineFramer({ maxLineBytes: 16 });
 * const enc = new TextEncoder();
 * deepEqual(framer.push(enc.encode("hel")), []);
 * deepEqual(framer.push(enc.encode("lo\r")), []);
 * deepEqual(framer.push(enc.encode("\nbye\n")), [
 *   { kind: "line", text: "hello", bytes: 7 },
 *   { kind: "line", text: "bye", bytes: 4 },
 * ]);
 * ```
 * @module
 */

/** A framed item: a complete line, or the news that a line was too long and was dropped. */
export type Framed =
  | {
    readonly kind: "line";
    /** The decoded line without its terminator. */
    readonly text: string;
    /** Bytes the line took on the wire, terminator included (what Wireshark counts). */
    readonly bytes: number;
  }
  | {
    readonly kind: "overflow";
    /** The limit that was crossed. */
    readonly maxLineBytes: number;
  };

/** Options for {@link LineFramer}. */
export interface LineFramerOptions {
  /** Longest accepted line in bytes, terminator excluded. */
  readonly maxLineBytes: number;
}

/** Default longest line: a long paragraph, far below anything that could hurt memory. */
export const DEFAULT_MAX_LINE_BYTES = 4096;

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Splits a byte stream into bounded UTF-8 lines. Pure: no I/O, no timers. */
export class LineFramer {
  readonly maxLineBytes: number;
  // Bytes of the unfinished line. Allocated only while a line is pending, so an idle
  // connection holds no buffer at all.
  #pending: Uint8Array | null = null;
  #pendingLength = 0;
  // True while skipping the rest of an over-long line (until its LF).
  #discarding = false;

  constructor(options: LineFramerOptions) {
    if (!Number.isInteger(options.maxLineBytes) || options.maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${options.maxLineBytes}`);
    }
    this.maxLineBytes = options.maxLineBytes;
  }

  /** Bytes currently held for an unfinished line. Never more than `maxLineBytes + 1`. */
  get pendingBytes(): number {
    return this.#pendingLength;
  }

  /** Feeds one chunk; returns the lines (and overflows) it completed, in order. */
  push(chunk: Uint8Array): Framed[] {
    const out: Framed[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) {
        this.#hold(chunk.subarray(start), out);
        break;
      }
      this.#finish(chunk.subarray(start, lf), out);
      start = lf + 1;
    }
    return out;
  }

  /**
   * Ends the stream (the peer closed). An unfinished line is still a line the user typed, so it
   * is returned rather than lost; its byte count has no terminator.
   */
  end(): Framed[] {
    if (this.#discarding) {
      this.#discarding = false;
      return [];
    }
    if (this.#pendingLength === 0) return [];
    const bytes = this.#take();
    return [{ kind: "line", text: decoder.decode(bytes), bytes: bytes.length }];
  }

  #hold(part: Uint8Array, out: Framed[]): void {
    if (this.#discarding) return;
    const total = this.#pendingLength + part.length;
    // +1 leaves room for the CR of a CRLF that arrives split across reads.
    if (total > this.maxLineBytes + 1) {
      this.#overflow(out);
      return;
    }
    if (this.#pending === null || this.#pending.length < total) {
      const grown = new Uint8Array(Math.min(this.maxLineBytes + 1, Math.max(64, total * 2)));
      if (this.#pending) grown.set(this.#pending.subarray(0, this.#pendingLength));
      this.#pending = grown;
    }
    this.#pending.set(part, this.#pendingLength);
    this.#pendingLength = total;
  }

  #finish(tail: Uint8Array, out: Framed[]): void {
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    let line = tail;
    if (this.#pendingLength > 0) {
      const total = this.#pendingLength + tail.length;
      if (total > this.maxLineBytes + 1) {
        this.#overflow(out);
        this.#discarding = false;
        return;
      }
      line = new Uint8Array(total);
      line.set(this.#take());
      line.set(tail, total - tail.length);
    }
    const wireBytes = line.length + 1;
    const textLength = line.length > 0 && line[line.length - 1] === CR
      ? line.length - 1
      : line.length;
    if (textLength > this.maxLineBytes) {
      out.push({ kind: "overflow", maxLineBytes: this.maxLineBytes });
      return;
    }
    out.push({
      kind: "line",
      text: decoder.decode(line.subarray(0, textLength)),
      bytes: wireBytes,
    });
  }

  #overflow(out: Framed[]): void {
    this.#take();
    this.#discarding = true;
    out.push({ kind: "overflow", maxLineBytes: this.maxLineBytes });
  }

  #take(): Uint8Array {
    const bytes = this.#pending ? this.#pending.slice(0, this.#pendingLength) : new Uint8Array(0);
    this.#pending = null;
    this.#pendingLength = 0;
    return bytes;
  }
}
