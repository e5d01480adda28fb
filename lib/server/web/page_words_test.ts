// The page's words for a count agree with it in each language: "1 byte", "2 bytes"; Romanian
// "20 de octeți". The page's own modules (words.js, arrow_row.js) run here as they run in the
// browser: they touch the DOM only when drawing.
import { deepEqual, equal } from "node:assert/strict";
import { PAGE_TEXTS } from "./page_texts.ts";
import { counted, setTexts } from "./static/words.js";
import { sideText } from "./static/arrow_row.js";

const NOUNS = /\{0\} (de )?(bytes?|events?|lines?|octe[tț]i?|evenimente?|linii?)\b/;

Deno.test("page words: every count followed by its noun has a form for one, few and many", () => {
  for (const [lang, texts] of Object.entries(PAGE_TEXTS)) {
    for (const [key, text] of Object.entries(texts)) {
      if (!NOUNS.test(text)) continue;
      equal(/\.(one|few|many)$/.test(key), true, `${lang} ${key}: "${text}" has no plural forms`);
    }
  }
});

Deno.test("page words: hidden text, skipped events and waiting events agree with their count", () => {
  const hidden = (len: number) => sideText({ what: "recv", hidden: "private", len, to: [1] });
  const skipped = (n: number) => sideText({ what: "note", kind: "skipped", note: String(n) });
  setTexts(PAGE_TEXTS.en);
  deepEqual([1, 2, 20].map(hidden), [
    "(private, 1 byte)",
    "(private, 2 bytes)",
    "(private, 20 bytes)",
  ]);
  equal(skipped(1), "1 event skipped: more came at once than the page keeps");
  equal(counted("waiting", 1, 1), "paused: 1 new event waiting");
  setTexts(PAGE_TEXTS.ro);
  deepEqual([1, 2, 20, 101, 120].map(hidden), [
    "(privat, 1 octet)",
    "(privat, 2 octeți)",
    "(privat, 20 de octeți)",
    "(privat, 101 octeți)",
    "(privat, 120 de octeți)",
  ]);
  equal(skipped(25), "25 de evenimente sărite: au venit mai multe deodată decât păstrează pagina");
  equal(counted("waiting", 20, 20), "pauză: 20 de evenimente noi așteaptă");
  equal(
    sideText({ what: "note", kind: "overflow", note: "4096" }),
    "linie de peste 4096 de octeți, aruncată",
  );
});
