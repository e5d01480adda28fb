// Everything a student reads in Romanian speaks to one student with "tu", as the grader does:
// the recorder once said "dumneavoastră" and the lab page "voi". And a TCP connection is one
// "flux TCP" everywhere (Wireshark's field keeps its name, `tcp.stream`).
import { deepEqual } from "node:assert/strict";

const ROOT = new URL("..", import.meta.url).pathname;

/** Plural or polite address: pronouns, and the imperatives students are told to use. */
const NOT_TU = new RegExp(
  [
    "dumneavoastră",
    "\\bvoastr[ăe]\\b",
    "\\bvostru\\b",
    "\\bvoștri\\b",
    "\\bvouă\\b",
    "\\bvă\\b",
    "-vă\\b",
    "\\b(?:Deschideți|Trimiteți|Verificați|Porniți|Opriți|Scrieți|Apăsați|Rulați|Înregistrați|Folosiți|Adăugați|Corectați|Conectați-vă)\\b",
    "\\b(?:aveți|puteți|vreți|vedeți|predați|capturați)\\b",
  ].join("|"),
  "i",
);
const STREAM = /stream-uri|\bstream TCP|\bstream-ul\b/;

/** The Romanian a student reads: the catalogues, and the lab page up to the teachers' half. */
async function studentTexts(): Promise<[string, string][]> {
  const files = [
    "lib/grade/texts_ro.ts",
    "lib/grade/handin_texts_ro.ts",
    "lib/process/port_busy.ts",
  ];
  const texts: [string, string][] = [];
  for (const file of files) texts.push([file, await Deno.readTextFile(`${ROOT}${file}`)]);
  const record = await Deno.readTextFile(`${ROOT}lib/record/texts.ts`);
  texts.push(["lib/record/texts.ts", record.slice(record.indexOf("const RO"))]);
  const lab = await Deno.readTextFile(`${ROOT}docs/LAB.ro.md`);
  texts.push(["docs/LAB.ro.md", lab.slice(0, lab.indexOf("## Pentru profesori"))]);
  return texts;
}

Deno.test("Romanian: every text a student reads says tu, and flux TCP", async () => {
  const found: string[] = [];
  for (const [file, text] of await studentTexts()) {
    text.split("\n").forEach((line, i) => {
      if (NOT_TU.test(line) || STREAM.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  deepEqual(found, []);
});
