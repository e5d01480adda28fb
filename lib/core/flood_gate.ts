/**
 * Flood control for one client: a token bucket on lines per second, as IRC servers do.
 *
 * Each line takes a token; tokens come back at `linesPerSecond`, up to `burst`. A line with no
 * token is refused. A flood starts with the first refusal and lasts until no line has been
 * refused for as long as the bucket takes to fill up (`burst / linesPerSecond` seconds: 2 s with
 * the defaults). Its first refusal is worth telling the user about; the next ones are not
 * (answering every line of a flood would double it). A client is dropped only once its flood has
 * had `dropAfter` refusals **and** has lasted `dropAfterMs`: a paste of a thousand lines, however
 * large, arrives within moments and costs only its extra lines, while a script or a held key
 * that keeps sending goes. Pure: the caller passes the time.
 *
 * A telnet command costs a token as a line does (`take(now, count)` for the commands of one
 * read): a client that sends negotiation, `NOP` or `AYT` on and on, and never a line, meets the
 * same limit and the same drop, instead of being answered without end.
 *
 * @example
 * ```ts
 * import { FloodGate } from "./flood_gate.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const gate = new FloodGate({ linesPerSecond: 1, burst: 2, dropAfter: 3, dropAfterMs: 1000 });
 * // A paste of 1000 lines at once: two pass, the rest are refused, the first with a warning.
 * const paste = Array.from({ length: 1000 }, () => gate.take(0));
 * deepEqual(paste.slice(0, 4), ["pass", "pass", "warn", "refuse"]);
 * deepEqual(paste.includes("drop"), false);
 * // Still sending a second later: one line a second passes, and then the flooder goes.
 * deepEqual([100, 500, 1000, 1100].map((t) => gate.take(t)), ["refuse", "refuse", "pass", "drop"]);
 * ```
 * @module
 */

/** Default sustained rate: far above anyone typing, well below a held Enter key or a script. */
export const DEFAULT_FLOOD_LINES_PER_SECOND = 20;
/** Default burst: a pasted paragraph of this many lines goes through at once. */
export const DEFAULT_FLOOD_BURST = 40;
/** Default refusals in one flood after which a flooder is dropped (once it lasted long enough). */
export const DEFAULT_FLOOD_DROP_AFTER = 200;
/**
 * Default time a flood must last before its flooder is dropped: far longer than any paste takes
 * to arrive (a megabyte comes in well under a second, even over a slow Wi-Fi), far shorter than a
 * script would be let run.
 */
export const DEFAULT_FLOOD_DROP_AFTER_MS = 5000;

/** The policy; `linesPerSecond` 0 turns flood control off. */
export interface FloodPolicy {
  readonly linesPerSecond: number;
  readonly burst: number;
  /** Refusals in one flood before a drop... */
  readonly dropAfter: number;
  /** ...and how long (ms) the flood must have lasted. */
  readonly dropAfterMs: number;
}

/**
 * What to do with a line (or the telnet commands of one read): `pass` it on; `warn` = refuse it
 * and tell the user (the first refusal of a flood); `refuse` silently; `drop` the client, which
 * kept flooding.
 */
export type FloodVerdict = "pass" | "warn" | "refuse" | "drop";

/** One client's token bucket. */
export class FloodGate {
  readonly policy: FloodPolicy;
  #tokens: number;
  #lastMs: number | undefined;
  /** When the flood under way began (its first refusal), its last refusal, its refusals. */
  #floodSince: number | undefined;
  #lastRefusedMs = 0;
  #refused = 0;

  constructor(policy: FloodPolicy) {
    this.policy = policy;
    this.#tokens = policy.burst;
  }

  /**
   * Judges a line that arrived at `nowMs` (any monotonic clock in milliseconds), or `count`
   * things that arrived together and pass or are refused together (the telnet commands of one
   * read, answered together): they take `count` tokens, and each refused one counts towards
   * `dropAfter`. More than `burst` of them at once never pass.
   */
  take(nowMs: number, count = 1): FloodVerdict {
    const { linesPerSecond, burst, dropAfter, dropAfterMs } = this.policy;
    if (linesPerSecond <= 0) return "pass";
    if (this.#lastMs !== undefined) {
      const earned = ((nowMs - this.#lastMs) / 1000) * linesPerSecond;
      this.#tokens = Math.min(burst, this.#tokens + Math.max(0, earned));
    }
    this.#lastMs = nowMs;
    // Nothing refused for as long as the bucket takes to fill: the flood is over.
    if (nowMs - this.#lastRefusedMs >= (burst / linesPerSecond) * 1000) {
      this.#floodSince = undefined;
    }
    if (this.#tokens >= count) {
      this.#tokens -= count;
      return "pass";
    }
    this.#lastRefusedMs = nowMs;
    if (this.#floodSince === undefined) {
      this.#floodSince = nowMs;
      this.#refused = count;
      return "warn";
    }
    this.#refused += count;
    const lasted = nowMs - this.#floodSince;
    return this.#refused >= dropAfter && lasted >= dropAfterMs ? "drop" : "refuse";
  }
}
