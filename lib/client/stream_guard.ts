/**
 * What ends a client session early besides its connection: its own input or output failing (the
 * reader of its output left, the terminal hung up, the disk is full). The first problem is kept;
 * from then on reads of the input end at once, even one already waiting for a key or a line that
 * may never come, so the session stops reading and closes instead.
 *
 * @example
 * ```ts
 * import { StreamGuard } from "./stream_guard.ts";
 * import { equal } from "node:assert/strict";
 *
 * const guard = new StreamGuard();
 * const never = { read: () => new Promise<number | null>(() => {}) };
 * const waiting = guard.read(never, new Uint8Array(1));
 * equal(guard.end({ stream: "output", why: "reader-gone", detail: "Broken pipe" }), true);
 * equal(await waiting, "stopped");
 * ```
 * @module
 */

import type { StreamProblem } from "./texts.ts";

/** Something the client reads: standard input, a terminal's keyboard. */
export interface Input {
  read(buffer: Uint8Array): Promise<number | null>;
}

/** Keeps the first {@link StreamProblem} of a session and stops its reads. */
export class StreamGuard {
  #problem: StreamProblem | null = null;
  /**
   * How to stop each read still waiting. A read that settles leaves the set: a pipe makes a read
   * per 16 KiB, so racing each against one promise that never settles would keep them all.
   */
  readonly #waiting = new Set<() => void>();

  /** `onProblem` is told the first problem, whoever met it: a write, or a read of the guard's. */
  constructor(readonly onProblem: (problem: StreamProblem) => void = () => {}) {}

  /** How many reads are waiting now (at most one per caller that reads). */
  get waitingReads(): number {
    return this.#waiting.size;
  }

  /** The problem that ended the session, or null while there is none. */
  get problem(): StreamProblem | null {
    return this.#problem;
  }

  /** Records `problem` and stops every read; false when an earlier problem is already kept. */
  end(problem: StreamProblem): boolean {
    if (this.#problem !== null) return false;
    this.#problem = problem;
    for (const stop of this.#waiting) stop();
    this.#waiting.clear();
    this.onProblem(problem);
    return true;
  }

  /**
   * Reads `input` into `buffer`: the byte count, null at the end of the input, or "stopped" when
   * the session has a problem, also one that the read itself met (it is kept as an input problem).
   */
  read(input: Input, buffer: Uint8Array): Promise<number | null | "stopped"> {
    if (this.#problem !== null) return Promise.resolve("stopped");
    return new Promise((resolve) => {
      const stop = () => resolve("stopped");
      this.#waiting.add(stop);
      // A read stopped early stays pending until the process exits; its result goes nowhere.
      input.read(buffer).then((n) => {
        this.#waiting.delete(stop);
        resolve(n);
      }, (error) => {
        this.#waiting.delete(stop);
        const detail = error instanceof Error ? error.message : String(error);
        this.end({ stream: "input", why: "failed", detail });
        resolve("stopped");
      });
    });
  }
}
