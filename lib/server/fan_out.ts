/**
 * The recipients of a `forward` effect, looked up once per member list rather than once per line.
 *
 * Modes hand over the very same array as long as their members do not change (`MemberList.ids`,
 * the chat's room), so a broadcast to a thousand clients need not look up a thousand connections
 * for every line: the lookups of the last list are kept, and reused while the same array (by
 * identity) comes back. A list whose members changed is a new array, and is looked up afresh.
 * A connection gone since its lookup is still returned; the caller skips closed ones.
 *
 * @example
 * ```ts
 * import { FanOut } from "./fan_out.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * let lookups = 0;
 * const names = new Map([[1, "ann"], [2, "ben"]]);
 * const fanOut = new FanOut((conn: number) => (lookups++, names.get(conn)));
 * const members = [1, 2, 3];
 * deepEqual(fanOut.targets(members), ["ann", "ben", undefined]);
 * fanOut.targets(members);
 * equal(lookups, 3);
 * ```
 * @module
 */

import type { ConnId } from "../core/machine.ts";

/** A one-entry cache from a recipient list to its connections. */
export class FanOut<C> {
  readonly #lookup: (conn: ConnId) => C | undefined;
  #of: readonly ConnId[] | null = null;
  #targets: readonly (C | undefined)[] = [];

  /** `lookup` finds a connection by number (`undefined` when there is none). */
  constructor(lookup: (conn: ConnId) => C | undefined) {
    this.#lookup = lookup;
  }

  /** The connections of `to`, in order; `undefined` where none was found. */
  targets(to: readonly ConnId[]): readonly (C | undefined)[] {
    if (to !== this.#of) {
      this.#of = to;
      this.#targets = to.map(this.#lookup);
    }
    return this.#targets;
  }
}
