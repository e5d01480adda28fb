/**
 * How many terminal columns text takes, and where its user-perceived characters begin and end.
 *
 * A user thinks in graphemes ("é", "世", "👍🏽", "🇷🇴"), not in UTF-16 code units or code points:
 * the cursor moves over whole graphemes and backspace deletes one. Graphemes come from
 * `Intl.Segmenter`; widths follow Unicode's East Asian Width (Wide and Fullwidth take two columns)
 * and emoji presentation (two columns), with marks and format characters taking none, and the
 * exceptions every terminal's `wcwidth` makes (Markus Kuhn's, glibc's, which tmux and xterm use):
 * the soft hyphen and the prepended concatenation marks (U+0600-0605, U+06DD...) are printed and
 * take one column, and the vowels and final consonants of Hangul Jamo (U+1160-11FF, U+D7B0-D7FF)
 * join the syllable before them and take none. The tables below are ours rather than a library's:
 * they are short, and terminals disagree at the edges anyway (a lone regional indicator, a
 * ZWJ emoji sequence a terminal draws as its parts).
 *
 * @example
 * ```ts
 * import { graphemes, textWidth } from "./width.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * deepEqual(graphemes("e\u0301🇷🇴"), ["e\u0301", "🇷🇴"]);
 * equal(textWidth("hi 世界 🙂"), 10);
 * ```
 * @module
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The graphemes of `text`, in order. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** UTF-16 offsets where graphemes start, plus `text.length`: every place a cursor may stand. */
export function boundaries(text: string): number[] {
  const stops = Array.from(segmenter.segment(text), (s) => s.index);
  stops.push(text.length);
  return stops;
}

// Wide and Fullwidth blocks of Unicode's EastAsianWidth.txt, merged into ranges. Emoji are
// handled separately, through their presentation property.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo leading consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x1b000, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x20000, 0x2fffd], // CJK extensions B to F
  [0x30000, 0x3fffd], // CJK extensions G and H
];

// Format characters that terminals print, one column each: the soft hyphen and the prepended
// concatenation marks (Unicode's PropList.txt, Prepended_Concatenation_Mark).
const PRINTED_FORMAT = /^[\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;
// Letters that take no column: Hangul Jamo medial vowels and final consonants (and their extended
// block), which terminals draw inside the syllable they follow.
const JOINING_JAMO = /^[\u1160-\u11ff\ud7b0-\ud7ff]+$/;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;
const EMOJI_STYLE = "\uFE0F";

function isWide(codePoint: number): boolean {
  let low = 0;
  let high = WIDE.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = WIDE[middle];
    if (codePoint < from) high = middle - 1;
    else if (codePoint > to) low = middle + 1;
    else return true;
  }
  return false;
}

/** Columns one grapheme takes on a terminal: 0, 1 or 2. */
export function graphemeWidth(grapheme: string): number {
  if (grapheme === "") return 0;
  const first = grapheme.codePointAt(0) ?? 0;
  if (first < 0x7f) return first < 0x20 ? 0 : 1;
  // A prepended mark is a grapheme with the character after it, and a column of its own.
  if (PRINTED_FORMAT.test(grapheme)) {
    return 1 + graphemeWidth(grapheme.slice(first > 0xffff ? 2 : 1));
  }
  if (ZERO_WIDTH.test(grapheme) || JOINING_JAMO.test(grapheme)) return 0;
  if (EMOJI_PRESENTATION.test(grapheme)) return 2;
  if (grapheme.includes(EMOJI_STYLE) && PICTOGRAPH.test(grapheme)) return 2;
  return isWide(first) ? 2 : 1;
}

/** Columns `text` takes on a terminal. */
export function textWidth(text: string): number {
  // Plain ASCII needs no segmenting: one column per printable character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const g of graphemes(text)) width += graphemeWidth(g);
  return width;
}
