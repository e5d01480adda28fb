/**
 * The log's lines about pages the live view refused: one line per kind of refusal, at most every
 * {@link REFUSAL_LOG_MS}, with how many were refused meanwhile, so a page retrying every second
 * (or a flood) cannot fill the log.
 *
 * @example
 * ```ts
 * import { RefusalLog } from "./refusal_log.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const lines: string[] = [];
 * let now = 0;
 * const log = new RefusalLog((line) => lines.push(line), () => now);
 * log.refused("full", "10.0.0.7:50000");
 * log.refused("full", "10.0.0.8:50001");
 * now = 60_000;
 * log.refused("full", "10.0.0.9:50002");
 * deepEqual(lines, [
 *   "live view: refused the page at 10.0.0.7:50000: too many pages are open",
 *   "live view: refused the page at 10.0.0.9:50002: too many pages are open (and 1 more since the last line)",
 * ]);
 * ```
 * @module
 */

import type { PageRefusal } from "./live_view.ts";

/** Least time between two lines about the same kind of refusal, in ms. */
export const REFUSAL_LOG_MS = 60_000;

/** Why a page was refused: its token was wrong, or a page's place was not free. */
export type RefusalKind = "token" | PageRefusal;

const WHY: Readonly<Record<RefusalKind, string>> = {
  token: "wrong or missing token (a link from before a restart?)",
  full: "too many pages are open",
  address: "too many pages are open from its address",
};

/** Writes one line per kind of refusal and time slot. */
export class RefusalLog {
  readonly #write: (line: string) => void;
  readonly #now: () => number;
  readonly #last = new Map<RefusalKind, { at: number; since: number }>();

  /** `write` gets each line; `now` is the clock, in ms. */
  constructor(write: (line: string) => void, now: () => number) {
    this.#write = write;
    this.#now = now;
  }

  /** A page at `peer` (`ip:port`) was refused for `kind`. */
  refused(kind: RefusalKind, peer: string): void {
    const now = this.#now();
    const last = this.#last.get(kind);
    if (last !== undefined && now - last.at < REFUSAL_LOG_MS) {
      last.since++;
      return;
    }
    const more = last === undefined || last.since === 0
      ? ""
      : ` (and ${last.since} more since the last line)`;
    this.#write(`live view: refused the page at ${peer}: ${WHY[kind]}${more}`);
    this.#last.set(kind, { at: now, since: 0 });
  }
}
