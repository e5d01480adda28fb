/**
 * `deno task record`'s command line: flags, defaults (the lab handout's file names and port),
 * `--help`, and one clear line for each bad value. Pure: it never touches the process.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { VERSION } from "../version.ts";
import { type Language, languageFromLocale } from "../core/texts.ts";
import {
  argumentProblem,
  badLanguage,
  type ColorContext,
  type Command,
  DEFAULT_PORT,
  integer,
  language,
  wantsColor,
} from "../cli.ts";

/** The server log the lab asks for (handout, section 7). */
export const DEFAULT_LOG_OUT = "tcp_multiclient_server_output.txt";
/** The capture the lab asks for (handout, section 7). */
export const DEFAULT_CAPTURE_OUT = "tcp_multiclient_chat_capture.pcapng";

/** What a recording needs. */
export interface RecordOptions {
  /** The student's server, as typed in a terminal; `{PORT}` becomes the port. Absent: tcpchat. */
  readonly serverCmd?: string;
  readonly port: number;
  readonly logOut: string;
  readonly captureOut: string;
  /** The capture interface; absent: this system's loopback interface. */
  readonly iface?: string;
  readonly lang: Language;
  readonly color: boolean;
}

export const RECORD_HELP = `deno task record: records a lab hand-in, the server's log and a capture

Usage: deno task record [options]
       chat-grade record [options]   (the downloaded program)

Starts tshark on the loopback interface with the capture filter "tcp port PORT", then the
server, with its log going to a file that begins with the server's start command. Connect your
clients and chat; press Ctrl+C to stop. The server is stopped, the capture waits for its last
packets, and the two files the lab asks for are left in the current folder, owned by you (also
after sudo) and readable by everyone. Nothing is replaced unless the recording worked. The log
ends with a line below which you write the 5-7 sentences the lab asks for.

Options:
  --server-cmd CMD    your own server, as you start it in a terminal, e.g.
                      --server-cmd "python3 index_tcp-multiclient-server_template.py";
                      {PORT} in CMD becomes the port (default: tcpchat's broadcast mode, the
                      lab's mini chat)
  --port PORT         the server's TCP port, and the capture's (default ${DEFAULT_PORT})
  --log-out FILE      the server's log (default ${DEFAULT_LOG_OUT})
  --capture-out FILE  the capture (default ${DEFAULT_CAPTURE_OUT})
  --interface NAME    the capture interface (default the loopback one: lo, lo0 on macOS,
                      Npcap's loopback adapter on Windows)
  --lang LANG         en | ro: the language of these messages (default ro when LC_ALL,
                      LC_MESSAGES or LANG starts with ro, else en)
  --no-color          no colours in the log shown (also when NO_COLOR is set)
  --version           print the version and exit
  -h, --help          print this help and exit

Capturing needs root (sudo) or the wireshark group; without them it says so before starting.
Then check the hand-in: deno task grade --capture FILE.pcapng --log FILE.txt`;

/** Reads the recorder's arguments. Never throws: a bad argument is an `error` value. */
export function parseRecordArgs(
  args: readonly string[],
  colors: ColorContext,
  locale?: string,
): Command<RecordOptions> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        "server-cmd": { type: "string" },
        port: { type: "string", default: String(DEFAULT_PORT) },
        "log-out": { type: "string", default: DEFAULT_LOG_OUT },
        "capture-out": { type: "string", default: DEFAULT_CAPTURE_OUT },
        interface: { type: "string" },
        lang: { type: "string", default: languageFromLocale(locale) },
        "no-color": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return { kind: "error", message: argumentProblem(error) };
  }
  const v = parsed.values;
  if (v.help) return { kind: "help", text: RECORD_HELP };
  if (v.version) return { kind: "version", text: `tcpchat-record ${VERSION}` };
  const lang = language(v.lang);
  if (lang === undefined) return { kind: "error", message: badLanguage(v.lang) };
  const port = integer("--port", v.port, 1, 65535);
  if (typeof port === "string") return { kind: "error", message: port };
  for (const flag of ["server-cmd", "log-out", "capture-out", "interface"] as const) {
    if (v[flag] !== undefined && v[flag].trim() === "") {
      return { kind: "error", message: `--${flag} must not be empty` };
    }
  }
  if (v["log-out"] === v["capture-out"]) {
    return { kind: "error", message: "--log-out and --capture-out must be two different files" };
  }
  return {
    kind: "run",
    options: {
      serverCmd: v["server-cmd"],
      port,
      logOut: v["log-out"],
      captureOut: v["capture-out"],
      iface: v.interface,
      lang,
      color: wantsColor(v["no-color"], colors),
    },
  };
}
