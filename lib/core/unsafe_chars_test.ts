import { deepEqual, equal } from "node:assert/strict";
import { escapeUnsafe, hasUnsafe, replaceUnsafe } from "./unsafe_chars.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** Every code point, lone surrogates included, as a one- or two-unit string. */
function* everyCodePoint(): Generator<[number, string]> {
  for (let cp = 0; cp <= 0x10ffff; cp++) yield [cp, String.fromCodePoint(cp)];
}

// Where common readers end a line: Python's str.splitlines (its documentation's table), JavaScript's
// LineTerminator (ECMA-262), and Unicode's mandatory breaks (UAX #14 classes BK, CR, LF, NL).
const PYTHON_SPLITLINES = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029";
const JAVASCRIPT_LINE_TERMINATORS = "\n\r\u2028\u2029";
const UAX14_MANDATORY = "\v\f\u2028\u2029\r\n\x85";

test("unsafe: every line break of Python, JavaScript and Unicode is in the list", () => {
  for (const ch of PYTHON_SPLITLINES + JAVASCRIPT_LINE_TERMINATORS + UAX14_MANDATORY) {
    equal(hasUnsafe(ch), true, `U+${ch.charCodeAt(0).toString(16)}`);
  }
});

test("unsafe: every control, separator, bidi control and lone surrogate is in the list", () => {
  const must = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u;
  const missed: string[] = [];
  for (const [cp, ch] of everyCodePoint()) {
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    if ((must.test(ch) || lone) && !hasUnsafe(ch)) missed.push(cp.toString(16));
  }
  deepEqual(missed, []);
});

test("unsafe: nothing else is: letters of every script, marks, emoji and their joiners pass", () => {
  // Beyond the classes above, the list holds the invisible format characters (Cf) but the
  // joiners that emoji and scripts need.
  const alsoListed = /(?![\u200c\u200d])\p{Cf}/u;
  const extra: string[] = [];
  for (const [cp, ch] of everyCodePoint()) {
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    const expected = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u.test(ch) || lone ||
      alsoListed.test(ch);
    if (hasUnsafe(ch) !== expected) extra.push(cp.toString(16));
  }
  deepEqual(extra, []);
  equal(hasUnsafe("Ștefan, ce faceți? 中文 עברית 👩‍💻 é"), false);
});

test("unsafe: every invisible format character is listed, but the joiners; escapes are JSON's", () => {
  for (const ch of "\u00ad\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u{e0001}\u{e0041}") {
    equal(hasUnsafe(`a${ch}b`), true, `U+${ch.codePointAt(0)!.toString(16)}`);
  }
  equal(hasUnsafe("👩\u200d💻 \u0646\u200c\u0627"), false);
  equal(replaceUnsafe("a\u200bb\u{e0041}", escapeUnsafe), "a\\u200bb\\udb40\\udc41");
  equal(JSON.parse(`"${replaceUnsafe("a\u200bb\u{e0041}", escapeUnsafe)}"`), "a\u200bb\u{e0041}");
});

test("unsafe: each character is rendered as the caller chooses, text around it untouched", () => {
  const hex = (ch: string) => `<${ch.charCodeAt(0).toString(16)}>`;
  equal(replaceUnsafe("a\u0085b\u202ec\ud800", hex), "a<85>b<202e>c<d800>");
  const clean = "nothing to do 👋";
  equal(replaceUnsafe(clean, hex), clean);
});
