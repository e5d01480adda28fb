/**
 * Time as the edges use it: "now" and timers, injected so that every deadline (a login, an idle
 * client, a linger after a FIN, a pause that ends a message) can be tested with a clock the test
 * moves by hand (`testing/fake_clock.ts`) instead of by waiting real seconds.
 *
 * The pure rules never read a clock: they get times as arguments (`FloodGate.take(nowMs)`) and
 * ask for timers as effects. Only the edges hold a {@link Clock}.
 *
 * @example
 * ```ts
 * import { systemClock } from "./clock.ts";
 * import { ok } from "node:assert/strict";
 *
 * const fired = await new Promise<number>((resolve) => {
 *   const start = systemClock.now();
 *   systemClock.setTimeout(() => resolve(systemClock.now() - start), 5);
 * });
 * ok(fired >= 4);
 * ```
 * @module
 */

/** A timer's handle, as {@link Clock.setTimeout} returns it: opaque, only for `clearTimeout`. */
export type TimerId = unknown;

/** How a timer is kept. */
export interface TimerOptions {
  /** The timer never keeps the process alive on its own (`Deno.unrefTimer`): for chores such
   * as flushing a log, never for a deadline a rule depends on. */
  readonly background?: boolean;
}

/** "Now" and one-shot timers. */
export interface Clock {
  /** Milliseconds since 1970 (wall-clock, as the log prints it and Wireshark shows it). */
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now. */
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerId;
  /** Cancels a timer; an unknown, fired or `undefined` one is ignored. */
  clearTimeout(id: TimerId | undefined): void;
}

/** The process's own clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms, options) {
    const id = setTimeout(fn, ms);
    if (options?.background) Deno.unrefTimer(id);
    return id;
  },
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout> | undefined),
};

/**
 * Waits for `promise` at most `ms` on `clock`; true when it settled in time. A rejection counts
 * as settled: callers wait for something to end, not for it to succeed.
 */
export async function settlesWithin(
  promise: Promise<unknown>,
  ms: number,
  clock: Clock = systemClock,
): Promise<boolean> {
  let timer: TimerId | undefined;
  const timeout = new Promise<false>((resolve) =>
    timer = clock.setTimeout(() => resolve(false), ms)
  );
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clock.clearTimeout(timer);
  }
}
