/**
 * Flood control for one client: a token bucket on lines per second, as IRC servers do.
 *
 * Each line takes a token; tokens come back at `linesPerSecond`, up to `burst`. A line with no
 * token is refused. The first refusal of a flood is worth telling the user about; the next ones
 * are not (answering every line of a flood would double it). A client that keeps flooding through
 * `dropAfter` refusals in a row is dropped. Pure: the caller passes the time.
 *
 * @example
 * ```ts
 * import { FloodGate } from "./flood_gate.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const gate = new FloodGate({ linesPerSecond: 1, burst: 2, dropAfter: 3 });
 * deepEqual([0, 0, 0, 0].map((t) => gate.take(t)), ["pass", "pass", "warn", "refuse"]);
 * deepEqual(gate.take(1000), "pass");
 * ```
 * @module
 */

/** Default sustained rate: far above anyone typing, well below a held Enter key or a script. */
export const DEFAULT_FLOOD_LINES_PER_SECOND = 20;
/** Default burst: a pasted paragraph of this many lines goes through at once. */
export const DEFAULT_FLOOD_BURST = 40;
/** Default refusals in a row after which a flooder is dropped. */
export const DEFAULT_FLOOD_DROP_AFTER = 200;

/** The policy; `linesPerSecond` 0 turns flood control off. */
export interface FloodPolicy {
  readonly linesPerSecond: number;
  readonly burst: number;
  readonly dropAfter: number;
}

/**
 * What to do with a line: `pass` it on; `warn` = refuse it and tell the user (the first refusal of
 * a flood); `refuse` silently; `drop` the client, which kept flooding.
 */
export type FloodVerdict = "pass" | "warn" | "refuse" | "drop";

/** One client's token bucket. */
export class FloodGate {
  readonly policy: FloodPolicy;
  #tokens: number;
  #lastMs: number | undefined;
  #refusedInARow = 0;

  constructor(policy: FloodPolicy) {
    this.policy = policy;
    this.#tokens = policy.burst;
  }

  /** Judges a line that arrived at `nowMs` (any monotonic clock in milliseconds). */
  take(nowMs: number): FloodVerdict {
    const { linesPerSecond, burst, dropAfter } = this.policy;
    if (linesPerSecond <= 0) return "pass";
    if (this.#lastMs !== undefined) {
      const earned = ((nowMs - this.#lastMs) / 1000) * linesPerSecond;
      this.#tokens = Math.min(burst, this.#tokens + Math.max(0, earned));
    }
    this.#lastMs = nowMs;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#refusedInARow = 0;
      return "pass";
    }
    this.#refusedInARow++;
    if (this.#refusedInARow >= dropAfter) return "drop";
    return this.#refusedInARow === 1 ? "warn" : "refuse";
  }
}
