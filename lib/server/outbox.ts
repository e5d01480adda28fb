/**
 * One connection's outgoing queue: bounded, serialized, coalescing.
 *
 * - **Serialized**: one writer per connection, so lines never interleave, and nobody else's loop
 *   ever awaits this connection's write: a slow reader only fills its own queue.
 * - **Bounded**: at most `maxBytes` may wait; `push` returns false past that and the server drops
 *   the client (a reader that stopped reading must not hold server memory forever).
 * - **Coalescing**: everything pushed during one turn of the event loop leaves in one `write()`
 *   (one TCP segment when it fits), and a partial write is continued, never lost.
 *
 * @module
 */

/** The part of a connection the outbox needs. */
export interface Writable {
  write(bytes: Uint8Array): Promise<number>;
}

/** A bounded write queue for one connection. */
export class Outbox {
  readonly maxBytes: number;
  readonly #target: Writable;
  readonly #onError: (error: unknown) => void;
  #chunks: Uint8Array[] = [];
  #queuedBytes = 0;
  #pumping = false;
  #failed = false;
  #drained: (() => void)[] = [];

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

  #schedule(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    // Wait for the end of this turn so that all its lines leave together.
    queueMicrotask(() => void this.#pump());
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

  /** Resolves once everything queued so far was written (or the connection failed). */
  drain(): Promise<void> {
    if (!this.#pumping || this.#failed) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  async #pump(): Promise<void> {
    try {
      while (this.#chunks.length > 0) {
        const batch = this.#chunks.length === 1 ? this.#chunks[0] : concat(this.#chunks);
        this.#chunks = [];
        let offset = 0;
        while (offset < batch.length) {
          offset += await this.#target.write(batch.subarray(offset));
        }
        this.#queuedBytes -= batch.length;
      }
    } catch (error) {
      this.#failed = true;
      this.#chunks = [];
      this.#queuedBytes = 0;
      this.#onError(error);
    } finally {
      this.#pumping = false;
      for (const resolve of this.#drained.splice(0)) resolve();
    }
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
