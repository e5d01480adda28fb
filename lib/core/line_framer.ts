/**
 * Bounded line framing for a TCP byte stream.
 *
 * TCP delivers bytes, not messages: one `read()` may hold half a line, or three lines and a bit.
 * The framer turns chunks into lines without ever holding more than `maxLineBytes` of one
 * unfinished line, so a client that never sends a newline costs a bounded amount of memory.
 *
 * Rules (see docs/PROTOCOL.md, "Framing"):
 * - A newline ends a line: LF, CR LF, CR NUL (telnet's Enter) or a CR alone (PuTTY's Enter in
 *   character mode). The LF or NUL after a CR belongs to it, even when it arrives in a later
 *   read; until the next byte shows which it is, the line waits ({@link awaitsNextByte}). When
 *   the caller ends the wait first ({@link settle}: a pause), the CR alone ended the line, but
 *   its LF or NUL still belongs to it however late it comes: it is reported as a `partner`,
 *   never as an empty line.
 * - Bytes are text as they came, control characters included, unless `editing` is on: then the
 *   keys a terminal's line editing acts on (POSIX "canonical mode" and its signal keys, with
 *   their usual settings, `stty -a`) do what that editing would have done, and never reach the
 *   text. A terminal in character mode sends them as bytes, and the same keys in line mode never
 *   leave the terminal, so a line means the same typed either way:
 *   - ERASE, BS (0x08) or DEL (0x7F): erases the character before it;
 *   - KILL, Ctrl+U (0x15): erases the line typed so far;
 *   - INTR, QUIT and SUSP, Ctrl+C (0x03), Ctrl+\ (0x1C), Ctrl+Z (0x1A): throw the line typed so far
 *     away (in line mode a terminal discards it and telnet sends `IAC IP`, `BRK` or `SUSP`);
 *   - EOF, Ctrl+D (0x04): nothing (in line mode it sends the line so far without a newline, and
 *     at the start of a line telnet sends it as it is; the server does not end a connection for
 *     it: a client leaves with its FIN, `2` or `exit()`).
 *   Editing is for what a person types at a server (the server's input,
 *   lib/core/message_framer.ts, which also applies telnet's `EC` and `EL` through {@link erase});
 *   a program reading what a server printed, or a file, wants every byte, so it is off by default
 *   (like `allowCR` in the standard library's `TextLineStream`, an option a reader asks for).
 * - A line longer than `maxLineBytes` (terminator excluded) is reported once as `overflow`
 *   and its bytes are discarded up to the next newline; the following line is framed normally.
 *   The `overflow` counts the bytes that had come when the line was found too long (the whole
 *   line, newline included, when it came at once) and shows how it began; the bytes discarded
 *   after it come as one `discarded` item when the line ends, so every byte is counted once.
 * - Text is UTF-8; invalid bytes become U+FFFD. Lines are cut on bytes before decoding: CR and LF
 *   never occur inside a multi-byte UTF-8 sequence, so a character split across reads is never
 *   broken.
 *
 * The framer has no clock: {@link flush} ends the unfinished line when the caller decides a pause
 * ended it (lib/core/message_framer.ts decides when), and {@link end} when the peer closed.
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
 *   { kind: "line", text: "hello", bytes: 7, end: "newline", newline: "\r\n" },
 *   { kind: "line", text: "bye", bytes: 4, end: "newline", newline: "\n" },
 * ]);
 * ```
 *
 * @example BS and DEL are text, unless the framer reads a person's typing
 * ```ts
 * import { LineFramer } from "./line_framer.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const typed = new TextEncoder().encode("ab\x7fc\x08d\n");
 * const plain = new LineFramer({ maxLineBytes: 16 });
 * const line = { kind: "line", bytes: 7, end: "newline", newline: "\n" };
 * deepEqual(plain.push(typed), [{ ...line, text: "ab\x7fc\x08d" }]);
 * const keys = new LineFramer({ maxLineBytes: 16, editing: true });
 * deepEqual(keys.push(typed), [{ ...line, text: "ad" }]);
 * ```
 * @module
 */

import {
  type Framed,
  type FramedDiscarded,
  type FramedLine,
  type FramedOverflow,
  type LineEnd,
  type Newline,
  overflowHead,
} from "./framed.ts";

