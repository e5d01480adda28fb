/**
 * A connection's read buffer, sized by how much the client sends: small while it is idle or
 * chatting, so that 10,000 idle clients cost little memory, and large while it sends a lot, so
 * that one read takes many lines at once.
 *
 * A pending `conn.read()` holds its buffer for as long as the client is silent, so the size of
 * an idle connection's buffer is memory held per connection (a 64 KiB `conn.readable` chunk
 * would cost ~63 KiB each). A read that fills the buffer says more is waiting: the next read
 * gets a large buffer. After a run of reads that would have fit the small one, it is given back.
 *
 * @example
 * ```ts
 * import { LARGE_READ_BYTES, ReadBuffer, SMALL_READ_BYTES } from "./read_buffer.ts";
 * import { equal } from "node:assert/strict";
 *
 * const buffer = new ReadBuffer();
 * equal(buffer.bytes.length, SMALL_READ_BYTES);
 * buffer.record(SMALL_READ_BYTES); // a full read: the client sends a lot
 * equal(buffer.bytes.length, LARGE_READ_BYTES);
 * ```
 * @module
 */

/** Bytes per read while a client is quiet: several chat lines. */
export const SMALL_READ_BYTES = 1024;
/** Bytes per read while a client sends a lot. */
export const LARGE_READ_BYTES = 16 * 1024;
/** Reads in a row that would have fit the small buffer before the large one is given back. */
export const SHRINK_AFTER_READS = 16;

/** The buffer one connection reads into. */
export class ReadBuffer {
  #bytes = new Uint8Array(SMALL_READ_BYTES);
  #smallReads = 0;

  /** Where the next read goes. Its contents are valid only until `record` is called. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** Notes that a read returned `n` bytes, which were used up, and sizes the next read. */
  record(n: number): void {
    if (this.#bytes.length === SMALL_READ_BYTES) {
      if (n === SMALL_READ_BYTES) {
        this.#bytes = new Uint8Array(LARGE_READ_BYTES);
        this.#smallReads = 0;
      }
      return;
    }
    if (n > SMALL_READ_BYTES) {
      this.#smallReads = 0;
    } else if (++this.#smallReads >= SHRINK_AFTER_READS) {
      this.#bytes = new Uint8Array(SMALL_READ_BYTES);
      this.#smallReads = 0;
    }
  }
}
