import { equal } from "node:assert/strict";
import { sanitizePeerText } from "./sanitize.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("sanitize: clean text, UTF-8 and emoji pass unchanged", () => {
  equal(sanitizePeerText("salut, ce faceți? 👋 中文"), "salut, ce faceți? 👋 中文");
});

test("sanitize: ESC, BEL, NUL, CR, DEL become caret notation; TAB a space", () => {
  equal(sanitizePeerText("\x1b]0;pwned\x07\x00a\rb\x7f\tc"), "^[]0;pwned^G^@a^Mb^? c");
});

test("sanitize: C1 controls and bidi overrides become U+FFFD", () => {
  equal(sanitizePeerText("\x9b2J \u202Eevil\u2066"), "\uFFFD2J \uFFFDevil\uFFFD");
});

test("sanitize: repeated calls are independent of regex state", () => {
  equal(sanitizePeerText("\x1b"), "^[");
  equal(sanitizePeerText("\x1b"), "^[");
  equal(sanitizePeerText("ok"), "ok");
});

test("sanitize: line separators, every bidi control, the BOM and lone surrogates become U+FFFD", () => {
  equal(
    sanitizePeerText("a\u2028b\u2029c\u0085d\u200ee\u061cf\ufeffg\ud800h"),
    "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh",
  );
  // VT, FF and the separators Python's splitlines breaks on are C0: caret notation.
  equal(sanitizePeerText("\v\f\x1c\x1d\x1e"), "^K^L^\\^]^^");
  // Joiners are text: emoji sequences and scripts need them.
  equal(sanitizePeerText("👩‍💻 नमस्ते"), "👩‍💻 नमस्ते");
});
