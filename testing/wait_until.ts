/**
 * Test support: waiting until something is true, with a deadline. Every waiter in the tests
 * (lines a client receives, a log line, a screen under tmux, a port that starts listening) is
 * one call to {@link waitUntil}, so all of them share one default deadline and fail the same way:
 * with what was awaited and what was last seen.
 *
 * A source that can say when it changed (a socket's read loop, a child's output, a log) hands a
 * {@link Changes} to the waiter, which then checks again only when something happened; a source
 * that cannot (a tmux screen, /proc, a port nobody announces) is polled every {@link POLL_MS}.
 *
 * @example
 * ```ts
 * import { Changes, waitUntil } from "./wait_until.ts";
 * import { equal } from "node:assert/strict";
 *
 * const lines: string[] = [];
 * const changes = new Changes();
 * setTimeout(() => {
 *   lines.push("hello");
 *   changes.notify();
 * }, 10);
 * const line = await waitUntil(() => lines.find((l) => l === "hello"), {
 *   what: "a line `hello`",
 *   seen: () => lines.join("\n"),
 *   changes,
 * });
 * equal(line, "hello");
 * ```
 * @module
 */

/**
 * How long a test waits, by default, for what it expects before it fails: 10 s. Far more than
 * anything takes on an idle machine (milliseconds), so that a 2-core machine shared by several
 * full test runs does not fail a correct test; a wrong one still fails, just later. A wait that
 * means something else (a timeout under test, a slow tool) passes its own `ms`.
 */
export const WAIT_MS = 10_000;

/** How often a source that cannot announce its changes is checked again, in ms. */
export const POLL_MS = 50;

/** Wakes the waiters of one source when it changes (a line arrived, the connection ended). */
export class Changes {
  #count = 0;
  #waiters = new Set<() => void>();

  /** How many changes so far: a waiter notes it before checking, so no change is missed. */
  get count(): number {
    return this.#count;
  }

  /** Call after every change of the source. */
  notify(): void {
    this.#count++;
    for (const wake of [...this.#waiters]) wake();
  }

  /** Resolves at the first change after the `since`-th, or after `ms`, whichever comes first. */
  next(since: number, ms: number): Promise<void> {
    if (this.#count !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#waiters.add(wake);
    });
  }
}

/** What a wait is for, as its failure message says it. */
export interface Awaited {
  /** What is awaited, after "waited N ms for": `a line matching /^\? id:/`. */
  readonly what: string;
  /** What the source last showed (the lines so far, the screen), for the failure message. */
  readonly seen?: () => string;
  /** The deadline in ms (default {@link WAIT_MS}). */
  readonly ms?: number;
  /** Where the source announces its changes; without it, the check is polled every POLL_MS. */
  readonly changes?: Changes;
}

/** The failure of a wait: its message says what was awaited and what was last seen. */
export class WaitTimeout extends Error {
  constructor(awaited: Awaited, ms: number) {
    const seen = awaited.seen?.();
    super(
      `waited ${ms} ms for ${awaited.what}${seen === undefined ? "" : `; last seen:\n${seen}`}`,
    );
    this.name = "WaitTimeout";
  }
}

/**
 * Calls `check` until it returns something other than `undefined`, and returns that. It is
 * called at once, then after each change of `awaited.changes` (or every POLL_MS without one),
 * and once more at the deadline; then the wait fails with a {@link WaitTimeout}. A `check` that
 * throws ends the wait with its error (e.g. the connection ended: the line can never come).
 */
export async function waitUntil<T>(
  check: () => T | undefined | Promise<T | undefined>,
  awaited: Awaited,
): Promise<T> {
  const ms = awaited.ms ?? WAIT_MS;
  const deadline = Date.now() + ms;
  // The check made once the deadline has passed is the last, however long the earlier ones took.
  let last = false;
  while (true) {
    const since = awaited.changes?.count ?? 0;
    const found = await check();
    if (found !== undefined) return found;
    if (last) throw new WaitTimeout(awaited, ms);
    const left = deadline - Date.now();
    if (left > 0) {
      if (awaited.changes) await awaited.changes.next(since, left);
      else await sleep(Math.min(POLL_MS, left));
    }
    last = Date.now() >= deadline;
  }
}

/** Settles as `promise` does, or fails with a {@link WaitTimeout} if it is still pending. */
export async function within<T>(promise: Promise<T>, awaited: Omit<Awaited, "changes">) {
  const ms = awaited.ms ?? WAIT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(awaited, ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A check for {@link waitUntil}: the first of `lines` (a list that only grows, such as a log)
 * that matches `pattern`. Each line is tested once, however many times the check runs.
 */
export function firstMatch(lines: readonly string[], pattern: RegExp): () => string | undefined {
  let next = 0;
  return () => {
    while (next < lines.length) {
      const line = lines[next++];
      if (pattern.test(line)) return line;
    }
  };
}

/** A check for {@link waitUntil}: `true` once `count` of `lines` (a growing list) match `pattern`. */
export function countReached(
  lines: readonly string[],
  pattern: RegExp,
  count: number,
): () => true | undefined {
  let next = 0;
  let matched = 0;
  return () => {
    for (; next < lines.length; next++) if (pattern.test(lines[next])) matched++;
    return matched >= count || undefined;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
