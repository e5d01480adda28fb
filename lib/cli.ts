/**
 * What both programs do at the edge of the process: read the command line with what the
 * environment says (colours, locale), act on `--help`, `--version` and bad arguments, fail with
 * one clear line, read an on/off environment variable, and stop on SIGINT or SIGTERM.
 *
 * @module
 */

import { localeFromEnv } from "./core/texts.ts";
import type { ColorContext, Command } from "./server/options.ts";

/**
 * Ends the program with one line. Declare it with this type (`const fail: Fail = ...`): only an
 * explicitly typed `never` function tells the compiler that the code after a call is unreachable.
 */
export type Fail = (code: number, message: string) => never;

/** A {@link Fail} for one program: prints `program: message` on stderr, exits with `code`. */
export function failer(program: string): Fail {
  return (code, message) => {
    console.error(`${program}: ${message}`);
    Deno.exit(code);
  };
}

/** True when the variable is set to something non-empty (the https://no-color.org rule). */
export function envFlag(name: string): boolean {
  return (envValue(name) ?? "") !== "";
}

/**
 * An environment variable, or `undefined` when it is unset or cannot be read: without
 * --allow-env colours follow the terminal only and the language is English.
 */
export function envValue(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Gives up writing files for the rest of the process. The server's compiled binary is built with
 * `--allow-write` because the one file it writes, `--log-file PATH`, is named only when it runs;
 * it opens that file first and then calls this, so from then on it can write no file at all,
 * and without `--log-file` it never could.
 */
export function dropWritePermission(): void {
  Deno.permissions.revokeSync({ name: "write" });
}

/** Calls `stop` on SIGINT and SIGTERM, where the platform has them. */
export function onStopSignals(stop: () => void): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch {
      // Windows has no SIGTERM; Ctrl+C (SIGINT) still works there.
    }
  }
}

/**
 * Does what a command line asks besides running: prints the help or the version, or fails with
 * exit code 2 on a bad argument. Returns the options to run with, or `undefined` when done.
 */
export function optionsToRun<O>(command: Command<O>, fail: Fail): O | undefined {
  switch (command.kind) {
    case "error":
      return fail(2, `${command.message} (see --help)`);
    case "help":
    case "version":
      console.log(command.text);
      return undefined;
    case "run":
      return command.options;
  }
}

/**
 * A program's pure argument parser: it gets the arguments, what the environment says about
 * colours, and the locale (LC_ALL, LC_MESSAGES or LANG) that picks the default language.
 */
export type ArgumentParser<O> = (
  args: readonly string[],
  colors: ColorContext,
  locale?: string,
) => Command<O>;

/**
 * Reads this process's arguments with `parse`, telling it NO_COLOR, whether standard output is a
 * terminal, and the locale; then does what {@link optionsToRun} does.
 */
export function commandLineOptions<O>(parse: ArgumentParser<O>, fail: Fail): O | undefined {
  const colors = { noColorEnv: envFlag("NO_COLOR"), isTerminal: Deno.stdout.isTerminal() };
  return optionsToRun(parse(Deno.args, colors, localeFromEnv(envValue)), fail);
}
