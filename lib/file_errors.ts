/**
 * What went wrong opening, reading or writing a file, in the words the programs print: the one
 * place the runtime's file errors are classified (network errors have theirs in
 * `lib/net/errors.ts`). Deno's messages name the errno and repeat the path
 * (`No such file or directory (os error 2): open '/x/y.log'`); a user typed the path, so a message
 * names it once, in front, and says what is wrong in a few words.
 *
 * @example
 * ```ts
 * import { fileProblem } from "./file_errors.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(fileProblem(new Deno.errors.NotFound("No such file or directory (os error 2): open 'x'")),
 *   "no such file or folder");
 * equal(fileProblem(new Error("Is a directory (os error 21): open '/tmp'")),
 *   "it is a folder, not a file");
 * ```
 * @module
 */

/** Linux errno numbers (as Deno prints them, `(os error N)`) that have no `Deno.errors` class. */
const BY_ERRNO: Record<number, string> = {
  20: "a part of the path is a file, not a folder", // ENOTDIR
  21: "it is a folder, not a file", // EISDIR
  28: "no space left on the device", // ENOSPC
  30: "the file system is read-only", // EROFS
  36: "the name is too long", // ENAMETOOLONG
  122: "the disk quota is exceeded", // EDQUOT
};

/** A few words for `error`, thrown by a `Deno` file call; the runtime's own message if unknown. */
export function fileProblem(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or folder";
  if (error instanceof Deno.errors.NotCapable) {
    return "not allowed (deno run needs --allow-read or --allow-write for it)";
  }
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return BY_ERRNO[21];
  const message = error instanceof Error ? error.message : String(error);
  const errno = /\(os error (\d+)\)/.exec(message)?.[1];
  const known = errno === undefined ? undefined : BY_ERRNO[Number(errno)];
  // Deno's words without the errno and the path it repeats: "Input/output error".
  return known ?? message.replace(/\s*\(os error \d+\).*$/s, "");
}
