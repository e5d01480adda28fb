/**
 * The console's side of the log: written without ever making the server wait for it.
 *
 * A terminal stopped with Ctrl+S, a pipe into a slow reader (`deno task server | less`, never
 * scrolled) or one nobody reads at all stops taking bytes. A synchronous write would then block
 * the whole process, and every client with it. So the console gets the log through a bounded
 * queue written asynchronously (the runtime's `write`, which waits off the event loop): when the
 * reader stops, the queue fills to {@link DEFAULT_CONSOLE_QUEUE_BYTES}, and past it whole lines
 * are dropped, counted, until the queue has emptied; then the count is reported once (the logger
 * says `[WARN] ... N log lines were not shown here: the console (stdout) was not being read`)
 * and lines flow again. The log file (`--log-file`) is written apart and keeps every line.
 *
 * @example
 * ```ts
 * import { ConsoleQueue } from "./console_queue.ts";
 * import { equal } from "node:assert/strict";
 *
 * const written: string[] = [];
 * const sink = { write: (b: Uint8Array) => (written.push(new TextDecoder().decode(b)), Promise.resolve(b.length)) };
 * const queue = new ConsoleQueue(sink, 1024, () => {});
 * queue.push(new TextEncoder().encode("[INFO] one\n"), 1);
 * equal(await queue.drained(1000), true);
 * equal(written.join(""), "[INFO] one\n");
 * ```
 * @module
 */

import { type Clock, systemClock, type TimerId } from "../clock.ts";
import { concatBytes } from "../io.ts";

/** A console written to without waiting: `Deno.stdout` has `write`. */
export interface AsyncByteSink {
  /** Writes some of `bytes`; resolves with how many. Rejects when the console is gone. */
  write(bytes: Uint8Array): Promise<number>;
}

/**
 * Most log bytes waiting for a console that does not read: 1 MiB, some thousands of lines, so a
 * console that pauses for a moment (a terminal scrolled back, a busy pager) loses nothing, and
 * one that never reads costs the server no more than this.
 */
export const DEFAULT_CONSOLE_QUEUE_BYTES = 1024 * 1024;

/** A bounded queue of log text for a console, written in order, one write at a time. */
export class ConsoleQueue {
  readonly #sink: AsyncByteSink;
  readonly #maxBytes: number;
  readonly #onCaughtUp: (dropped: number) => void;
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #writing = false;
  #gone = false;
  /** Lines dropped since the queue last emptied; dropping goes on until it does. */
  #dropped = 0;
  #idle: (() => void)[] = [];

  /**
   * `onCaughtUp(n)` is called once the console took everything again after `n` lines were
   * dropped: the moment to tell it so.
   */
  constructor(sink: AsyncByteSink, maxBytes: number, onCaughtUp: (dropped: number) => void) {
    this.#sink = sink;
    this.#maxBytes = maxBytes;
    this.#onCaughtUp = onCaughtUp;
  }

  /** Bytes waiting for the console. */
  get queuedBytes(): number {
    return this.#bytes;
  }

  /** Queues `bytes`, `lines` whole log lines; drops and counts them past the bound. */
  push(bytes: Uint8Array, lines: number): void {
    if (this.#gone || bytes.length === 0) return;
    if (this.#dropped > 0 || this.#bytes + bytes.length > this.#maxBytes) {
      this.#dropped += lines;
      return;
    }
    this.#chunks.push(bytes);
    this.#bytes += bytes.length;
    if (!this.#writing) void this.#pump();
  }

  /**
   * Resolves true once everything queued was written (or the console is gone), false when `ms`
   * passed first: a stop must not wait forever for a console nobody reads.
   */
  drained(ms: number, clock: Clock = systemClock): Promise<boolean> {
    if (!this.#writing) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: TimerId | undefined;
      // Waiting first: arming a timer may let pending writes finish (under `deno test`).
      this.#idle.push(() => {
        clock.clearTimeout(timer);
        resolve(true);
      });
      if (this.#writing) timer = clock.setTimeout(() => resolve(false), ms);
    });
  }

  async #pump(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#chunks.length > 0) {
        const batch = concatBytes(this.#chunks);
        this.#chunks = [];
        for (let rest = batch; rest.length > 0;) rest = rest.subarray(await this.#sink.write(rest));
        this.#bytes -= batch.length;
        if (this.#chunks.length === 0 && this.#dropped > 0) {
          const dropped = this.#dropped;
          this.#dropped = 0;
          this.#onCaughtUp(dropped);
        }
      }
    } catch {
      // The console went away (a closed pipe, a terminal hung up): nobody is left to read it.
      this.#gone = true;
      this.#chunks = [];
      this.#bytes = 0;
    }
    this.#writing = false;
    const idle = this.#idle;
    this.#idle = [];
    for (const resolve of idle) resolve();
  }
}
