/**
 * A byte buffer with a bound: what a grader's client keeps of what a server sent it. A server
 * that floods costs at most `limit` bytes; the rest is counted, not kept.
 *
 * - `head` keeps the first `limit` bytes (what a check judges), and counts the rest.
 * - `tail` keeps the last `limit` bytes (a client that only waits for a last line in a flood).
 *
 * @example
 * ```ts
 * import { BoundedBytes } from "./bounded_bytes.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const tail = new BoundedBytes(4, "tail");
 * tail.push(new Uint8Array([1, 2, 3]));
 * tail.push(new Uint8Array([4, 5, 6]));
 * deepEqual([...tail.bytes()], [3, 4, 5, 6]);
 * equal(tail.total, 6);
 * equal(tail.start, 2);
 * ```
 * @module
 */

/** Which bytes a {@link BoundedBytes} keeps once more than its limit arrived. */
export type Keep = "head" | "tail";

/** Bytes kept up to a limit, and a count of all that arrived. */
export class BoundedBytes {
  readonly limit: number;
  readonly keep: Keep;
  #buffer = new Uint8Array(256);
  #length = 0;
  /** Every byte pushed, kept or not. */
  total = 0;

  constructor(limit: number, keep: Keep = "head") {
    this.limit = limit;
    this.keep = keep;
  }

  /** The offset in the whole stream of the first byte kept (0 for `head`). */
  get start(): number {
    return this.keep === "head" ? 0 : this.total - this.#length;
  }

  /** True once bytes were left out. */
  get overflowed(): boolean {
    return this.total > this.#length;
  }

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    const data = chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk;
    if (this.keep === "head") {
      const room = this.limit - this.#length;
      if (room > 0) this.#append(chunk.subarray(0, room));
      return;
    }
    const overflow = this.#length + data.length - this.limit;
    if (overflow > 0) {
      this.#buffer.copyWithin(0, overflow, this.#length);
      this.#length -= overflow;
    }
    this.#append(data);
  }

  /** The bytes kept (a copy). */
  bytes(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  #append(data: Uint8Array): void {
    const needed = this.#length + data.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.#buffer.length * 2)));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(data, this.#length);
    this.#length = needed;
  }
}

/**
 * The first and the last bytes of a stream, `limit` in all, and how many were left out between
 * them: a server's output, whose start (it listens) and end (why it stopped) both matter.
 */
export class HeadAndTail {
  readonly limit: number;
  readonly #head: BoundedBytes;
  readonly #tail: BoundedBytes;
  /** Every byte pushed, kept or not. */
  total = 0;

  constructor(limit: number) {
    this.limit = limit;
    this.#head = new BoundedBytes(Math.ceil(limit / 2), "head");
    this.#tail = new BoundedBytes(Math.floor(limit / 2), "tail");
  }

  push(chunk: Uint8Array): void {
    const room = Math.max(0, this.#head.limit - this.total);
    this.total += chunk.length;
    if (room > 0) this.#head.push(chunk.subarray(0, room));
    if (chunk.length > room) this.#tail.push(chunk.subarray(room));
  }

  /** The bytes left out between the head and the tail (0 while everything fits). */
  get left(): number {
    return this.#tail.start;
  }

  /** The first bytes kept, and the last (which follow the first at once when `left` is 0). */
  parts(): { readonly head: Uint8Array; readonly tail: Uint8Array } {
    return { head: this.#head.bytes(), tail: this.#tail.bytes() };
  }
}
