/**
 * The table of every check, from the checks themselves (checks.ts) and their titles in a
 * language (texts.ts): what `deno task grade --list` prints, and the table of docs/LAB.md and
 * docs/LAB.ro.md (between `<!-- checks: begin -->` and `<!-- checks: end -->`, kept equal to
 * {@link markdownCheckTable} by tests/lab_docs_test.ts, so the docs cannot drift from the grader).
 *
 * @example
 * ```ts
 * import { checkRows } from "./check_table.ts";
 * import { GRADE_EN } from "./texts.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * deepEqual(checkRows(GRADE_EN, "echo")[0], {
 *   id: "echo.reply",
 *   kind: "required",
 *   title: "a line comes back to its sender",
 * });
 * ```
 * @module
 */

import { CHECK_IDS, CHECKS, HANDIN_CHECKS, type Lab, logChecksOf } from "./checks.ts";
import type { GradeTexts } from "./texts.ts";

/** One row: a check's id, its kind in words, and its title. */
export interface CheckRow {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
}

/**
 * Every check in run order, then the hand-in's; with `lab`, only that lab's checks and its log
 * checks.
 */
export function checkRows(t: GradeTexts, lab?: Lab): CheckRow[] {
  const ids = lab === undefined
    ? CHECK_IDS
    : CHECK_IDS.filter((id) => CHECKS[id].lab === lab || logChecksOf(lab).includes(id));
  const rows = ids.map((id) => ({ id, kind: t.list[CHECKS[id].kind], title: t.titles[id] }));
  if (lab !== undefined) return rows;
  return [
    ...rows,
    ...HANDIN_CHECKS.map((id) => ({ id, kind: t.list.handin, title: t.handinTitles[id] })),
  ];
}

/** The rows as aligned columns for a terminal. */
export function textCheckTable(t: GradeTexts, lab?: Lab): string {
  const table = [[t.list.id, t.list.kind, t.list.title], ...toCells(checkRows(t, lab))];
  const widths = [0, 1].map((c) => Math.max(...table.map((r) => r[c].length)));
  return table.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`)
    .join("\n");
}

/** The rows as a Markdown table (ids as code), as `deno fmt` lays it out. */
export function markdownCheckTable(t: GradeTexts): string {
  const table = [
    [t.list.id, t.list.kind, t.list.title],
    ...toCells(checkRows(t)).map(([id, kind, title]) => [`\`${id}\``, kind, title]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(table[0]), line(widths.map((w) => "-".repeat(w))), ...table.slice(1).map(line)]
    .join("\n");
}

function toCells(rows: readonly CheckRow[]): string[][] {
  return rows.map((r) => [r.id, r.kind, r.title]);
}

/** The marks around a doc's table of checks. */
export const TABLE_BEGIN =
  "<!-- checks: begin. Written by scripts/lab_docs_checks.ts from lib/grade; do not edit. -->";
export const TABLE_END = "<!-- checks: end -->";

/**
 * `doc` with the text between its table marks replaced by {@link markdownCheckTable}; `undefined`
 * when it has not exactly one pair of marks.
 */
export function replaceCheckTable(doc: string, t: GradeTexts): string | undefined {
  const begin = /^<!-- checks: begin[^\n]*-->$/m;
  const start = doc.search(begin);
  const end = doc.indexOf(TABLE_END);
  if (start === -1 || end < start || doc.split(TABLE_END).length !== 2) return undefined;
  return `${doc.slice(0, start)}${TABLE_BEGIN}\n\n${markdownCheckTable(t)}\n\n${doc.slice(end)}`;
}
