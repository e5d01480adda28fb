import { deepEqual, equal } from "node:assert/strict";
import { formatJson, formatReport } from "./report.ts";
import type { CheckResult } from "./result.ts";
import { SAMPLE_RESULTS } from "../../testing/grade_results.ts";
import { GRADE_TEXTS, type GradeTexts } from "./texts.ts";

Deno.test({
  name: "report: --json is one object per check, with the evidence and the hint",
  permissions: "none",
  fn() {
    const lines = formatJson(SAMPLE_RESULTS, GRADE_TEXTS.ro).split("\n").map((l) => JSON.parse(l));
    deepEqual(lines.map((l) => [l.id, l.kind, l.status]), [
      ["broadcast.connect", "required", "pass"],
      ["broadcast.relay", "required", "fail"],
      ["broadcast.fin", "required", "skipped"],
      ["broadcast.split", "robustness", "fail"],
    ]);
    equal(lines[1].got, "nothing");
    equal(lines[1].hint.startsWith("linia a ajuns fără expeditor"), true);
  },
});

Deno.test({
  name: "report: required checks that could not run are counted apart, not as passed",
  permissions: "none",
  fn() {
    // A server graded without its log: the log checks are skipped, the rest passed.
    const results: CheckResult[] = [
      { id: "broadcast.connect", outcome: SAMPLE_RESULTS[0].outcome, ms: 1 },
      ...(["log.connect", "log.recv", "log.fwd"] as const).map((id) => ({
        id,
        outcome: { status: "skipped", reason: (t: GradeTexts) => t.report.noLog() } as const,
        ms: 0,
      })),
    ];
    const lines = formatReport("broadcast lab", results, GRADE_TEXTS.en, false).split("\n");
    deepEqual(lines.slice(-2), [
      "Score: required 1/4 passed (3 skipped), robustness 0/0 passed",
      "Every required check that ran passed; 3 could not run (see SKIP above).",
    ]);
  },
});
