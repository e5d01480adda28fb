/**
 * The results as JUnit XML, the format GitHub Classroom, GitLab and Jenkins read: a
 * `<testsuites>` with one `<testsuite>` for the required checks and one for the robustness checks
 * (advice, so a CI can tell them apart), a `<testcase>` per check with `<failure>` (the hint as
 * its message, the evidence as its text) or `<skipped>`.
 *
 * @module
 */

import { escapeUnsafe, replaceUnsafe } from "../core/unsafe_chars.ts";
import { type CheckKind, CHECKS } from "./checks.ts";
import type { CheckResult } from "./result.ts";
import type { GradeTexts } from "./texts.ts";

/** Text made safe for XML attributes and content (and without the control bytes XML forbids). */
export function xmlEscape(value: string): string {
  // Bidi and C1 controls are legal XML but reorder or hide what a reader sees: escaped as data.
  return replaceUnsafe(value, (ch) => ch === "\n" || ch === "\t" ? ch : escapeUnsafe(ch))
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The JUnit document for one run; `name` names the run (the lab and the server). */
export function formatJunit(name: string, results: readonly CheckResult[], t: GradeTexts): string {
  const suites = (["required", "robustness"] as const satisfies readonly CheckKind[])
    .map((kind) => ({ kind, of: results.filter((r) => CHECKS[r.id].kind === kind) }))
    .filter(({ of }) => of.length > 0);
  const count = (of: readonly CheckResult[], status: string) =>
    of.filter((r) => r.outcome.status === status).length;
  const total = (of: readonly CheckResult[]) => of.reduce((sum, r) => sum + r.ms, 0);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xmlEscape(name)}" tests="${results.length}" failures="${
      count(results, "fail")
    }" errors="0" skipped="${count(results, "skipped")}" time="${seconds(total(results))}">`,
  ];
  for (const { kind, of } of suites) {
    const title = kind === "required" ? t.report.required : t.report.robustness;
    lines.push(
      `  <testsuite name="${xmlEscape(`${name}: ${title}`)}" tests="${of.length}" failures="${
        count(of, "fail")
      }" errors="0" skipped="${count(of, "skipped")}" time="${seconds(total(of))}">`,
    );
    for (const r of of) {
      const open = `    <testcase classname="${xmlEscape(`${CHECKS[r.id].lab}.${kind}`)}" name="${
        xmlEscape(`${r.id}: ${t.titles[r.id]}`)
      }" time="${seconds(r.ms)}"`;
      const o = r.outcome;
      if (o.status === "pass") {
        lines.push(`${open}/>`);
      } else if (o.status === "skipped") {
        lines.push(
          `${open}>`,
          `      <skipped message="${xmlEscape(o.reason(t))}"/>`,
          "    </testcase>",
        );
      } else {
        const body = [
          `${t.report.sent}: ${o.evidence.sent(t)}`,
          `${t.report.expected}: ${o.evidence.expected(t)}`,
          `${t.report.got}: ${o.evidence.got(t)}`,
        ].join("\n");
        lines.push(
          `${open}>`,
          `      <failure message="${xmlEscape(o.hint(t))}" type="${r.id}">${
            xmlEscape(body)
          }</failure>`,
          "    </testcase>",
        );
      }
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

/**
 * The JUnit document of a run that could not grade at all (exit code 2: the server never
 * listened, its port was taken...): one failed test case whose message is `why`, so that a CI
 * shows a failure rather than a missing file.
 */
export function formatJunitError(name: string, why: string, t: GradeTexts): string {
  const title = `${name}: ${t.live.cannotGrade}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${
      xmlEscape(name)
    }" tests="1" failures="0" errors="1" skipped="0" time="0.000">`,
    `  <testsuite name="${
      xmlEscape(name)
    }" tests="1" failures="0" errors="1" skipped="0" time="0.000">`,
    `    <testcase classname="grade" name="${xmlEscape(title)}" time="0.000">`,
    `      <error message="${xmlEscape(why)}" type="cannot-grade">${xmlEscape(why)}</error>`,
    "    </testcase>",
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
