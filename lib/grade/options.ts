/**
 * The grader's command line: flags, defaults, `--help`, and one clear line for each bad value.
 * Pure: the process edge is main_grade.ts.
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  argumentProblem,
  badLanguage,
  type ColorContext,
  type Command,
  DEFAULT_HOST,
  DEFAULT_PORT,
  integer,
  language,
  splitHost,
  wantsColor,
} from "../cli.ts";
import { type Language, languageFromLocale } from "../core/texts.ts";
import { VERSION } from "../version.ts";
import { CHECK_IDS, checksOf, type Lab, LABS, logChecksOf, selectChecks } from "./checks.ts";
import type { CheckId } from "./checks.ts";
import { textCheckTable } from "./check_table.ts";
import { GRADE_TEXTS } from "./texts.ts";

/** Grading a running server (or one the grader starts) for a lab. */
export interface LabOptions {
  readonly mode: "lab";
  readonly lab: Lab;
  readonly host: string;
  readonly port: number;
  /** The server to start, with `{PORT}` replaced by the port. */
  readonly serverCmd?: string;
  readonly logFile?: string;
  /** The checks to run, in order (every one of the lab's unless `--only` chose). */
  readonly checks: readonly CheckId[];
  readonly json: boolean;
  readonly junit?: string;
  readonly lang: Language;
  readonly color: boolean;
}

/** Checking a hand-in: a capture and the server's log. */
export interface HandinOptions {
  readonly mode: "handin";
  readonly capture: string;
  readonly log: string;
  readonly port: number;
  readonly json: boolean;
  readonly lang: Language;
  readonly color: boolean;
}

/** What a run of the grader does. */
export type GradeOptions = LabOptions | HandinOptions;

export const HELP = `tcpchat-grade ${VERSION}: checks a lab server over real TCP, or a hand-in

Usage: deno task grade [HOST:PORT] --lab broadcast|echo|chat [options]
       deno task grade --capture FILE.pcapng --log FILE.txt [--port 3333] [--json]
       chat-grade ...   (the downloaded program)

Grading a server (written in any language):
  HOST:PORT            where the server listens (default ${DEFAULT_HOST}:${DEFAULT_PORT})
  --lab LAB            broadcast  the lab's mini chat: lines to all others as [ip:port] text
                       echo       every line back to its sender (plain, or capitalized like
                                  the course's example server)
                       chat       tcpchat's protocol (docs/PROTOCOL.md)
  --server-cmd CMD     start the server with CMD (in a shell), keep its output as its log,
                       and stop it at the end; {PORT} in CMD becomes the port
  --port N             the port (default ${DEFAULT_PORT}); 0 = a free port, for {PORT}
  --log FILE           the server's log, to check its [CONNECT] [RECV] [FWD] lines
  --only IDS           run only these checks (comma-separated ids, or "required"),
                       with the checks they need
  --list               list the checks (of --lab LAB, or all, the hand-in's too): id,
                       kind, what each checks; then exit
  --junit FILE         also write the results as JUnit XML (GitHub Classroom, GitLab, Jenkins)

Checking a hand-in (the lab's capture and server log):
  --capture FILE       the capture (tcp_multiclient_chat_capture.pcapng); needs tshark
  --log FILE           the server's log (tcp_multiclient_server_output.txt)
  --port N             the server's port in the capture (default ${DEFAULT_PORT})

Both:
  --json               JSON Lines: one object per check; a hand-in: one object
                       {"summary": {...}, "problems": [{"kind", "message"}]}
  --lang LANG          en | ro (default ro when LC_ALL, LC_MESSAGES or LANG starts with ro)
  --no-color           no colours (also when NO_COLOR is set)
  --version            print the version and exit
  -h, --help           print this help and exit

Exit codes: 0 every required check passed (a hand-in without problems), 1 some failed (a
problem), 2 bad usage, a server that cannot be reached or started, or a file that cannot be read.
Examples: deno task grade --lab broadcast --server-cmd 'python3 server.py'
          deno task grade --capture tcp_multiclient_chat_capture.pcapng --log tcp_multiclient_server_output.txt

Recording a hand-in: deno task record (chat-grade record), see deno task record --help.`;

/** `HOST:PORT` or `[v6]:PORT`, or the one line that says what is wrong (as the client reads it). */
function hostPort(raw: string): { host: string; port: number } | string {
  const split = splitHost(raw.trim(), "the host");
  if (typeof split === "string") return split;
  if (split.port === undefined) return `expected HOST:PORT such as 127.0.0.1:3333, got "${raw}"`;
  const port = integer("the port", split.port, 1, 65535);
  return typeof port === "string" ? port : { host: split.host, port };
}

