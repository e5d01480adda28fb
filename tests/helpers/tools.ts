/**
 * Test support: whether the tools a test needs are here, with the rule every such test follows:
 * without the tool the test is ignored with a printed reason, except in CI, where it must run.
 *
 * @module
 */

import { tsharkProblem } from "../../scripts/tshark.ts";

/** `true` when the test must be ignored; throws in CI, where nothing may be skipped. */
export function missing(problem: string | null): boolean {
  if (problem === null) return false;
  if (Deno.env.get("CI")) throw new Error(`required in CI: ${problem}`);
  console.warn(`IGNORED below: ${problem}`);
  return true;
}

/** Why tshark cannot read captures here, or `null`. */
export const NO_TSHARK = await tsharkProblem({ capture: false });
/** Why tshark cannot capture on loopback here, or `null`. */
export const NO_CAPTURE = NO_TSHARK ?? await tsharkProblem({ capture: true });
