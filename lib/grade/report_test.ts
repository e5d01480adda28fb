import { deepEqual, equal } from "node:assert/strict";
import { formatJson } from "./report.ts";
import { SAMPLE_RESULTS } from "../../testing/grade_results.ts";
import { GRADE_TEXTS } from "./texts.ts";

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
