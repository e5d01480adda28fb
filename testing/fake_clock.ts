/**
 * Test support: a {@link Clock} that moves only when the test says so, in the manner of std's
 * `FakeTime` but injected rather than patched over the globals: `tick(ms)` runs every timer due
 * by then, in time order, and lets the promise jobs they start run in between.
 *
 * @example
 * ```ts
 * import { FakeClock } from "./fake_clock.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const clock = new FakeClock(1_000);
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 50);
 * await clock.tick(49);
 * deepEqual(fired, []);
 * await clock.tick(1);
 * deepEqual(fired, [1_050]);
 * ```
 * @module
 */

import type { Clock, TimerId } from "../lib/clock.ts";

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** A clock for tests. */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: Timer[] = [];

  /** Starts at `startMs` (milliseconds since 1970). */
  constructor(startMs = Date.UTC(2026, 0, 1, 12)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const timer = { id: this.#nextId++, due: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(id: TimerId | undefined): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward by `ms`, running each timer due on the way at its own time (earliest
   * first; timers a timer sets run too if due), with pending promise jobs settled after each.
   */
  async tick(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    while (true) {
      const next = this.#timers.reduce<Timer | undefined>(
        (a, t) => (a === undefined || t.due < a.due || (t.due === a.due && t.id < a.id) ? t : a),
        undefined,
      );
      if (next === undefined || next.due > end) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.due;
      next.fn();
      await settle();
    }
    this.#now = end;
  }
}

/** Lets queued promise jobs (and the jobs they queue) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
