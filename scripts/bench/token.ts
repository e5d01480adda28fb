/**
 * The benchmark's line token: which sender, which line, when it left, and a checksum, in a
 * fixed-width ASCII payload. A line that a server splits, merges or corrupts fails the check, so
 * it is counted as lost, never as delivered.
 *
 * A payload is `~` + sender (6 digits) + sequence (9 digits) + send time in µs since the epoch
 * (16 digits) + `x` padding + FNV-1a checksum of everything before it (8 hex digits). A relayed
 * line is `TAG SP PAYLOAD`, where TAG is the server's sender tag: `[ip:port]` (tcpchat broadcast,
 * the course's server), `<user5>` (`ncat --chat`) or `#room <id>` (tcpchat chat mode).
 *
 * Reading works on bytes in place (no decoding, no allocation): the receive side of the load
 * generator must stay cheaper than the server it measures.
 *
 * @example
 * ```ts
 * import { LineKind, TokenReader, writePayload } from "./token.ts";
 * import { equal } from "node:assert/strict";
 *
 * const line = new TextEncoder().encode("[127.0.0.1:5000] " + "\0".repeat(48));
 * writePayload(line, 17, 48, 3, 41, 1_700_000_000_000_000);
 * const reader = new TokenReader(48);
 * equal(reader.read(line, 0, line.length), LineKind.Delivered);
 * equal(reader.sender, 3);
 * equal(reader.seq, 41);
 * ```
 * @module
 */

/** The first byte of every payload, `~`. */
export const MARK = 0x7e;
const PAD = 0x78; // "x"
const SPACE = 0x20;
const SENDER_DIGITS = 6;
const SEQ_DIGITS = 9;
const TIME_DIGITS = 16;
const SUM_DIGITS = 8;
/** The smallest payload: mark, fields and checksum without padding. */
export const MIN_PAYLOAD_BYTES = 1 + SENDER_DIGITS + SEQ_DIGITS + TIME_DIGITS + SUM_DIGITS;
/** Longest sender tag accepted in front of a payload. */
const MAX_TAG_BYTES = 96;
const HEX = new TextEncoder().encode("0123456789abcdef");

/** What a received line turned out to be. */
export enum LineKind {
  /** Not a token line: a server notice, an announcement, a prompt. */
  Other,
  /** `TAG SP PAYLOAD` with an intact payload. */
  Delivered,
  /** An intact payload with no sender tag in front (a server prefixed a read, not a line). */
  Untagged,
  /** Token bytes that fail the check: split, merged or corrupted. */
  Mangled,
}

/** Writes a payload of `size` bytes at `offset`. */
export function writePayload(
  out: Uint8Array,
  offset: number,
  size: number,
  sender: number,
  seq: number,
  timeUs: number,
): void {
  if (size < MIN_PAYLOAD_BYTES) throw new RangeError(`payload below ${MIN_PAYLOAD_BYTES} bytes`);
  out[offset] = MARK;
  let at = writeDigits(out, offset + 1, sender, SENDER_DIGITS);
  at = writeDigits(out, at, seq, SEQ_DIGITS);
  at = writeDigits(out, at, timeUs, TIME_DIGITS);
  const sumAt = offset + size - SUM_DIGITS;
  out.fill(PAD, at, sumAt);
  let sum = fnv1a(out, offset, sumAt);
  for (let i = sumAt + SUM_DIGITS - 1; i >= sumAt; i--) {
    out[i] = HEX[sum & 15];
    sum >>>= 4;
  }
}

/** Classifies lines; after `Delivered` or `Untagged` its fields hold the token's values. */
export class TokenReader {
  readonly payloadBytes: number;
  sender = 0;
  seq = 0;
  timeUs = 0;

  constructor(payloadBytes: number) {
    if (payloadBytes < MIN_PAYLOAD_BYTES) {
      throw new RangeError(`payload below ${MIN_PAYLOAD_BYTES} bytes`);
    }
    this.payloadBytes = payloadBytes;
  }

  /** Classifies the line `bytes[start, end)` (no LF). */
  read(bytes: Uint8Array, start: number, end: number): LineKind {
    const size = this.payloadBytes;
    const length = end - start;
    if (length === size && bytes[start] === MARK) {
      return this.#payload(bytes, start) ? LineKind.Untagged : LineKind.Mangled;
    }
    const payloadAt = end - size;
    if (length > size + 1 && bytes[payloadAt] === MARK && bytes[payloadAt - 1] === SPACE) {
      if (this.#payload(bytes, payloadAt) && isTag(bytes, start, payloadAt - 1)) {
        return LineKind.Delivered;
      }
      return LineKind.Mangled;
    }
    return bytes.subarray(start, end).includes(MARK) ? LineKind.Mangled : LineKind.Other;
  }

  #payload(bytes: Uint8Array, at: number): boolean {
    const sumAt = at + this.payloadBytes - SUM_DIGITS;
    let sum = 0;
    for (let i = sumAt; i < sumAt + SUM_DIGITS; i++) {
      const digit = hexValue(bytes[i]);
      if (digit < 0) return false;
      sum = sum * 16 + digit;
    }
    if (sum !== fnv1a(bytes, at, sumAt)) return false;
    const sender = readDigits(bytes, at + 1, SENDER_DIGITS);
    const seq = readDigits(bytes, at + 1 + SENDER_DIGITS, SEQ_DIGITS);
    const timeUs = readDigits(bytes, at + 1 + SENDER_DIGITS + SEQ_DIGITS, TIME_DIGITS);
    if (sender < 0 || seq < 0 || timeUs < 0) return false;
    this.sender = sender;
    this.seq = seq;
    this.timeUs = timeUs;
    return true;
  }
}

/** A sender tag: `[...]`, `<...>` or `#room <...>`, short, and holding no token bytes. */
function isTag(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length < 2 || length > MAX_TAG_BYTES) return false;
  const first = bytes[start];
  const last = bytes[end - 1];
  const bracketed = first === 0x5b && last === 0x5d; // [ ]
  const angled = (first === 0x3c || first === 0x23) && last === 0x3e; // < or #, then >
  if (!bracketed && !angled) return false;
  for (let i = start; i < end; i++) if (bytes[i] === MARK) return false;
  return true;
}

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

function writeDigits(out: Uint8Array, at: number, value: number, digits: number): number {
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    out[i] = 0x30 + rest % 10;
    rest = Math.floor(rest / 10);
  }
  if (rest !== 0) throw new RangeError(`${value} does not fit in ${digits} digits`);
  return at + digits;
}

/** The decimal number in `digits` bytes, or -1 when one is not a digit. */
function readDigits(bytes: Uint8Array, at: number, digits: number): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
