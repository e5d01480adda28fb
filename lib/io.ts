/**
 * Writing bytes to where a program's output goes — standard output, a log file, a test's array —
 * without ever throwing: a reader that went away (`| head`) or a full disk is a value the caller
 * acts on, not a crash.
 *
 * @example
 * ```ts
 * import { type ByteSink, writeAll } from "./io.ts";
 * import { equal } from "node:assert/strict";
 *
 * const chunks: Uint8Array[] = [];
 * // A sink that takes at most 3 bytes per call, as a pipe may.
 * const sink: ByteSink = { writeSync: (b) => (chunks.push(b.slice(0, 3)), Math.min(3, b.length)) };
 * equal(writeAll(sink, "hello"), true);
 * equal(chunks.length, 2);
 * ```
 * @module
 */

/** Somewhere bytes go synchronously, as `Deno.stdout` and `Deno.FsFile` do. */
export interface ByteSink {
  /** Writes some of `bytes` and says how many; throws when the sink is gone. */
  writeSync(bytes: Uint8Array): number;
}

const encoder = new TextEncoder();

/** Writes all of `text`; false when the sink is gone (a closed pipe, a full disk). */
export function writeAll(sink: ByteSink, text: string | Uint8Array): boolean {
  try {
    let bytes = typeof text === "string" ? encoder.encode(text) : text;
    while (bytes.length > 0) bytes = bytes.subarray(sink.writeSync(bytes));
    return true;
  } catch {
    // A closed console (e.g. `| head`) or a full disk must not stop the program.
    return false;
  }
}
