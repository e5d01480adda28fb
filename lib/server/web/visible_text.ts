/**
 * Peer text made visible for the live view: every character that could act rather than show is
 * written as an escape, the way the log quotes it (`\u202e`, `\u001b`, `\n`).
 *
 * The page sets text only as text (`textContent`), so no markup can run; this is about what
 * shows. A right-to-left override (U+202E) would turn the rest of a row around, an isolate or
 * mark would move text across cells, a control or a lone surrogate would show as nothing: each
 * becomes its escape, so a projector shows exactly what was attempted. Escapes follow
 * `JSON.stringify`, whose `\\` then tells a typed backslash from an escape.
 *
 * @example
 * ```ts
 * import { visibleBytes, visibleText } from "./visible_text.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(visibleText("hi"), "hi");
 * equal(visibleText("abc\u202Etxt.exe"), "abc\\u202etxt.exe");
 * equal(visibleText("ad\u200Bmin"), "ad\\u200bmin");
 * equal(visibleText("a\\b\x1b[2J"), "a\\\\b\\u001b[2J");
 * equal(visibleBytes(new Uint8Array([0x68, 0xc3, 0xa9, 0xff, 0xfe, 0x0d])), "hé\\xff\\xfe\\r");
 * ```
 * @module
 */

import { escapeUnsafe, hasUnsafe, replaceUnsafe } from "../../core/unsafe_chars.ts";

/**
 * `text` with every character of the one list (`lib/core/unsafe_chars.ts`) escaped as the log
 * escapes it; clean text is returned as it is.
 */
export function visibleText(text: string): string {
  return hasUnsafe(text) ? escaped(text) : text;
}

/** `text` escaped, its backslashes doubled, whether or not it has anything else to escape. */
function escaped(text: string): string {
  return replaceUnsafe(text.replaceAll("\\", "\\\\"), escapeUnsafe);
}

/** At most `max` characters of `text` (never splitting a surrogate pair), `…` when cut. */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + "…";
}

const decoder = new TextDecoder();

/**
 * Bytes as received, made visible: valid UTF-8 as {@link visibleText} shows it, each byte that
 * is no part of a valid UTF-8 sequence as `\xNN` (so `\xff\xfe` is what came, where the
 * decoded text shows U+FFFD).
 */
export function visibleBytes(bytes: Uint8Array): string {
  let out = "";
  let start = 0;
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    out += escaped(decoder.decode(bytes.subarray(start, at)));
    out += `\\x${bytes[at].toString(16).padStart(2, "0")}`;
    start = ++at;
  }
  return out + escaped(decoder.decode(bytes.subarray(start)));
}

/** Bytes of the valid UTF-8 sequence at `at`, or 0 (RFC 3629 §4: no overlong forms, no
 * surrogates, nothing past U+10FFFF). */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at];
  if (lead < 0x80) return 1;
  const [length, low, high] = lead >= 0xc2 && lead <= 0xdf
    ? [2, 0x80, 0xbf]
    : lead === 0xe0
    ? [3, 0xa0, 0xbf]
    : lead === 0xed
    ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef
    ? [3, 0x80, 0xbf]
    : lead === 0xf0
    ? [4, 0x90, 0xbf]
    : lead === 0xf4
    ? [4, 0x80, 0x8f]
    : lead >= 0xf1 && lead <= 0xf3
    ? [4, 0x80, 0xbf]
    : [0, 0, 0];
  if (length === 0 || at + length > bytes.length) return 0;
  if (bytes[at + 1] < low || bytes[at + 1] > high) return 0;
  for (let i = 2; i < length; i++) {
    if (bytes[at + i] < 0x80 || bytes[at + i] > 0xbf) return 0;
  }
  return length;
}
