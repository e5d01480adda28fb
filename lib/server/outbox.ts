/**
 * One connection's outgoing queue: bounded, serialized, coalescing.
 *
 * - **Serialized**: one writer per connection, so lines never interleave, and nobody else's loop
 *   ever awaits this connection's write: a slow reader only fills its own queue.
 * - **Bounded**: at most `maxBytes` may wait; `push` returns false past that and the server drops
 *   the client (a reader that stopped reading must not hold server memory forever).
 * - **Coalescing**: everything pushed during one turn of the event loop leaves in one `write()`
 *   (one TCP segment when it fits), and a partial write is continued, never lost. Lines pushed
 *   while a write is under way leave together as soon as it completes.
 * - **Cheap per recipient**: the outboxes of one turn are flushed together, and recipients given
 *   the very same lines share one joined buffer; a write allocates no closures.
 *
 * @module
 */

import { concatBytes } from "../io.ts";

/** The part of a connection the outbox needs. */
export interface Writable {
  write(bytes: Uint8Array): Promise<number>;
}

const NOTHING: Uint8Array = new Uint8Array(0);

/** A bounded write queue for one connection. */
export class Outbox {
  /** Outboxes given bytes during this turn of the event loop, flushed together at its end. */
  static #waiting: Outbox[] = [];
  /** The last batch joined during a flush, and its parts: a broadcast gives most recipients
   * the very same parts, which are then joined once instead of once per recipient. */
  static #joinedParts: readonly Uint8Array[] = [];
  static #joined = NOTHING;

  readonly maxBytes: number;
  readonly #target: Writable;
  readonly #onError: (error: unknown) => void;
  #chunks: Uint8Array[] = [];
  #queuedBytes = 0;
  /** Waiting for the end of the turn, or writing. */
  #busy = false;
  #failed = false;
  #drained: (() => void)[] | null = null;
  /** The bytes being written, and how many of them already went. */
  #batch = NOTHING;
  #written = 0;

  constructor(target: Writable, maxBytes: number, onError: (error: unknown) => void) {
    this.#target = target;
    this.maxBytes = maxBytes;
    this.#onError = onError;
  }

  /** Bytes accepted but not yet written. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /**
   * Queues bytes to send. Returns false, queueing nothing, when they would take the queue past its
   * bound or the connection already failed. The bytes must not be changed afterwards: one encoded
   * broadcast line is shared by every recipient's queue.
   */
  push(bytes: Uint8Array): boolean {
    if (this.#failed) return false;
    if (this.#queuedBytes + bytes.length > this.maxBytes) return false;
    this.#chunks.push(bytes);
    this.#queuedBytes += bytes.length;
    this.#schedule();
    return true;
  }

  /**
   * Replaces everything not yet handed to the socket with `bytes`, even past the bound: the last
   * words before the server closes a connection, so they come next rather than never.
   */
  lastWords(bytes: Uint8Array): boolean {
    if (this.#failed) return false;
    for (const chunk of this.#chunks) this.#queuedBytes -= chunk.length;
    this.#chunks = [bytes];
    this.#queuedBytes += bytes.length;
    this.#schedule();
    return true;
  }

  #schedule(): void {
    if (this.#busy) return;
    this.#busy = true;
    // Wait for the end of this turn so that all its lines leave together.
    if (Outbox.#waiting.push(this) === 1) queueMicrotask(Outbox.#flushWaiting);
  }

  /** Resolves once everything queued so far was written (or the connection failed). */
  drain(): Promise<void> {
    if (!this.#busy || this.#failed) return Promise.resolve();
    return new Promise((resolve) => (this.#drained ??= []).push(resolve));
  }

  static #flushWaiting(): void {
    const outboxes = Outbox.#waiting;
    Outbox.#waiting = [];
    for (const outbox of outboxes) outbox.#flush();
    Outbox.#joinedParts = [];
    Outbox.#joined = NOTHING;
  }

  /** Writes everything queued as one batch, or goes idle when nothing is. */
  #flush(): void {
    const chunks = this.#chunks;
    if (this.#failed) return;
    if (chunks.length === 0) return this.#idle();
    this.#chunks = [];
    this.#batch = chunks.length === 1 ? chunks[0] : Outbox.#join(chunks);
    this.#written = 0;
    this.#write();
  }

  #write(): void {
    const rest = this.#written === 0 ? this.#batch : this.#batch.subarray(this.#written);
    try {
      this.#target.write(rest).then(this.#onWritten, this.#onFailed);
    } catch (error) {
      this.#onFailed(error);
    }
  }

  // Arrow functions made once per outbox, not once per write.
  readonly #onWritten = (n: number): void => {
    this.#written += n;
    if (this.#written < this.#batch.length) return this.#write();
    this.#queuedBytes -= this.#batch.length;
    this.#batch = NOTHING;
    // Lines queued while this write was under way leave now, together.
    this.#flush();
  };

  readonly #onFailed = (error: unknown): void => {
    this.#failed = true;
    this.#chunks = [];
    this.#queuedBytes = 0;
    this.#batch = NOTHING;
    this.#onError(error);
    this.#idle();
  };

  #idle(): void {
    this.#busy = false;
    const drained = this.#drained;
    this.#drained = null;
    if (drained) { for (const resolve of drained) resolve(); }
  }

  /** One buffer holding `parts` in order; reused when the last join had the very same parts. */
  static #join(parts: readonly Uint8Array[]): Uint8Array {
    const last = Outbox.#joinedParts;
    if (last.length === parts.length && parts.every((part, i) => part === last[i])) {
      return Outbox.#joined;
    }
    const joined = concatBytes(parts);
    Outbox.#joinedParts = parts;
    Outbox.#joined = joined;
    return joined;
  }
}
