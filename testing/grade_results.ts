/**
 * Test support: a run's results as the reports see them, one of each outcome (a pass, failures
 * with evidence that needs escaping, a skip), for the tests of --json and JUnit.
 *
 * @module
 */

import { type CheckResult, fail, literal, pass } from "../lib/grade/result.ts";

const evidence = {
  sent: literal('A → "hi\\n"'),
  expected: literal("B ← <x> & \x07"),
  got: literal("nothing"),
};

/** Two required checks run (one passed, one failed), one skipped, one robustness failure. */
export const SAMPLE_RESULTS: readonly CheckResult[] = [
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