/** Reads the grader's arguments. Never throws: a bad argument is an `error` value. */
export function parseGradeArgs(
  args: readonly string[],
  colors: ColorContext,
  locale?: string,
): Command<GradeOptions> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        lab: { type: "string" },
        "server-cmd": { type: "string" },
        port: { type: "string" },
        log: { type: "string" },
        only: { type: "string" },
        junit: { type: "string" },
        capture: { type: "string" },
        json: { type: "boolean", default: false },
        list: { type: "boolean", default: false },
        lang: { type: "string", default: languageFromLocale(locale) },
        "no-color": { type: "boolean", default: false },
        version: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return { kind: "error", message: argumentProblem(error) };
  }
  const v = parsed.values;
  if (v.help) return { kind: "help", text: HELP };
  if (v.version) return { kind: "version", text: `tcpchat-grade ${VERSION}` };
  const lang = language(v.lang);
  if (lang === undefined) return { kind: "error", message: badLanguage(v.lang) };
  const color = wantsColor(v["no-color"], colors);
  if (v.list) {
    const lab = v.lab === undefined ? undefined : LABS.find((l) => l === v.lab);
    if (v.lab !== undefined && lab === undefined) {
      return { kind: "error", message: `--lab must be ${LABS.join(", ")}, got "${v.lab}"` };
    }
    return { kind: "help", text: textCheckTable(GRADE_TEXTS[lang], lab) };
  }
  for (const flag of ["server-cmd", "log", "junit", "capture", "only"] as const) {
    if (v[flag] !== undefined && v[flag].trim() === "") {
      return { kind: "error", message: `--${flag} needs a value` };
    }
  }
  const port = v.port === undefined ? undefined : integer("--port", v.port, 0, 65535);
  if (typeof port === "string") return { kind: "error", message: port };
  if (parsed.positionals.length > 1) {
    return { kind: "error", message: `one HOST:PORT at most, got ${parsed.positionals.join(" ")}` };
  }

  if (v.capture !== undefined) {
    const extra = (["lab", "server-cmd", "junit", "only"] as const).find((f) => v[f] !== undefined);
    if (extra) return { kind: "error", message: `--${extra} does not go with --capture` };
    if (parsed.positionals.length > 0) {
      return { kind: "error", message: "--capture takes no HOST:PORT (use --port)" };
    }
    if (v.log === undefined) {
      return { kind: "error", message: "--capture needs --log FILE (the server's log)" };
    }
    if (port === 0) return { kind: "error", message: "--port must be between 1 and 65535, got 0" };
    return {
      kind: "run",
      options: {
        mode: "handin",
        capture: v.capture,
        log: v.log,
        port: port ?? DEFAULT_PORT,
        json: v.json,
        lang,
        color,
      },
    };
  }

  if (v.lab === undefined) {
    return {
      kind: "error",
      message: `--lab is needed: ${LABS.join(", ")} (or --capture FILE --log FILE for a hand-in)`,
    };
  }
  const lab = LABS.find((l) => l === v.lab);
  if (!lab) return { kind: "error", message: `--lab must be ${LABS.join(", ")}, got "${v.lab}"` };
  const where = parsed.positionals.length === 1 ? hostPort(parsed.positionals[0]) : undefined;
  if (typeof where === "string") return { kind: "error", message: where };
  if (where && port !== undefined && port !== where.port) {
    return { kind: "error", message: `the port is given twice: ${where.port} and --port ${port}` };
  }
  const finalPort = where?.port ?? port ?? DEFAULT_PORT;
  if (finalPort === 0 && !v["server-cmd"]?.includes("{PORT}")) {
    return { kind: "error", message: "--port 0 needs --server-cmd with {PORT} in it" };
  }
  const all = [...checksOf(lab), ...logChecksOf(lab)];
  let checks: readonly CheckId[] = all;
  if (v.only !== undefined) {
    const names = v.only.split(",").map((n) => n.trim()).filter((n) => n !== "");
    const selected = selectChecks(all, names);
    if ("unknown" in selected) {
      const known = CHECK_IDS.filter((id) => all.includes(id)).join(", ");
      return {
        kind: "error",
        message: `--only: no check ${selected.unknown.join(", ")} in the ${lab} lab; ` +
          `its checks: required, ${known}`,
      };
    }
    checks = selected.ids;
  }
  return {
    kind: "run",
    options: {
      mode: "lab",
      lab,
      host: where?.host ?? DEFAULT_HOST,
      port: finalPort,
      ...(v["server-cmd"] === undefined ? {} : { serverCmd: v["server-cmd"] }),
      ...(v.log === undefined ? {} : { logFile: v.log }),
      ...(v.junit === undefined ? {} : { junit: v.junit }),
      checks,
      json: v.json,
      lang,
      color,
    },
  };
}
