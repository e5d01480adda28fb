/**
 * What every program of tcpchat shares at its command line: the lab's default address, the
 * checks of common flag values with one clear line for each bad one, and the edge of the process
 * (read the arguments with what the environment says about colours and locale, act on `--help`,
 * `--version` and bad arguments, fail with one clear line, stop on SIGINT or SIGTERM).
 *
 * The parsers themselves are pure (`lib/server/options.ts`, `lib/client/options.ts`); only the
 * functions at the end of this file touch the process.
 *
 * @module
 */

import { resolve } from "node:path";
import { type Language, LANGUAGES, localeFromEnv } from "./core/texts.ts";

/** Default listening address: loopback only, so a lab machine is not opened to the network. */
export const DEFAULT_HOST = "127.0.0.1";
/** The lab's port. */
export const DEFAULT_PORT = 3333;

/** What the command line asks for; `O` is what a run needs (the client's options differ). */
export type Command<O> =
  | { readonly kind: "run"; readonly options: O }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version"; readonly text: string }
  | { readonly kind: "error"; readonly message: string };

/** What the environment says about colours. */
export interface ColorContext {
  /** `NO_COLOR` is set to a non-empty value (https://no-color.org). */
  readonly noColorEnv: boolean;
  /** Standard output is a terminal. */
  readonly isTerminal: boolean;
}

/** A whole-number flag between `min` and `max`, or the one line that says what is wrong. */
export function integer(flag: string, raw: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(raw.trim())) return `${flag} must be a whole number, got "${raw}"`;
  const value = Number(raw);
  if (value < min || value > max) return `${flag} must be between ${min} and ${max}, got ${raw}`;
  return value;
}

/** The language `--lang` names (`en`, `ro`, in any case), or `undefined` for any other value. */
export function language(raw: string): Language | undefined {
  return LANGUAGES.find((l) => l === raw.trim().toLowerCase());
}

/** The one line for a `--lang` value that names no language. */
export function badLanguage(raw: string): string {
  return `--lang must be ${LANGUAGES.join(" or ")}, got "${raw}"`;
}

/** The checked numbers of several flags, or the first problem among them. */
export function allNumbers<K extends string>(
  checked: Record<K, number | string>,
): Record<K, number> | string {
  for (const value of Object.values<number | string>(checked)) {
    if (typeof value === "string") return value;
  }
  // Every value is a number: the loop above returned on the first string.
  return checked as Record<K, number>;
}

/** Colours only on a terminal, and only when neither `--no-color` nor NO_COLOR says no. */
export function wantsColor(noColorFlag: boolean, colors: ColorContext): boolean {
  return !noColorFlag && !colors.noColorEnv && colors.isTerminal;
}

/** One clear line for an error from `parseArgs` (an unknown flag, a missing value...). */
export function argumentProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `${missing[1].replace(/^-\w, /, "").replace(/ <value>$/, "")} needs a value`;
  const noValue = /Option '([^']+)' does not take an argument/.exec(message);
  if (noValue) return `${noValue[1].replace(/^-\w, /, "")} does not take a value`;
  const positional = /Unexpected argument '([^']+)'/.exec(message);
  if (positional) return `unexpected argument "${positional[1]}" (flags start with --)`;
  return message.split("\n")[0];
}

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
 * The folder the user typed the command in: where a `--server-cmd` runs and where the files they
 * name are. `deno task` runs every task in the project's folder (the one with deno.json) and
 * says where the user was in `INIT_CWD` (https://docs.deno.com/runtime/reference/cli/task/), so
 * a student who types `deno task grade --server-cmd "python3 server.py"` in their own folder gets
 * their own server.py; a compiled binary is run where the user is, with no `INIT_CWD`.
 */
export function userFolder(): string {
  const typedIn = envValue("INIT_CWD");
  if (typedIn !== undefined && typedIn !== "") return typedIn;
  return Deno.cwd();
}

/** `path` as the user meant it: a relative path starts in {@link userFolder}. */
export function userPath(path: string, folder: string = userFolder()): string {
  return resolve(folder, path);
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

/** The signals that ask a program to stop, with their POSIX numbers. */
export const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as const;

/** A signal that asks a program to stop. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * The exit code of a program a signal stopped: 128 + the signal's number, what a shell reports for
 * a process the signal killed (POSIX "Exit Status for Commands"), so a script sees the same either
 * way: SIGHUP 129, SIGINT 130, SIGQUIT 131, SIGTERM 143.
 */
export function signalExitCode(signal: StopSignal): number {
  return 128 + STOP_SIGNALS[signal];
}

/** Calls `stop` with the signal's name on each of `signals` (SIGINT and SIGTERM unless told). */
export function onStopSignals(
  stop: (signal: StopSignal) => void,
  signals: readonly StopSignal[] = ["SIGINT", "SIGTERM"],
): void {
  for (const signal of signals) {
    try {
      Deno.addSignalListener(signal, () => stop(signal));
    } catch {
      // Windows has only SIGINT (Ctrl+C) of these; it still works there.
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
