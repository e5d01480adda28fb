/**
 * The grader's readable report: one line per check (PASS, FAIL or SKIP, its id and title), the
 * evidence and a hint under each failure, the required checks apart from the robustness ones,
 * and a score line. Colours only when asked (a terminal, no NO_COLOR, no --no-color).
 *
 * @module
 */

import { styleText } from "node:util";
import { CHECKS } from "./checks.ts";
import { type CheckResult, exitCode, score } from "./result.ts";
import type { GradeTexts } from "./texts.ts";

type Format = Parameters<typeof styleText>[0];

function paint(format: Format, text: string, color: boolean): string {
  return color ? styleText(format, text, { validateStream: false }) : text;
}

const STATUS_FORMAT: Record<CheckResult["outcome"]["status"], Format> = {
  pass: ["bold", "green"],
  fail: ["bold", "red"],
  skipped: "yellow",
};

/** One check: its status line and, below it, what a reader needs to act. */
export function formatResult(result: CheckResult, t: GradeTexts, color: boolean): string[] {
  const { outcome } = result;
  const word = outcome.status === "pass"
    ? t.report.pass
    : outcome.status === "fail"
    ? t.report.fail
    : t.report.skip;
  const words = [t.report.pass, t.report.fail, t.report.skip];
  const width = Math.max(...words.map((w) => w.length));
  const head = `  ${paint(STATUS_FORMAT[outcome.status], word.padEnd(width), color)}  ${
    paint("bold", result.id, color)
  }  ${t.titles[result.id]}`;
  const label = (name: string) => `${" ".repeat(width + 4)}${paint("dim", name.padEnd(9), color)}`;
  switch (outcome.status) {
    case "pass":
      return outcome.note ? [head, `${label(t.report.note)}${outcome.note(t)}`] : [head];
    case "skipped":
      return [head, `${label("")}${outcome.reason(t)}`];
    case "fail":
      return [
        head,
        `${label(t.report.sent)}${outcome.evidence.sent(t)}`,
        `${label(t.report.expected)}${outcome.evidence.expected(t)}`,
        `${label(t.report.got)}${outcome.evidence.got(t)}`,
        `${label(t.report.hint)}${paint("cyan", outcome.hint(t), color)}`,
      ];
  }
}

/** The whole report. */
export function formatReport(
  heading: string,
  results: readonly CheckResult[],
  t: GradeTexts,
  color: boolean,
): string {
  const section = (title: string, of: readonly CheckResult[]) =>
    of.length === 0
      ? []
      : ["", paint("bold", title, color), ...of.flatMap((r) => formatResult(r, t, color))];
  const lab = results.filter((r) => CHECKS[r.id].lab !== "log");
  const s = score(results);
  const ok = exitCode(results) === 0;
  return [
    paint("bold", heading, color),
    ...section(t.report.required, lab.filter((r) => CHECKS[r.id].kind === "required")),
    ...section(t.report.log, results.filter((r) => CHECKS[r.id].lab === "log")),
    ...section(t.report.robustness, lab.filter((r) => CHECKS[r.id].kind === "robustness")),
    "",
    t.report.score(
      s.required.passed,
      s.required.total,
      s.required.skipped,
      s.robustness.passed,
      s.robustness.total,
    ),
    paint(ok ? "green" : "red", t.report.verdict(ok, s.required.skipped), color),
  ].join("\n");
}

/** The results as JSON Lines: one object per check, in run order. */
export function formatJson(results: readonly CheckResult[], t: GradeTexts): string {
  return results.map((r) => {
    const o = r.outcome;
    const common = {
      id: r.id,
      title: t.titles[r.id],
      kind: CHECKS[r.id].kind,
      status: o.status,
      ms: Math.round(r.ms),
    };
    if (o.status === "skipped") return JSON.stringify({ ...common, reason: o.reason(t) });
    const evidence = {
      sent: o.evidence.sent(t),
      expected: o.evidence.expected(t),
      got: o.evidence.got(t),
    };
    return JSON.stringify(
      o.status === "fail"
        ? { ...common, ...evidence, hint: o.hint(t) }
        : { ...common, ...evidence, ...(o.note ? { note: o.note(t) } : {}) },
    );
  }).join("\n");
}

/** A run that could not grade at all (exit code 2), as one JSON object: `status` "error". */
export function formatJsonError(why: string, t: GradeTexts): string {
  return JSON.stringify({ id: "grade", title: t.live.cannotGrade, status: "error", error: why });
}
