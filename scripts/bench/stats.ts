/**
 * Numbers for the benchmark: a bounded latency histogram that worker threads fill and the
 * coordinator merges, and medians over repeated runs.
 *
 * @example
 * ```ts
 * import { LatencyHistogram, median } from "./stats.ts";
 * import { equal } from "node:assert/strict";
 *
 * const h = new LatencyHistogram();
 * for (let us = 0; us < 100; us++) h.record(us);
 * equal(h.percentile(50), 50);
 * equal(h.max, 99);
 * equal(median([3, 1, 2]), 2);
 * ```
 * @module
 */

/** 1 µs buckets below this... */
const FINE_LIMIT_US = 10_000;
/** ...then 100 µs buckets up to this; longer latencies share the last bucket. */
const COARSE_LIMIT_US = 1_000_000;
const COARSE_STEP_US = 100;
const BUCKETS = FINE_LIMIT_US + (COARSE_LIMIT_US - FINE_LIMIT_US) / COARSE_STEP_US + 1;

/** Latencies in microseconds: 1 µs resolution to 10 ms, 100 µs to 1 s, and the exact maximum. */
export class LatencyHistogram {
  readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(us: number): void {
    const value = us < 0 ? 0 : us;
    const bucket = value < FINE_LIMIT_US
      ? Math.floor(value)
      : Math.min(BUCKETS - 1, FINE_LIMIT_US + Math.floor((value - FINE_LIMIT_US) / COARSE_STEP_US));
    this.counts[bucket]++;
    this.count++;
    if (value > this.max) this.max = value;
  }

  /** Adds another histogram's counts (from a worker) to this one. */
  merge(other: { readonly counts: Uint32Array; readonly max: number }): void {
    for (let i = 0; i < BUCKETS; i++) {
      this.counts[i] += other.counts[i];
      this.count += other.counts[i];
    }
    if (other.max > this.max) this.max = other.max;
  }

  /** The latency (µs, a bucket's upper edge) below which `p` percent of samples fall. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        if (i === BUCKETS - 1) return this.max;
        const upper = i < FINE_LIMIT_US
          ? i + 1
          : FINE_LIMIT_US + (i - FINE_LIMIT_US + 1) * COARSE_STEP_US;
        return Math.min(upper, this.max);
      }
    }
    return this.max;
  }
}

/** The median of some numbers (NaN ignored); NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
