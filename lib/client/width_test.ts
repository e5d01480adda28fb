import { deepEqual, equal } from "node:assert/strict";
import { boundaries, graphemes, graphemeWidth, textWidth } from "./width.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("width: ASCII takes one column a character", () => {
  equal(textWidth("hello, world"), 12);
  equal(textWidth(""), 0);
});

test("width: CJK, Hangul and fullwidth forms take two columns", () => {
  equal(textWidth("世界"), 4);
  equal(textWidth("한국어"), 6);
  equal(textWidth("ＡＢ"), 4);
  equal(textWidth("カタカナ"), 8);
});

test("width: emoji take two columns, whole, however many code points they are made of", () => {
  for (const emoji of ["🙂", "👍🏽", "👨‍👩‍👧", "🇷🇴", "❤️"]) {
    deepEqual(graphemes(emoji), [emoji], emoji);
    equal(graphemeWidth(emoji), 2, emoji);
  }
  // Without the emoji-style selector U+FE0F, ❤ is a one-column text symbol.
  equal(graphemeWidth("❤"), 1);
});

test("width: accents and Romanian letters take one column, combined or precomposed", () => {
  equal(textWidth("ăâîșț"), 5);
  deepEqual(graphemes("e\u0301a"), ["e\u0301", "a"]);
  equal(textWidth("e\u0301"), 1);
  equal(graphemeWidth("\u200b"), 0);
});

test("width: boundaries are where a cursor may stand, between whole graphemes", () => {
  deepEqual(boundaries("a👍🏽b"), [0, 1, 5, 6]);
  deepEqual(boundaries(""), [0]);
});

test("width: the format characters terminals print take a column; joining Hangul jamo none", () => {
  // Every wcwidth agrees (Markus Kuhn's, glibc's, so tmux and xterm): checked against tmux in
  // tests/client_input_test.ts.
  equal(graphemeWidth("\u00ad"), 1, "soft hyphen");
  equal(textWidth("co\u00adop"), 5);
  equal(graphemeWidth("\u0600"), 1, "a prepended concatenation mark alone");
  deepEqual(graphemes("\u0600x"), ["\u0600x"]);
  equal(graphemeWidth("\u0600x"), 2, "the mark and the digit after it, one column each");
  equal(graphemeWidth("\u{110bd}"), 1);
  equal(graphemeWidth("\u1160"), 0, "a Hangul vowel jamo alone");
  equal(graphemeWidth("\ud7b0"), 0);
  equal(textWidth("\u1100\u1161\u11a8"), 2, "a syllable of jamo is one wide character");
  equal(graphemeWidth("\u2060"), 0, "a word joiner stays invisible");
});
