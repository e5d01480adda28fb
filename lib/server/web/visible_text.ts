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
 * import { visibleText } from "./visible_text.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(visibleText("hi"), "hi");
 * equal(visibleText("abc\u202Etxt.exe"), "abc\\u202etxt.exe");
 * equal(visibleText("a\\b\x1b[2J"), "a\\\\b\\u001b[2J");
 * ```
 * @module
 */

import { escapeUnsafe, hasUnsafe, replaceUnsafe } from "../../core/unsafe_chars.ts";

/**
 * `text` with every character of the one list (`lib/core/unsafe_chars.ts`) escaped as the log
 * escapes it; clean text is returned as it is.
 */
export function visibleText(text: string): string {
  if (!hasUnsafe(text)) return text;
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
