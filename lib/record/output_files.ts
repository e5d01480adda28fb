/**
 * The two files a recording leaves, written so that a failure never costs an earlier good one
 * and the student can open them afterwards:
 *
 * - each is written under a temporary name beside its final one (`.NAME.recording`), and renamed
 *   into place only when the whole recording worked (a rename in one folder replaces the old file
 *   at once: rename(2));
 * - then made readable by everyone (0644: the capture tool creates 0600 files), and, when the
 *   recorder runs as root through sudo, given to the user who ran sudo (`SUDO_UID`/`SUDO_GID`,
 *   sudo(8) "ENVIRONMENT"), who could otherwise not even add a line to the log.
 *
 * @example
 * ```ts
 * import { sudoOwner } from "./output_files.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const env: Record<string, string> = { SUDO_UID: "1000", SUDO_GID: "1000" };
 * deepEqual(sudoOwner((name) => env[name], 0), { uid: 1000, gid: 1000 });
 * equal(sudoOwner((name) => env[name], 1000), undefined); // not root: nothing to give away
 * ```
 * @module
 */

import { fileProblem } from "../file_errors.ts";
import { basename, dirname, join, resolve } from "node:path";

/** A file being recorded: where it goes, and the name it has until then. */
export interface OutputFile {
  /** The final path, as the student named it (relative to where they ran the command). */
  readonly shown: string;
  readonly path: string;
  readonly temp: string;
}

/** The owner to give the files to: sudo's user, when running as root under sudo. */
export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** The {@link OutputFile} for `name`, relative to `baseDir` unless absolute. */
export function outputFile(name: string, baseDir: string): OutputFile {
  const path = resolve(baseDir, name);
  return { shown: name, path, temp: join(dirname(path), `.${basename(path)}.recording`) };
}

/**
 * Who ran sudo, when this process is root (`uid` 0, or `null`: not known) and sudo said so; else
 * `undefined`. A `SUDO_GID` that is missing means the user's group id equals the uid, as on most
 * systems. When the uid was not known and this is not root after all, {@link publish} finds that
 * out and leaves the files to their owner.
 */
export function sudoOwner(
  env: (name: string) => string | undefined,
  uid: number | null,
): Owner | undefined {
  const sudoUid = env("SUDO_UID") ?? "";
  if ((uid !== 0 && uid !== null) || !/^\d+$/.test(sudoUid) || Number(sudoUid) === 0) {
    return undefined;
  }
  const sudoGid = env("SUDO_GID") ?? "";
  return { uid: Number(sudoUid), gid: Number(/^\d+$/.test(sudoGid) ? sudoGid : sudoUid) };
}

/** The final files that exist already (what a failed recording must leave alone). */
export async function existing(files: readonly OutputFile[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    if (await Deno.lstat(file.path).then(() => true, () => false)) found.push(file.shown);
  }
  return found;
}

/** Can a temporary file be created beside `file`? `null` if so, else the reason. */
export async function writableProblem(file: OutputFile): Promise<string | null> {
  try {
    await Deno.writeFile(file.temp, new Uint8Array());
    await Deno.remove(file.temp);
    return null;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return `the folder ${dirname(file.shown)} does not exist`;
    }
    return fileProblem(error);
  }
}

/**
 * Moves every temporary file into place, readable by everyone, owned by `owner` if given.
 * Returns `null`, or the first problem (files already moved stay moved: each is whole).
 */
export async function publish(files: readonly OutputFile[], owner?: Owner): Promise<string | null> {
  for (const file of files) {
    try {
      await Deno.rename(file.temp, file.path);
      await Deno.chmod(file.path, 0o644).catch(ignoreOnWindows);
      if (owner) await Deno.chown(file.path, owner.uid, owner.gid).catch(unlessNotRoot);
    } catch (error) {
      return `${file.shown}: ${fileProblem(error)}`;
    }
  }
  return null;
}

/** Removes the temporary files of a recording that failed. */
export async function discard(files: readonly OutputFile[]): Promise<void> {
  for (const file of files) await Deno.remove(file.temp).catch(() => {});
}

/** Not root after all (a `SUDO_UID` inherited by another user's shell): the files stay its own. */
function unlessNotRoot(error: unknown): void {
  if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
}

/** Windows has no permission bits to set: chmod is not supported there, and not needed. */
function ignoreOnWindows(error: unknown): void {
  if (Deno.build.os !== "windows") throw error;
}
