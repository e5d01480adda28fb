/**
 * What a check found, as values: a verdict with its evidence (what was sent, what was expected,
 * what came) and, for a failure, a hint a student can act on; and the pure rules that turn a run's
 * results into skips, a score and an exit code.
 *
 * Every sentence is a {@link Say}: a function of the catalogue, so one result can be reported in
 * English and in Romanian.
 *
 * @module
 */

import { type CheckId, CHECKS } from "./checks.ts";
import type { GradeTexts } from "./texts.ts";

/** A sentence in the reader's language. */
export type Say = (t: GradeTexts) => string;

/** A sentence that is the same in every language (escaped bytes, addresses, names). */
export const literal = (text: string): Say => () => text;

/** What was sent, what was expected and what came, bytes escaped (see escape.ts). */
export interface Evidence {
  readonly sent: Say;
  readonly expected: Say;
  readonly got: Say;
}

/** What one check decided. */
export type Verdict =
  | { readonly status: "pass"; readonly evidence: Evidence; readonly note?: Say }
  | { readonly status: "fail"; readonly evidence: Evidence; readonly hint: Say };

/** A verdict, or why the check did not run. */
export type Outcome = Verdict | { readonly status: "skipped"; readonly reason: Say };

/** One check's result. */
export interface CheckResult {
  readonly id: CheckId;
  readonly outcome: Outcome;
  /** How long it took, in ms. */
  readonly ms: number;
}

/** A passing verdict. */
export function pass(evidence: Evidence, note?: Say): Verdict {
  return note === undefined ? { status: "pass", evidence } : { status: "pass", evidence, note };
}

/** A failing verdict. */
export function fail(evidence: Evidence, hint: Say): Verdict {
  return { status: "fail", evidence, hint };
}

/** The checks `id` needs that did not pass, given the results so far. */
export function unmetNeeds(id: CheckId, results: readonly CheckResult[]): CheckId[] {
  const needs: readonly string[] = CHECKS[id].needs;
  return results.filter((r) => needs.includes(r.id) && r.outcome.status !== "pass").map((r) =>
    r.id
  );
}

/** The skip of a check whose needs failed. */
export function skippedFor(unmet: readonly CheckId[]): Outcome {
  return { status: "skipped", reason: (t) => t.report.needs(unmet) };
}

/** Passed and run (not skipped) counts of one kind of check. */
export interface Tally {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly total: number;
}

/** The score of each kind of check. */
export function score(results: readonly CheckResult[]): Record<"required" | "robustness", Tally> {
  const tally = (kind: "required" | "robustness"): Tally => {
    const of = results.filter((r) => CHECKS[r.id].kind === kind);
    const count = (status: Outcome["status"]) =>
      of.filter((r) => r.outcome.status === status).length;
    return {
      passed: count("pass"),
      failed: count("fail"),
      skipped: count("skipped"),
      total: of.length,
    };
  };
  return { required: tally("required"), robustness: tally("robustness") };
}

/**
 * The grader's exit code: 0 when no required check failed, 1 otherwise (a skipped required check
 * was skipped because another required one failed, or for want of a log: it adds nothing).
 */
export function exitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.some((r) => CHECKS[r.id].kind === "required" && r.outcome.status === "fail")
    ? 1
    : 0;
}
