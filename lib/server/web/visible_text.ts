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

// C0 controls and DEL, C1 controls, Unicode's bidi marks, embeddings, overrides and isolates
// (UAX #9: U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), the line and paragraph
// separators, the BOM, and lone surrogates.
const ACTING =
  // deno-lint-ignore no-control-regex -- matching control characters is the point.
  /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ACTING_ALL = new RegExp(ACTING.source, "g");

/** `text` with every acting character escaped; clean text is returned as it is. */
export function visibleText(text: string): string {
  if (!ACTING.test(text)) return text;
  return text.replaceAll("\\", "\\\\").replace(ACTING_ALL, escape);
}

function escape(ch: string): string {
  switch (ch) {
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
  }
  return "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/** At most `max` characters of `text` (never splitting a surrogate pair), `…` when cut. */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + "…";
}
