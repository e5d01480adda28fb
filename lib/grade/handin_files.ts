/**
 * Opening a hand-in's two files before anything reads them: one short line naming the file once
 * when it is missing, a folder, an empty capture, or far larger than a lab's (`lib/file_errors.ts` words the
 * runtime's errors), and a log saved as UTF-16 (Windows PowerShell 5.1's `>` writes it so) read
 * as the text it is.
 *
 * @example
 * ```ts
 * import { decodeLog } from "./handin_files.ts";
 * import { equal } from "node:assert/strict";
 *
 * const utf16 = new Uint8Array([0xff, 0xfe, 0x68, 0, 0x69, 0]);
 * equal(decodeLog(utf16), "hi");
 * ```
 * @module
 */

import { fileProblem } from "../file_errors.ts";
import { userPath } from "../cli.ts";
import type { Say } from "./result.ts";

/**
 * The largest log read: a lab's log is a few KiB (one line per event of a few minutes' chat), so
 * 16 MiB is thousands of times more; past it the file is refused before it is read.
 */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;

/** How many bytes of a log without a byte-order mark are looked at to tell UTF-16 from UTF-8. */
const SNIFF_BYTES = 512;

/**
 * A log's bytes as text: UTF-8 (with or without its mark), or UTF-16 with its byte-order mark
 * (`FF FE`, `FE FF`) or without it when every other byte is NUL (text in Latin letters).
 */
export function decodeLog(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder().decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  }
  const head = bytes.subarray(0, SNIFF_BYTES - (SNIFF_BYTES % 2));
  if (head.length >= 4) {
    const nulAt = (odd: number) => head.filter((b, i) => i % 2 === odd && b === 0).length;
    const half = head.length / 2;
    if (nulAt(1) === half && nulAt(0) === 0) return new TextDecoder("utf-16le").decode(bytes);
    if (nulAt(0) === half && nulAt(1) === 0) return new TextDecoder("utf-16be").decode(bytes);
  }
  return new TextDecoder().decode(bytes);
}

/** What is wrong with a file before it is read, or `null`; `what` names it ("log", "capture"). */
async function openProblem(
  what: "log" | "capture",
  path: string,
  max: number,
): Promise<Say | null> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(userPath(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return (t) => t.errors.missingFile(what, path);
    return (t) => t.errors.unreadable(what, path, fileProblem(error));
  }
  if (info.isDirectory) {
    return (t) => t.errors.unreadable(what, path, fileProblem(new Deno.errors.IsADirectory()));
  }
  // An empty log is read as it is (the checks say what it lacks); an empty capture has nothing.
  if (info.size === 0 && what === "capture") return (t) => t.handin.emptyFile(what, path);
  if (info.size > max) return (t) => t.handin.fileTooBig(what, path, info.size, max);
  return null;
}

/**
 * A log's text, or the one line why it cannot be read. `path` is as the user typed it, relative
 * to the folder they typed it in (lib/cli.ts, `userPath`).
 */
export async function readLogFile(path: string): Promise<string | Say> {
  const problem = await openProblem("log", path, MAX_LOG_BYTES);
  if (problem !== null) return problem;
  try {
    return decodeLog(await Deno.readFile(userPath(path)));
  } catch (error) {
    return (t) => t.errors.unreadable("log", path, fileProblem(error));
  }
}

/**
 * The one line why a capture cannot be read, or `null`. Its size is bounded by what tshark finds
 * in it (lib/capture/payloads.ts, `MAX_PAYLOAD_BYTES`), not by the file's: a capture may hold
 * much besides the chat.
 */
export function captureFileProblem(path: string): Promise<Say | null> {
  return openProblem("capture", path, Infinity);
}
