/**
 * Writing bytes to where a program's output goes — standard output, a log file, a test's array —
 * without ever throwing: a reader that went away (`| head`) or a full disk is a value the caller
 * acts on, not a crash.
 *
 * @example
 * ```ts
 * import { type ByteSink, writeAll, writeOutput } from "./io.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const chunks: Uint8Array[] = [];
 * // A sink that takes at most 3 bytes per call, as a pipe may.
 * const sink: ByteSink = { writeSync: (b) => (chunks.push(b.slice(0, 3)), Math.min(3, b.length)) };
 * equal(writeAll(sink, "hello"), true);
 * equal(chunks.length, 2);
 *
 * // `| head -n 1` after its line: the pipe has no reader any more.
 * const gone: ByteSink = { writeSync: () => { throw new Deno.errors.BrokenPipe("Broken pipe"); } };
 * deepEqual(writeOutput(gone, "more\n"), { ok: false, why: "reader-gone", detail: "Broken pipe" });
 * ```
 * @module
 */

import { classifyNetError } from "./net/errors.ts";

/** Somewhere bytes go synchronously, as `Deno.stdout` and `Deno.FsFile` do. */
export interface ByteSink {
  /** Writes some of `bytes` and says how many; throws when the sink is gone. */
  writeSync(bytes: Uint8Array): number;
}

/** Why output could not be written. */
export type OutputProblem =
  /**
   * Nobody reads it any more: a pipe whose reader exited (EPIPE, what `| head` leaves behind) or a
   * socket the peer closed (ECONNRESET). Nothing was lost that anyone wanted.
   */
  | "reader-gone"
  /** Anything else: a full disk (ENOSPC), a terminal that hung up (EIO), a closed descriptor. */
  | "failed";

/** The outcome of {@link writeOutput}: written, or why not with the system's words. */
export type OutputWrite =
  | { readonly ok: true }
  | { readonly ok: false; readonly why: OutputProblem; readonly detail: string };

const encoder = new TextEncoder();

/** Writes all of `text`, or says why it could not (see {@link OutputProblem}). */
export function writeOutput(sink: ByteSink, text: string | Uint8Array): OutputWrite {
  try {
    let bytes = typeof text === "string" ? encoder.encode(text) : text;
    while (bytes.length > 0) bytes = bytes.subarray(sink.writeSync(bytes));
    return { ok: true };
  } catch (error) {
    // A pipe's EPIPE and a socket's reset are both "the reader left"; net/errors.ts names them.
    const { kind, detail } = classifyNetError(error);
    return { ok: false, why: kind === "reset" ? "reader-gone" : "failed", detail };
  }
}

/** Writes all of `text`; false when the sink is gone (a closed pipe, a full disk). */
export function writeAll(sink: ByteSink, text: string | Uint8Array): boolean {
  return writeOutput(sink, text).ok;
}

/** One buffer holding `chunks` in order (the chunk itself when there is one). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
