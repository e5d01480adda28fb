import { equal, match } from "node:assert/strict";
import { judgeLog, type LabRecord } from "./log_check.ts";
import { pass } from "./result.ts";
import { newJournal } from "./session.ts";
import { GRADE_EN } from "./texts.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const evidence = { sent: () => "", expected: () => "", got: () => "" };

function record(log: string, cut?: LabRecord["cut"]): LabRecord {
  const journal = newJournal();
  journal.ports.push(5000);
  return {
    lab: "broadcast",
    results: [{ id: "broadcast.connect", outcome: pass(evidence), ms: 1 }],
    journals: new Map([["broadcast.connect", journal]]),
    log,
    ...(cut && { cut }),
  };
}

test("log check: a line missing from a log that was cut blames the size, not the student's tags", () => {
  const [whole] = judgeLog(["log.connect"], record("[DEBUG] zzz\n"));
  const [cut] = judgeLog(["log.connect"], record("[DEBUG] zzz\n", { total: 3e8, kept: 8e6 }));
  if (whole.outcome.status !== "fail" || cut.outcome.status !== "fail") throw new Error("passed");
  match(whole.outcome.hint(GRADE_EN), /^no \[CONNECT\] line names these clients: 5000/);
  match(cut.outcome.hint(GRADE_EN), /^the log was too big to judge whole \(286\.1 MiB; /);
  // What was kept is judged all the same: a line in it passes.
  const [kept] = judgeLog(
    ["log.connect"],
    record("[CONNECT] 127.0.0.1:5000\n", { total: 3e8, kept: 8e6 }),
  );
  equal(kept.outcome.status, "pass");
});
