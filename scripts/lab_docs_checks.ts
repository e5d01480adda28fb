/**
 * Writes the table of checks into docs/LAB.md and docs/LAB.ro.md, between their
 * `<!-- checks: begin ... -->` and `<!-- checks: end -->` lines, from the grader's own checks and
 * titles (lib/grade/check_table.ts). tests/lab_docs_test.ts fails when a table differs from
 * what this writes: run it after changing a check or a title.
 *
 *   deno run --allow-read --allow-write scripts/lab_docs_checks.ts
 *
 * @module
 */

import { replaceCheckTable } from "../lib/grade/check_table.ts";
import { GRADE_TEXTS } from "../lib/grade/texts.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DOCS = { en: "docs/LAB.md", ro: "docs/LAB.ro.md" } as const;

for (const [lang, file] of Object.entries(DOCS) as [keyof typeof DOCS, string][]) {
  const path = `${ROOT}${file}`;
  const text = await Deno.readTextFile(path);
  const updated = replaceCheckTable(text, GRADE_TEXTS[lang]);
  if (updated === undefined) {
    console.error(
      `lab_docs_checks: ${file} has no <!-- checks: begin --> ... <!-- checks: end -->`,
    );
    Deno.exit(1);
  }
  if (updated !== text) await Deno.writeTextFile(path, updated);
  console.log(`${file}: ${updated === text ? "up to date" : "table written"}`);
}
