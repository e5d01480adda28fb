/**
 * What one simulated client saw, as plain data for the pure judges: the bytes that arrived after
 * a point of the check (a greeting before it is not judged), and how the connection ended.
 *
 * @module
 */

import type { Ending, Probe } from "./probe.ts";
import { peerOf } from "./session.ts";

/** A client's view, frozen. */
export interface Seen {
  readonly name: string;
  /** Its `ip:port` as the server sees it. */
  readonly peer: string;
  /** What arrived after the mark (bounded: see `overflowed`). */
  readonly bytes: Uint8Array;
  /** More arrived than the probe keeps: a server that floods. */
  readonly overflowed: boolean;
  /** Every byte that arrived after the mark, kept or not. */
  readonly total: number;
  readonly ending?: Ending;
  /** The lines this client had sent (all of them, not only since the mark). */
  readonly linesSent?: number;
}

/** Where a client's stream stands now, to judge only what comes after. */
export function mark(probe: Probe): number {
  return probe.received.total;
}

/** A client's view from `from` (a {@link mark}) on. */
export function seen(probe: Probe, from = 0): Seen {
  const rx = probe.received;
  const kept = rx.bytes();
  const offset = Math.max(0, from - rx.start);
  const base = {
    name: probe.name,
    peer: peerOf(probe),
    bytes: kept.subarray(Math.min(offset, kept.length)),
    overflowed: rx.overflowed,
    total: rx.total - from,
    linesSent: probe.linesSent,
  };
  return probe.ending === undefined ? base : { ...base, ending: probe.ending };
}
