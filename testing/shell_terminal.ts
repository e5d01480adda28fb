/**
 * Test support: an interactive shell in a real terminal (tmux), where a test types commands as a
 * user does. The shell has job control, so Ctrl+C reaches only the command in the foreground, and
 * `echo $?` afterwards shows the exit status a user would see.
 *
 * @module
 */

import { Tmux } from "./tmux.ts";

/** The shell's prompt: a row that is exactly this (trailing blanks removed) is a waiting shell. */
export const PROMPT = "$";

/** The ROOT of the project, where the shell starts. */
const ROOT = new URL("../", import.meta.url).pathname;

/**
 * Starts `bash` without any profile, with the prompt `$ `, English and without colours; `env` adds
 * to or overrides that.
 */
export async function startShell(
  env: Record<string, string> = {},
  size = { columns: 120, rows: 40 },
): Promise<Tmux> {
  const term = await Tmux.start(["bash", "--norc", "--noprofile", "-i"], {
    ...size,
    cwd: ROOT,
    env: { NO_COLOR: "1", LC_ALL: "C.UTF-8", ...env },
  });
  // An interactive bash sets its own prompt whatever the environment says.
  await runCommand(term, `PS1='${PROMPT} '; clear`);
  await term.waitFor((rows) => rows.length === 1 && rows[0] === PROMPT);
  return term;
}

/** Types `command` and presses Enter. */
export async function runCommand(term: Tmux, command: string): Promise<void> {
  await term.type(command);
  await term.press("Enter");
}

/** True when some row after the last row matching `after` is the shell's bare prompt. */
export function promptAfter(rows: readonly string[], after: RegExp): boolean {
  const from = rows.findLastIndex((row) => after.test(row));
  return from !== -1 && rows.slice(from + 1).some((row) => row === PROMPT);
}
