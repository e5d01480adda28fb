/**
 * Test support: the terminal client in a real terminal (tmux), the way a user runs it.
 *
 * @module
 */

import { Tmux } from "./tmux.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** `deno run main_client.ts 127.0.0.1 PORT ARGS`, as a command line. */
export function clientCommand(port: number, args: readonly string[] = []): string[] {
  return [
    Deno.execPath(),
    "run",
    "--allow-net",
    "--allow-env",
    "main_client.ts",
    "127.0.0.1",
    `${port}`,
    ...args,
  ];
}

/**
 * Runs `command` (the client connected to `port` unless told) in a terminal of its own,
 * `columns` wide, in English with colours allowed; always kills the terminal afterwards.
 */
export async function withClientTerminal(
  port: number,
  fn: (term: Tmux) => Promise<void>,
  options: { args?: readonly string[]; columns?: number; command?: readonly string[] } = {},
): Promise<void> {
  const term = await Tmux.start(
    options.command ?? clientCommand(port, options.args),
    // An empty NO_COLOR means "colours allowed", whatever the test runner's environment says;
    // LC_ALL keeps the client English on a machine with a Romanian locale.
    {
      columns: options.columns ?? 90,
      rows: 30,
      cwd: ROOT,
      env: { NO_COLOR: "", LC_ALL: "C.UTF-8" },
    },
  );
  try {
    await fn(term);
  } finally {
    await term.kill();
  }
}

/** The last non-empty row: where the input line is. */
export const inputRow = (rows: string[]): string => rows.at(-1) ?? "";
