import { deepEqual, equal } from "node:assert/strict";
import { formatJson } from "./report.ts";
import { type CheckResult, fail, literal, pass } from "./result.ts";
import { GRADE_TEXTS } from "./texts.ts";

const evidence = {
  sent: literal('A → "hi\\n"'),
  expected: literal("B ← <x> & \x07"),
  got: literal("nothing"),
};
const RESULTS: CheckResult[] = [
  { id: "broadcast.connect", outcome: pass(evidence), ms: 12 },
  {
    id: "broadcast.relay",
    outcome: fail(evidence, (t) => t.hints.noPrefix("127.0.0.1:5000")),
    ms: 2003,
  },
  {
    id: "broadcast.fin",
    outcome: { status: "skipped", reason: (t) => t.report.needs(["broadcast.relay"]) },
    ms: 0,
  },
  { id: "broadcast.split", outcome: fail(evidence, (t) => t.hints.recvIsNotAMessage()), ms: 300 },
];

Deno.test({
  name: "report: --json is one object per check, with the evidence and the hint",
  permissions: "none",
  fn() {
    const lines = formatJson(RESULTS, GRADE_TEXTS.ro).split("\n").map((l) => JSON.parse(l));
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
