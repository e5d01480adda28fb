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

import { isIP } from "node:net";
import { resolve } from "node:path";
import type { ParseArgsConfig, ParseArgsOptionsConfig } from "node:util";
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

/** A value as the one-line messages show it: in quotes, control characters escaped (`"a\u001b"`). */
export function quoted(raw: string): string {
  return JSON.stringify(raw);
}

/** A whole-number flag between `min` and `max`, or the one line that says what is wrong. */
export function integer(flag: string, raw: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(raw.trim())) return `${flag} must be a whole number, got ${quoted(raw)}`;
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
  return `--lang must be ${LANGUAGES.join(" or ")}, got ${quoted(raw)}`;
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

/**
 * A `parseArgs` configuration whose `args` are ready for it: give `parseArgs` the result.
 *
 * `parseArgs` takes every argument that starts with `-` for a flag, so `--port -1` would be "Option
 * '--port' argument is ambiguous" and `chat-client localhost -5` an unknown option `-5`. Here a
 * value that starts with `-` but is not one of the program's flags stays the value of the flag
 * before it (`--port -1` becomes `--port=-1`, which the flag's own check then refuses in its
 * words), and, for a program that takes positional arguments, anything not spelt like a flag (a
 * dash and a letter) is one of them (so the port's check says what is wrong with `-5`). A flag followed by another flag still needs
 * a value ({@link argumentProblem} says so).
 *
 * @example
 * ```ts
 * import { valuesAttached } from "./cli.ts";
 * import { parseArgs } from "node:util";
 * import { equal } from "node:assert/strict";
 *
 * const options = { port: { type: "string" } } as const;
 * const config = valuesAttached({ args: ["--port", "-1"], options, strict: true });
 * equal(parseArgs(config).values.port, "-1");
 * ```
 */
export function valuesAttached<T extends ParseArgsConfig>(config: T): T {
  const { args = [], options = {}, allowPositionals = false } = config;
  return { ...config, args: attachValues(args, options, allowPositionals) };
}

// What parseArgs would take for a flag and we do too: a dash and a letter (`-h`, `--port`).
const FLAG_LIKE = /^--?[A-Za-z]/;

/**
 * `args` with each string flag's value that starts with `-` attached to it (`--port=-1`), and,
 * when positionals are allowed, every positional after a `--` so that `-5` counts as one.
 */
function attachValues(
  args: readonly string[],
  options: ParseArgsOptionsConfig,
  allowPositionals: boolean,
): string[] {
  const flags = new Set(
    Object.entries(options).flatMap((
      [name, o],
    ) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]),
  );
  const takesValue = (arg: string) => options[arg.slice(2)]?.type === "string";
  const named: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const next = args[i + 1];
    if (arg.startsWith("--") && takesValue(arg) && next !== undefined && !flags.has(next)) {
      named.push(`${arg}=${next}`);
      i++;
    } else if (allowPositionals && !FLAG_LIKE.test(arg)) {
      positionals.push(arg);
    } else {
      named.push(arg);
    }
  }
  return positionals.length === 0 ? named : [...named, "--", ...positionals];
}

/**
 * A host as the programs take it: a name (letters, digits, `-` and `_` in dot-separated labels
 * that do not start with `-`, as DNS and /etc/hosts have them) or an IPv4 or IPv6 address (with a
 * `%zone` if need be).
 * Returns the one line for anything else, which no lookup could find, `flag` naming it.
 */
export function hostProblem(flag: string, host: string): string | undefined {
  if (host === "") return `${flag} must not be empty`;
  if (isIP(host) !== 0) return undefined;
  if (host.length <= 253 && HOST_NAME.test(host)) return undefined;
  return `${flag} must be a name or an IP address such as 127.0.0.1 or ::1, got ${quoted(host)}`;
}

/** `host` without the brackets an IPv6 address is written in next to a port (`[::1]` is `::1`). */
export function withoutBrackets(host: string): string {
  const inner = /^\[(.*)\]$/.exec(host)?.[1];
  return inner !== undefined && isIP(inner) === 6 ? inner : host;
}

const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_][A-Za-z0-9_-]*)*\.?$/;

// `[::1]:3333` and `[::1]`; `localhost:3333`: one colon (a bare IPv6 address like `::1` has two).
const BRACKETED = /^\[([^\]]*)\](?::(.*))?$/;
const JOINED = /^([^:]*):([^:]*)$/;

/**
 * `[IPv6]:PORT`, `[IPv6]`, `HOST:PORT` or a host alone (a name, an IPv4 address, or an IPv6
 * address without brackets), split into the host and the port as written (`undefined` without
 * one); or the one line saying what is wrong with the host, `flag` naming it. Brackets are how an
 * IPv6 address is written next to a port (RFC 3986); the address itself has none.
 */
export function splitHost(given: string, flag: string): { host: string; port?: string } | string {
  const bracketed = BRACKETED.exec(given);
  if (bracketed) {
    const [, host, port] = bracketed;
    return isIP(host) === 6
      ? { host, port }
      : `only an IPv6 address goes in brackets, got ${quoted(given)}`;
  }
  const joined = JOINED.exec(given);
  const [host, port] = joined ? [joined[1], joined[2]] : [given, undefined];
  const problem = hostProblem(flag, host);
  if (problem === undefined) return { host, port };
  // Colons that make neither HOST:PORT nor an IPv6 address: say how each is written.
  return given.includes(":")
    ? `${problem}; with a port: 10.0.0.5:3333, or [::1]:3333 for IPv6`
    : problem;
}

/** One clear line for an error from `parseArgs` (an unknown flag, a missing value...). */
export function argumentProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument (?:missing|is ambiguous)/.exec(message);
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

/**
 * A port to suggest instead of `port`, which is taken: the next one up (wrapping below 1024 back
 * to 1024, where no administrator rights are needed) that is not `avoid`, the server's other port.
 */
export function nextPort(port: number, avoid: number): number {
  let next = port;
  do next = next >= 65535 ? 1024 : next + 1; while (next === avoid);
  return next;
}
