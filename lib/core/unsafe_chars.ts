/**
 * The characters a peer must never get printed as they are: each does more than show itself when
 * a terminal, a log file or a log reader meets it. It is the one list; each place that prints peer
 * text chooses how to show them: another user's terminal gets caret notation and U+FFFD
 * (`sanitize.ts`), the server's log gets escapes such as `\u0085` (`lib/server/logger.ts`).
 *
 * | characters                           | what printing them does                                   |
 * | ------------------------------------ | --------------------------------------------------------- |
 * | C0 U+0000-001F, DEL U+007F           | LF, CR, VT, FF end a line; FS, GS, RS too for Python's    |
 * |                                      | `str.splitlines`; ESC starts terminal commands; BEL, BS…  |
 * | C1 U+0080-009F                       | NEL U+0085 ends a line (Unicode UAX #14, Python, editors);|
 * |                                      | CSI U+009B is `ESC [` on terminals that take 8-bit codes  |
 * | U+2028, U+2029                       | line and paragraph separators: a new line for JavaScript, |
 * |                                      | Python, browsers and editors                              |
 * | U+061C, U+200E, U+200F, U+202A-202E, | bidi controls: text shows in another order than it was    |
 * | U+2066-2069                          | written (Unicode UAX #9; CVE-2021-42574, Trojan Source)   |
 * | every other format character (Unicode | invisible: they hide text in a line that looks the same   |
 * | category Cf): U+00AD, U+200B,        | (a zero-width space splits a word, an ID, a URL), or join |
 * | U+2060-2064, U+206A-206F, U+FEFF,    | and mark text in ways a reader cannot see (the BOM,       |
 * | U+FFF9-FFFB, U+E0001, U+E0020-E007F… | annotations, tag characters that smuggle ASCII)           |
 * | lone surrogates U+D800-DFFF          | not text: an encoder writes U+FFFD or fails               |
 *
 * Invalid UTF-8 never reaches here: decoding a peer's bytes turns it into U+FFFD. Of the format
 * characters, only the zero-width non-joiner and joiner (U+200C, U+200D) are left alone: emoji and
 * several scripts need them, and they hide nothing. The tag characters (U+E0020-E007F) are listed
 * although three subdivision flags (England, Scotland, Wales) use them: they are also invisible
 * ASCII, and a flag shown as its escapes is the lesser harm. The Cf list is Unicode 16's.
 *
 * @example
 * ```ts
 * import { hasUnsafe, replaceUnsafe } from "./unsafe_chars.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(hasUnsafe("salut 👋"), false);
 * const hex = (ch: string) => `<${ch.charCodeAt(0).toString(16)}>`;
 * equal(replaceUnsafe("a\u0085b\u202ec", hex), "a<85>b<202e>c");
 * ```
 * @module
 */

// With the `u` flag a surrogate pair is one code point, so the range matches lone surrogates only.
const UNSAFE_SOURCE =
  "[\\0-\\x1f\\x7f-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891" +
  "\\u08e2\\u180e\\u200b\\u200e\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff" +
  "\\ufff9-\\ufffb\\ud800-\\udfff\\u{110bd}\\u{110cd}\\u{13430}-\\u{1343f}\\u{1bca0}-\\u{1bca3}" +
  "\\u{1d173}-\\u{1d17a}\\u{e0001}\\u{e0020}-\\u{e007f}]";
const ANY = new RegExp(UNSAFE_SOURCE, "u");
const ALL = new RegExp(UNSAFE_SOURCE, "gu");

/** True when `text` holds a character of the list above. */
export function hasUnsafe(text: string): boolean {
  return ANY.test(text);
}

/**
 * `text` with every character of the list above replaced by `render(ch)` (`ch` is one code point:
 * one UTF-16 unit, or a surrogate pair beyond U+FFFF); text without any is returned as it is,
 * without copying.
 */
export function replaceUnsafe(text: string, render: (ch: string) => string): string {
  return ANY.test(text) ? text.replace(ALL, render) : text;
}

/** The short escapes JSON and JavaScript use; every other character of the list is `\uXXXX`. */
const SHORT_ESCAPES: Record<string, string> = {
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
};

/**
 * How text meant to be read as data (the server's log, the live view) shows a character of the
 * list: the escape JSON and JavaScript write for it (`\n`, `\u0085`, `\u202e`; beyond U+FFFF
 * its surrogate pair, `\udb40\udc01`).
 */
export function escapeUnsafe(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  let out = "";
  for (let i = 0; i < ch.length; i++) {
    out += "\\u" + ch.charCodeAt(i).toString(16).padStart(4, "0");
  }
  return out;
}
