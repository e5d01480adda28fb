/**
 * Waits that always end: on what the clients received, or at a deadline on the injected clock.
 * A check never sleeps to find something out; it waits for the event, bounded.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Probe } from "./probe.ts";

/**
 * Resolves `ready()` once it is true (checked now and after anything happens to any of
 * `probes`), or once `ms` passed.
 */
export function waitUntil(
  probes: readonly Probe[],
  ready: () => boolean,
  ms: number,
  clock: Clock,
): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const unsubscribe: (() => void)[] = [];
    const finish = () => {
      clock.clearTimeout(timer);
      for (const stop of unsubscribe) stop();
      resolve(ready());
    };
    const timer = clock.setTimeout(finish, ms);
    for (const probe of probes) {
      unsubscribe.push(probe.subscribe(() => {
        if (ready()) finish();
      }));
    }
  });
}

/**
 * Like {@link waitUntil}, for a lot of traffic: waits while bytes keep arriving, and gives up
 * once none arrived for `idleMs`, or after `maxMs` in all.
 */
export async function waitWhileArriving(
  probes: readonly Probe[],
  ready: () => boolean,
  idleMs: number,
  maxMs: number,
  clock: Clock,
): Promise<boolean> {
  const end = clock.now() + maxMs;
  const arrived = () => probes.reduce((sum, p) => sum + p.received.total, 0);
  while (!ready()) {
    const before = arrived();
    const left = end - clock.now();
    if (left <= 0) return false;
    await waitUntil(probes, () => ready() || arrived() > before, Math.min(idleMs, left), clock);
    if (!ready() && arrived() === before) return false;
  }
  return true;
}

/** Resolves after `ms` on `clock`: only for pacing what is sent, never to learn something. */
export function pause(ms: number, clock: Clock): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(() => resolve(), ms));
}
