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
 * | U+206A-206F, U+FEFF, U+FFF9-FFFB     | invisible format characters that hide or move text        |
 * |                                      | (deprecated shaping controls, the BOM, annotations)       |
 * | lone surrogates U+D800-DFFF          | not text: an encoder writes U+FFFD or fails               |
 *
 * Invalid UTF-8 never reaches here: decoding a peer's bytes turns it into U+FFFD. Zero-width
 * joiners (U+200C, U+200D) are left alone: emoji and several scripts need them, and they move
 * nothing.
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
const UNSAFE_SOURCE = "[\\0-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u206f" +
  "\\ufeff\\ufff9-\\ufffb\\ud800-\\udfff]";
const ANY = new RegExp(UNSAFE_SOURCE, "u");
const ALL = new RegExp(UNSAFE_SOURCE, "gu");

/** True when `text` holds a character of the list above. */
export function hasUnsafe(text: string): boolean {
  return ANY.test(text);
}

/**
 * `text` with every character of the list above replaced by `render(ch)` (`ch` is one UTF-16
 * unit); text without any is returned as it is, without copying.
 */
export function replaceUnsafe(text: string, render: (ch: string) => string): string {
  return ANY.test(text) ? text.replace(ALL, render) : text;
}
