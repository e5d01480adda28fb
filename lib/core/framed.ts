/**
 * What a `LineFramer` finds in a byte stream (lib/core/line_framer.ts says the rules): lines,
 * the overflow of a line over the limit and its discarded rest, and the late second byte of a CR
 * newline. Every byte of the stream is in exactly one item's `bytes`, so a log of the items counts
 * every byte received, as a capture does.
 *
 * @module
 */

/** Most characters of an over-long line kept to show how it began: enough to recognise it. */
export const OVERFLOW_HEAD_CHARACTERS = 40;

/** What ended a line: a newline, a pause (no-newline clients), or the peer closing. */
export type LineEnd = "newline" | "pause" | "close";

/** A complete line. */
export interface FramedLine {
  /** Tells a line from an `overflow`. */
  readonly kind: "line";
  /** The decoded line without its terminator; with `editing`, as its edit keys left it. */
  readonly text: string;
  /** Bytes the line took on the wire, edit keys and terminator included (what Wireshark counts). */
  readonly bytes: number;
  /** What ended it. */
  readonly end: LineEnd;
  /** The newline's bytes, as they came, when a newline ended it: the byte view shows them. */
  readonly newline?: Newline;
  /** The line's bytes (terminator excluded), only when they are not valid UTF-8: `text` shows
   * each bad byte as U+FFFD, these say which bytes came. */
  readonly raw?: Uint8Array;
}

/** The bytes a newline took: LF, CR LF, CR alone, or CR NUL (RFC 854's bare CR). */
export type Newline = "\n" | "\r\n" | "\r" | "\r\0";

/**
 * The LF or NUL of a CR newline whose line had already been released by `LineFramer.settle`
 * (after a pause). It is no text and ends no line; it is reported so that every byte received
 * is accounted for.
 */
export interface FramedPartner {
  /** Tells it from a line or an overflow. */
  readonly kind: "partner";
  /** Which byte came after the CR. */
  readonly byte: "LF" | "NUL";
  /** Bytes it took on the wire: always one. */
  readonly bytes: 1;
}

/** A line found longer than the limit: it is not read, and its rest is discarded. */
export interface FramedOverflow {
  /** Tells it from a line. */
  readonly kind: "overflow";
  /** The limit that was crossed. */
  readonly maxLineBytes: number;
  /**
   * Bytes of the line that had come on the wire when it was found too long: the whole line,
   * newline included, when its end came in the same read; the rest comes as a
   * {@link FramedDiscarded}.
   */
  readonly bytes: number;
  /** How the line began (as edited): at most {@link OVERFLOW_HEAD_CHARACTERS} characters. */
  readonly head: string;
}

/** The rest of an over-long line, discarded up to its end (newline included), a pause or a close. */
export interface FramedDiscarded {
  /** Tells it from a line. */
  readonly kind: "discarded";
  /** The limit the line crossed. */
  readonly maxLineBytes: number;
  /** Bytes discarded on the wire since its {@link FramedOverflow}. */
  readonly bytes: number;
}

/**
 * A framed item: a complete line, the news that a line was too long and was dropped (and later
 * its discarded rest), or the late second byte of a newline ({@link FramedPartner}).
 */
export type Framed = FramedLine | FramedOverflow | FramedDiscarded | FramedPartner;

/**
 * How an over-long line began: its first bytes (`first`, then `then`), decoded, at most
 * {@link OVERFLOW_HEAD_CHARACTERS} characters. Only bytes within the limit `maxLineBytes` are
 * shown: every read that finds a line too long holds them, so the head is the same however the
 * line was cut into reads.
 */
export function overflowHead(maxLineBytes: number, first: Uint8Array, then?: Uint8Array): string {
  // Four bytes at most per UTF-8 character: this many always hold the characters shown.
  const most = Math.min(maxLineBytes, OVERFLOW_HEAD_CHARACTERS * 4);
  let start = first.subarray(0, most);
  if (then && start.length < most) {
    const joined = new Uint8Array(Math.min(most, start.length + then.length));
    joined.set(start);
    joined.set(then.subarray(0, joined.length - start.length), start.length);
    start = joined;
  }
  // A character cut at the end is left out, not shown as U+FFFD (`stream`: it may go on).
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(start, { stream: true });
  return Array.from(text).slice(0, OVERFLOW_HEAD_CHARACTERS).join("");
}
