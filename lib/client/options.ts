/**
 * The client's command line: `[HOST [PORT]]` and a few flags, with one clear line for each bad
 * value. Pure: the caller says what the environment is.
 *
 * @example
 * ```ts
 * import { parseClientArgs } from "./options.ts";
 * import { equal } from "node:assert/strict";
 *
 * const command = parseClientArgs(["10.0.0.5", "4000"], { noColorEnv: false, isTerminal: true });
 * equal(command.kind === "run" && `${command.options.host} ${command.options.port}`, "10.0.0.5 4000");
 * ```
 * @module
 */

import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { type Language, languageFromLocale } from "../core/texts.ts";
import {
  allNumbers,
  argumentProblem,
  badLanguage,
  type ColorContext,
  type Command,
  DEFAULT_HOST,
  DEFAULT_PORT,
  hostProblem,
  integer,
  language,
  quoted,
  valuesAttached,
  wantsColor,
} from "../cli.ts";
import { VERSION } from "../version.ts";
import { DEFAULT_HISTORY_SIZE } from "./line_editor.ts";

/** From a pipe, after input ends: close once the server has said nothing for this long. */
export const DEFAULT_QUIET_TIME_MS = 1000;
/**
 * Longest line the client holds: typed, or received to be shown on a terminal (a pipe copies
 * bytes, holding no line). Far above the server's 4096-byte limit, so a long server line (a
 * relayed message with its sender tag) always fits.
 */
export const DEFAULT_CLIENT_MAX_LINE_BYTES = 64 * 1024;

/** Everything the client needs to run. */
export interface ClientOptions {
  readonly host: string;
  readonly port: number;
  readonly color: boolean;
  readonly quietTimeMs: number;
  readonly maxLineBytes: number;
  readonly historySize: number;
  /** The language of the client's own lines and prompt; the server's lines come as sent. */
  readonly lang: Language;
}

/** What the client's command line asks for. */
export type ClientCommand = Command<ClientOptions>;

export const CLIENT_HELP =
  `tcpchat-client ${VERSION}: a terminal client for tcpchat and any line-based TCP server

Usage: deno task client [HOST [PORT]] [options]
       chat-client [HOST [PORT]] [options]

  HOST                 the server's name or address, IPv4 or IPv6 (default ${DEFAULT_HOST})
  PORT                 the server's TCP port (default ${DEFAULT_PORT}); HOST:PORT also works

Options:
  --quiet-time MS      from a pipe: once input ends, close after the server has been quiet
                       this many milliseconds (default ${DEFAULT_QUIET_TIME_MS})
  --max-line BYTES     longest line typed, or received and shown on a terminal (default
                       ${DEFAULT_CLIENT_MAX_LINE_BYTES}); from a pipe, bytes are copied whatever their lines
  --history N          lines kept for Up/Down, 0 for none (default ${DEFAULT_HISTORY_SIZE})
  --lang LANG          en | ro: the language of the client's own lines and prompt (default ro
                       when LC_ALL, LC_MESSAGES or LANG starts with ro, else en); the server's
                       lines come in the server's language (its own --lang)
  --no-color           no colours (also when NO_COLOR is set)
  --version            print the version and exit
  -h, --help           print this help and exit

On a terminal: Enter sends the line, Up/Down recall earlier lines, Ctrl+C (or Ctrl+D on an
empty line) closes the connection. docs/CLIENT.md lists every key.
From a pipe:   printf 'alice\\n3\\nhello\\n' | deno task client
Exit codes:    0 closed normally, 1 refused or lost connection, 2 bad arguments or unknown host.`;

/**
 * Reads the client's arguments. Never throws: a bad argument is an `error` value. `locale` is the
 * environment's (LC_ALL, LC_MESSAGES or LANG): it picks the default `--lang`.
 */
export function parseClientArgs(
  args: readonly string[],
  colors: ColorContext,
  locale?: string,
): ClientCommand {
  let parsed;
  try {
    parsed = parseArgs(valuesAttached({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        "quiet-time": { type: "string", default: String(DEFAULT_QUIET_TIME_MS) },
        "max-line": { type: "string", default: String(DEFAULT_CLIENT_MAX_LINE_BYTES) },
        history: { type: "string", default: String(DEFAULT_HISTORY_SIZE) },
        lang: { type: "string", default: languageFromLocale(locale) },
        "no-color": { type: "boolean", default: false },
        version: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return { kind: "error", message: argumentProblem(error) };
  }
  const v = parsed.values;
  if (v.help) return { kind: "help", text: CLIENT_HELP };
  if (v.version) return { kind: "version", text: `tcpchat-client ${VERSION}` };

  const address = hostAndPort(parsed.positionals);
  if (typeof address === "string") return { kind: "error", message: address };
  const lang = language(v.lang);
  if (lang === undefined) return { kind: "error", message: badLanguage(v.lang) };
  const numbers = {
    quietTimeMs: integer("--quiet-time", v["quiet-time"], 0, 600_000),
    maxLineBytes: integer("--max-line", v["max-line"], 16, 16 * 1024 * 1024),
    historySize: integer("--history", v.history, 0, 100_000),
  };
  const n = allNumbers(numbers);
  if (typeof n === "string") return { kind: "error", message: n };
  const color = wantsColor(v["no-color"], colors);
  return { kind: "run", options: { ...address, ...n, lang, color } };
}

// `[::1]:3333` and `[::1]`; `localhost:3333`: one colon (a bare IPv6 address like `::1` has two).
const BRACKETED = /^\[([^\]]*)\](?::(.*))?$/;
const JOINED = /^([^:]*):([^:]*)$/;

/** The host and port from `HOST`, `HOST PORT` or `HOST:PORT`, or the one line saying what is wrong. */
function hostAndPort(positionals: readonly string[]): { host: string; port: number } | string {
  if (positionals.length > 2) {
    return `too many arguments: expected HOST and PORT, got ${quoted(positionals.join(" "))}`;
  }
  const [first = DEFAULT_HOST, second] = positionals;
  const split = splitHost(first.trim());
  if (typeof split === "string") return split;
  if (split.port !== undefined && second !== undefined) {
    return `two ports given: ${quoted(first)} and ${quoted(second)}`;
  }
  const port = integer("the port", second ?? split.port ?? String(DEFAULT_PORT), 1, 65535);
  return typeof port === "string" ? port : { host: split.host, port };
}

/**
 * `[IPv6]:PORT`, `[IPv6]`, `HOST:PORT` or a host alone: a name, an IPv4 address, or an IPv6
 * address without brackets. Brackets are how an IPv6 address is written next to a port (RFC 3986);
 * the address itself has none.
 */
function splitHost(given: string): { host: string; port?: string } | string {
  const bracketed = BRACKETED.exec(given);
  if (bracketed) {
    const [, host, port] = bracketed;
    return isIP(host) === 6
      ? { host, port }
      : `only an IPv6 address goes in brackets, got ${quoted(given)}`;
  }
  const joined = JOINED.exec(given);
  const [host, port] = joined ? [joined[1], joined[2]] : [given, undefined];
  const problem = hostProblem("the host", host);
  if (problem === undefined) return { host, port };
  // Colons that make neither HOST:PORT nor an IPv6 address: say how each is written.
  return given.includes(":")
    ? `${problem}; with a port: 10.0.0.5:3333, or [::1]:3333 for IPv6`
    : problem;
}