export type {
  Framed,
  FramedDiscarded,
  FramedLine,
  FramedOverflow,
  FramedPartner,
  LineEnd,
  Newline,
} from "./framed.ts";
export { OVERFLOW_HEAD_CHARACTERS } from "./framed.ts";

/** Options for {@link LineFramer}. */
export interface LineFramerOptions {
  /** Longest accepted line in bytes, terminator excluded (with `editing`: as edited). */
  readonly maxLineBytes: number;
  /**
   * The keys of a terminal's line editing (BS, DEL, Ctrl+U, Ctrl+C, ...: the module's notes) edit
   * the line instead of being text. Default false: only a framer for keys typed at a terminal
   * (the server's input) turns it on.
   */
  readonly editing?: boolean;
}

/** Default longest line: a long paragraph, far below anything that could hurt memory. */
export const DEFAULT_MAX_LINE_BYTES = 4096;

/** What a newline ends. */
type Ended = FramedLine | FramedOverflow | FramedDiscarded;

const NUL = 0x00;
const ETX = 0x03; // Ctrl+C
const EOT = 0x04; // Ctrl+D
const BS = 0x08;
const NAK = 0x15; // Ctrl+U
const SUB = 0x1a; // Ctrl+Z
const FS = 0x1c; // Ctrl+\
const LF = 0x0a;
const CR = 0x0d;
const DEL = 0x7f;
const NONE: readonly Framed[] = [];
/** What each editing key does (see the module's notes). */
const KEYS: ReadonlyMap<number, "character" | "line" | "nothing"> = new Map([
  [BS, "character"],
  [DEL, "character"],
  [NAK, "line"],
  [ETX, "line"],
  [FS, "line"],
  [SUB, "line"],
  [EOT, "nothing"],
]);
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Splits a byte stream into bounded UTF-8 lines. Pure: no I/O, no timers. */
export class LineFramer {
  /** The longest line it accepts, in bytes, terminator excluded. */
  readonly maxLineBytes: number;
  /** True when edit keys edit instead of being text (see {@link LineFramerOptions.editing}). */
  readonly editing: boolean;
  // Bytes of the unfinished line (as edited, with `editing`). Allocated only while a line is
  // pending, so an idle connection holds no buffer at all.
  #pending: Uint8Array | null = null;
  #pendingLength = 0;
  // Wire bytes of the unfinished line, edit keys included.
  #pendingWire = 0;
  // True while skipping the rest of an over-long line (until its newline), and the wire bytes
  // skipped so far.
  #discarding = false;
  #discardedWire = 0;
  // The last byte framed was a CR that ended a line, so the next byte may be its LF or NUL,
  // however late it comes. The line (or an over-long line's overflow or discarded rest) is held
  // until that byte (or settle()) shows how many bytes its newline took; once released, a late
  // LF or NUL is reported as a partner.
  #afterCr: { readonly held: Ended } | "released" | null = null;

  /** A framer for one stream; throws a RangeError unless `maxLineBytes` is a positive integer. */
  constructor(options: LineFramerOptions) {
    if (!Number.isInteger(options.maxLineBytes) || options.maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${options.maxLineBytes}`);
    }
    this.maxLineBytes = options.maxLineBytes;
    this.editing = options.editing ?? false;
  }

  /** Bytes currently held for an unfinished line. Never more than `maxLineBytes`. */
  get pendingBytes(): number {
    return this.#pendingLength;
  }

  /** True while an unfinished line (or the rest of an over-long one) is waiting for its end. */
  get unfinished(): boolean {
    return this.#pendingWire > 0 || this.#discarding;
  }

  /** True when a CR ended the last chunk: its line is held until the next byte or a pause. */
  get awaitsNextByte(): boolean {
    return typeof this.#afterCr === "object" && this.#afterCr !== null;
  }

  /** Feeds one chunk; returns the lines (and overflows) it completed, in order. */
  push(chunk: Uint8Array): Framed[] {
    const out: Framed[] = [];
    let start = 0;
    if (this.#afterCr !== null && chunk.length > 0) {
      const after = this.#afterCr;
      const partner = chunk[0] === LF || chunk[0] === NUL;
      this.#afterCr = null;
      if (partner) start = 1;
      if (typeof after === "object") {
        const held = after.held;
        const newline: Newline = chunk[0] === LF ? "\r\n" : "\r\0";
        out.push(
          !partner
            ? held
            : held.kind === "line"
            ? { ...held, bytes: held.bytes + 1, newline }
            : { ...held, bytes: held.bytes + 1 },
        );
      } else if (partner && after === "released") {
        out.push({ kind: "partner", byte: chunk[0] === LF ? "LF" : "NUL", bytes: 1 });
      }
    }
    // Edit keys come from terminals typing in character mode; a chunk without any, or any chunk
    // when editing is off, is framed in bulk, without looking at each byte.
    const edits = this.editing && hasEditKey(chunk, start);
    // Each search resumes after the last terminator found, so no byte is scanned twice.
    let lf = chunk.indexOf(LF, start);
    let cr = chunk.indexOf(CR, start);
    while (start < chunk.length) {
      if (lf !== -1 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(CR, start);
      const stop = cr === -1 ? lf : lf === -1 ? cr : Math.min(lf, cr);
      if (stop === -1) {
        this.#hold(chunk.subarray(start), edits, out);
        break;
      }
      let next = stop + 1;
      const heldForPartner = chunk[stop] === CR && next === chunk.length;
      if (chunk[stop] === CR && !heldForPartner && (chunk[next] === LF || chunk[next] === NUL)) {
        next++;
      }
      const newline: Newline = chunk[stop] === LF
        ? "\n"
        : next - stop === 1
        ? "\r"
        : chunk[stop + 1] === LF
        ? "\r\n"
        : "\r\0";
      const ended = this.#finish(chunk.subarray(start, stop), edits, newline);
      if (heldForPartner) this.#afterCr = { held: ended };
      else out.push(ended);
      start = next;
    }
    return out;
  }

  /**
   * Erases the character before the next byte, or the whole line typed so far, as telnet's `EC`
   * and `EL` (and `IP`) ask (RFC 854); only with `editing`. Bytes after a CR that ended a line
   * belong to the next one, so this never reaches back into a line that ended.
   */
  erase(what: "character" | "line"): void {
    if (!this.editing || this.#discarding) return;
    if (what === "character") this.#eraseLastCharacter();
    else this.#pendingLength = 0;
  }

  /**
   * Counts `bytes` that came on the wire for the line being typed but are no text: the first IAC
   * of telnet's `IAC IAC`, which is one data byte 255 (RFC 854).
   */
  countWire(bytes: number): void {
    if (this.#discarding) this.#discardedWire += bytes;
    else this.#pendingWire += bytes;
  }

  /**
   * Ends the unfinished line now, as `end` says (the caller saw a pause, or the peer closed),
   * and releases a line held after a CR. An over-long line being discarded ends: its rest so
   * far is counted.
   */
  flush(end: Exclude<LineEnd, "newline"> = "pause"): Framed[] {
    const out = [...this.settle()];
    if (this.#discarding) {
      const discarded = this.#endDiscard(0);
      if (discarded.bytes > 0) out.push(discarded);
      return out;
    }
    if (this.#pendingWire === 0) return out;
    const wire = this.#pendingWire;
    out.push(framedLine(this.#take(), wire, end));
    return out;
  }

  /**
   * Releases a line held after a CR: no LF or NUL came (yet), so the CR ended it. An LF or NUL
   * that comes later is still that CR's, and is reported as a {@link FramedPartner}.
   */
  settle(): readonly Framed[] {
    const after = this.#afterCr;
    if (typeof after !== "object" || after === null) return NONE;
    this.#afterCr = "released";
    return [after.held];
  }

  /**
   * Ends the stream (the peer closed). An unfinished line is still a line the user typed, so it
   * is returned rather than lost; its byte count has no terminator.
   */
  end(): Framed[] {
    return this.flush("close");
  }

  #hold(part: Uint8Array, edits: boolean, out: Framed[]): void {
    if (this.#discarding) {
      this.#discardedWire += part.length;
      return;
    }
    this.#pendingWire += part.length;
    if (edits ? this.#append(part) : this.#appendAll(part)) return;
    // Too long, and no end yet: what came so far is the overflow, the rest will be discarded.
    const bytes = this.#pendingWire;
    out.push(this.#overflowItem(bytes, this.#take(), edits ? undefined : part));
    this.#discarding = true;
    this.#discardedWire = 0;
  }

  /** The overflow of a line whose `bytes` came, beginning with `first` then `then`. */
  #overflowItem(bytes: number, first: Uint8Array, then?: Uint8Array): FramedOverflow {
    const head = overflowHead(this.maxLineBytes, first, then);
    return { kind: "overflow", maxLineBytes: this.maxLineBytes, bytes, head };
  }

  /** Ends the discard of an over-long line's rest, whose last `more` bytes end it. */
  #endDiscard(more: number): FramedDiscarded {
    const bytes = this.#discardedWire + more;
    this.#discarding = false;
    this.#discardedWire = 0;
    return { kind: "discarded", maxLineBytes: this.maxLineBytes, bytes };
  }

  /**
   * Completes a line with `tail`, ended by `newline`: the line, its overflow, or the end of its
   * discarded rest.
   */
  #finish(tail: Uint8Array, edits: boolean, newline: Newline): Ended {
    if (this.#discarding) return this.#endDiscard(tail.length + newline.length);
    const wire = this.#pendingWire + tail.length + newline.length;
    let line: Uint8Array | null;
    // How the line began, if it is too long: the bytes held, then the tail.
    let [first, then]: [Uint8Array, Uint8Array?] = [tail];
    if (edits) {
      line = this.#append(tail) ? this.#take() : null;
      if (line === null) first = this.#take();
    } else if (this.#pending === null) {
      line = tail.length <= this.maxLineBytes ? tail : null;
    } else {
      const total = this.#pendingLength + tail.length;
      const head = this.#take();
      line = total <= this.maxLineBytes ? new Uint8Array(total) : null;
      line?.set(head);
      line?.set(tail, head.length);
      [first, then] = [head, tail];
    }
    this.#pendingWire = 0;
    // The whole line came: its overflow counts all of it, newline included.
    if (line === null) return this.#overflowItem(wire, first, then);
    return framedLine(line, wire, "newline", newline);
  }

  /** Appends bytes in bulk; false when the line would grow past the limit. */
  #appendAll(part: Uint8Array): boolean {
    const total = this.#pendingLength + part.length;
    if (total > this.maxLineBytes) return false;
    this.#reserve(total).set(part, this.#pendingLength);
    this.#pendingLength = total;
    return true;
  }

  /** Appends bytes one at a time, applying edit keys; false when the line grew past the limit. */
  #append(part: Uint8Array): boolean {
    for (const byte of part) {
      const key = KEYS.get(byte);
      if (key === "character") this.#eraseLastCharacter();
      if (key === "line") this.#pendingLength = 0;
      if (key !== undefined) continue;
      if (this.#pendingLength === this.maxLineBytes) return false;
      this.#reserve(this.#pendingLength + 1)[this.#pendingLength++] = byte;
    }
    return true;
  }

  /** Drops the last UTF-8 character: its continuation bytes (10xxxxxx) and its first byte. */
  #eraseLastCharacter(): void {
    const bytes = this.#pending;
    if (bytes === null) return;
    while (this.#pendingLength > 0 && (bytes[this.#pendingLength - 1] & 0xc0) === 0x80) {
      this.#pendingLength--;
    }
    if (this.#pendingLength > 0) this.#pendingLength--;
  }

  #reserve(total: number): Uint8Array {
    if (this.#pending !== null && this.#pending.length >= total) return this.#pending;
    const grown = new Uint8Array(Math.min(this.maxLineBytes, Math.max(64, total * 2)));
    if (this.#pending) grown.set(this.#pending.subarray(0, this.#pendingLength));
    return this.#pending = grown;
  }

  #take(): Uint8Array {
    const bytes = this.#pending ? this.#pending.slice(0, this.#pendingLength) : new Uint8Array(0);
    this.#pending = null;
    this.#pendingLength = 0;
    this.#pendingWire = 0;
    return bytes;
  }
}

/** True when `chunk` holds an editing key from `start` on. */
function hasEditKey(chunk: Uint8Array, start: number): boolean {
  for (const key of KEYS.keys()) if (chunk.indexOf(key, start) !== -1) return true;
  return false;
}

/** A line of `bytes`; its raw bytes kept only when they are not valid UTF-8 (rare). */
function framedLine(bytes: Uint8Array, wire: number, end: LineEnd, newline?: Newline): FramedLine {
  const text = decoder.decode(bytes);
  const line: FramedLine = newline === undefined
    ? { kind: "line", text, bytes: wire, end }
    : { kind: "line", text, bytes: wire, end, newline };
  // U+FFFD stands for each bad byte; a U+FFFD that came as such is kept as bytes too, harmlessly.
  return text.includes("\uFFFD") ? { ...line, raw: bytes.slice() } : line;
}
