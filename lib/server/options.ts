/**
 * The server's command line: flags, defaults, `--help`, and one clear line for each bad value.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { DEFAULT_LOGIN_TIMEOUT_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS } from "../core/chat.ts";
import {
  DEFAULT_FLOOD_BURST,
  DEFAULT_FLOOD_DROP_AFTER,
  DEFAULT_FLOOD_DROP_AFTER_MS,
  DEFAULT_FLOOD_LINES_PER_SECOND,
} from "../core/flood_gate.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../core/line_framer.ts";
import { DEFAULT_PAUSE_MS } from "../core/message_framer.ts";
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
  nextPort,
  quoted,
  splitHost,
  valuesAttached,
  wantsColor,
  withoutBrackets,
} from "../cli.ts";
import { VERSION } from "../version.ts";
import { WEB_TEXTS, type WebText } from "./web/view.ts";

/** The server's modes. */
export const MODES = ["chat", "broadcast", "echo"] as const;
export type Mode = typeof MODES[number];

/** Default most clients at once; each costs a file descriptor and a few KiB. */
export const DEFAULT_MAX_CLIENTS = 1000;
/** Default bytes waiting to be sent to one client before it counts as not reading. */
export const DEFAULT_MAX_QUEUE_BYTES = 256 * 1024;
/**
 * Default seconds of silence before the kernel starts TCP keep-alive probes on a connection: Go's
 * default for every TCP connection (`net.ListenConfig.KeepAlive`, 15 s). Short, so that a
 * vanished client is noticed soon after the system's probes go unanswered (Linux: 9 × 75 s);
 * cheap, because a probe is one empty segment and its ACK (docs/RELIABILITY.md).
 */
export const DEFAULT_KEEPALIVE_SECONDS = 15;

/** Everything the server needs to run. */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly mode: Mode;
  /** Echo mode: answer like the course's example server (`bytes.capitalize()`). */
  readonly capitalize: boolean;
  readonly maxClients: number;
  readonly maxLineBytes: number;
  readonly maxQueueBytes: number;
  readonly requestTimeoutSeconds: number;
  /** Chat mode: seconds to choose an ID before the server closes the connection. */
  readonly loginTimeoutSeconds: number;
  /** Seconds without a line before the server closes the connection; 0 = never. */
  readonly idleTimeoutSeconds: number;
  /** Seconds of silence before TCP keep-alive probes start; 0 = no keep-alive. */
  readonly keepaliveSeconds: number;
  /** Most connections from one IP address; 0 = no limit. */
  readonly maxPerIp: number;
  /** Flood control: lines per second (0 = off), burst, refusals in a row before a drop. */
  readonly floodLinesPerSecond: number;
  readonly floodBurst: number;
  readonly floodDropAfter: number;
  /** Quiet time that ends a message from a client that sends no newline. */
  readonly pauseMs: number;
  /** The language of every sentence users read; codes, sigils and the log stay the same. */
  readonly lang: Language;
  /** Where the live view listens (`--web`); off when absent. */
  readonly web?: { readonly hostname: string; readonly port: number };
  /** How much of what users write the live view shows. */
  readonly webText: WebText;
  readonly logFile?: string;
  readonly quiet: boolean;
  readonly color: boolean;
}

export const HELP = `tcpchat-server ${VERSION}: a multi-client TCP chat server for networking labs

Usage: deno task server [options]
       chat-server [options]

Options:
  --host HOST              address to listen on: 127.0.0.1, ::1, 0.0.0.0 (default ${DEFAULT_HOST})
  --port PORT              TCP port, 0 = any free port (default ${DEFAULT_PORT})
  --mode MODE              chat | broadcast | echo (default chat)
                             chat       IDs, a menu, private chats (y/n) and a common room
                             broadcast  every line goes to all other clients as [ip:port] text
                             echo       every line comes back to its sender
  --capitalize             echo mode: answer like the course's example server, whose reply
                           is Python's bytes.capitalize() ("hello World" -> "Hello world")
  --max-clients N          most clients connected at once (default ${DEFAULT_MAX_CLIENTS})
  --max-line BYTES         longest line a client may send (default ${DEFAULT_MAX_LINE_BYTES})
  --max-queue BYTES        most bytes waiting for one slow client before it is dropped
                           (default ${DEFAULT_MAX_QUEUE_BYTES})
  --request-timeout SECS   how long a private-chat request waits for y/n (default ${DEFAULT_REQUEST_TIMEOUT_SECONDS})
  --login-timeout SECS     chat mode: time to choose an ID before being disconnected (default ${DEFAULT_LOGIN_TIMEOUT_SECONDS})
  --idle-timeout SECS      disconnect clients silent this long, 0 = never (default 0)
  --keepalive SECS         TCP keep-alive: after SECS of silence the system probes the client's
                           machine, and a machine that no longer answers (a cable pulled, a
                           laptop closed) is disconnected, its ID freed; 0 = off (default ${DEFAULT_KEEPALIVE_SECONDS})
  --max-per-ip N           most connections from one address, 0 = no limit (default 0)
  --flood-rate N           most lines or telnet commands a second per client, 0 = no limit (default ${DEFAULT_FLOOD_LINES_PER_SECOND})
  --flood-burst N          lines a client may send at once above the rate (default ${DEFAULT_FLOOD_BURST})
  --flood-drop-after N     refused lines before a flooder is dropped, once its flood has
                           lasted ${
  DEFAULT_FLOOD_DROP_AFTER_MS / 1000
} s: a paste is never dropped (default ${DEFAULT_FLOOD_DROP_AFTER})
  --pause MS               quiet time that ends a message from a client that sends no newline,
                           like the course's Python client (default ${DEFAULT_PAUSE_MS})
  --lang LANG              en | ro: the language users read (default ro when LC_ALL,
                           LC_MESSAGES or LANG starts with ro, else en)
  --web PORT               also serve a live view of the traffic to a browser on 127.0.0.1:PORT;
                           HOST:PORT for another address, which then needs the token printed
                           with the view's URL (default: no live view)
  --web-text WHICH         all | public | none: the text of users' lines the live view shows
                           (default public: all but private chats)
  --log-file PATH          also append the log to PATH (without colours)
  --quiet                  log connections only, not every message (for load tests)
  --no-color               no colours in the log (also when NO_COLOR is set)
  --version                print the version and exit
  -h, --help               print this help and exit

Connect with:  nc 127.0.0.1 3333   (or ncat, socat, telnet, PuTTY, a Python client, or:
               deno task client; docs/CLIENTS.md shows each)
Stop with Ctrl+C: clients are told, connections close cleanly, a [STOP] summary is printed.

At a terminal, type commands to the server: who, say TEXT, kick ID|#N [REASON], help.
Ctrl+D ends the console; the server goes on. To run the server in the background (& or bg),
give it no terminal input, or the shell stops it when it reads: deno task server < /dev/null &`;

/**
 * Reads the server's arguments. Never throws: a bad argument is an `error` value. `locale` is the
 * environment's (LC_ALL, LC_MESSAGES or LANG): it picks the default `--lang`.
 */
export function parseServerArgs(
  args: readonly string[],
  colors: ColorContext,
  locale?: string,
): Command<ServerOptions> {
  let parsed;
  try {
    parsed = parseArgs(valuesAttached({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string", default: DEFAULT_HOST },
        port: { type: "string", default: String(DEFAULT_PORT) },
        mode: { type: "string", default: "chat" },
        capitalize: { type: "boolean", default: false },
        "max-clients": { type: "string", default: String(DEFAULT_MAX_CLIENTS) },
        "max-line": { type: "string", default: String(DEFAULT_MAX_LINE_BYTES) },
        "max-queue": { type: "string", default: String(DEFAULT_MAX_QUEUE_BYTES) },
        "request-timeout": { type: "string", default: String(DEFAULT_REQUEST_TIMEOUT_SECONDS) },
        "login-timeout": { type: "string", default: String(DEFAULT_LOGIN_TIMEOUT_SECONDS) },
        "idle-timeout": { type: "string", default: "0" },
        keepalive: { type: "string", default: String(DEFAULT_KEEPALIVE_SECONDS) },
        "max-per-ip": { type: "string", default: "0" },
        "flood-rate": { type: "string", default: String(DEFAULT_FLOOD_LINES_PER_SECOND) },
        "flood-burst": { type: "string", default: String(DEFAULT_FLOOD_BURST) },
        "flood-drop-after": { type: "string", default: String(DEFAULT_FLOOD_DROP_AFTER) },
        pause: { type: "string", default: String(DEFAULT_PAUSE_MS) },
        lang: { type: "string", default: languageFromLocale(locale) },
        web: { type: "string" },
        "web-text": { type: "string", default: "public" },
        "log-file": { type: "string" },
        quiet: { type: "boolean", default: false },
        "no-color": { type: "boolean", default: false },
        version: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return { kind: "error", message: argumentProblem(error) };
  }
  const v = parsed.values;
  if (v.help) return { kind: "help", text: HELP };
  if (v.version) return { kind: "version", text: `tcpchat-server ${VERSION}` };

  const mode = MODES.find((m) => m === v.mode);
  if (!mode) {
    return { kind: "error", message: `--mode must be chat, broadcast or echo, got "${v.mode}"` };
  }
  if (v.capitalize && mode !== "echo") {
    return { kind: "error", message: `--capitalize works only with --mode echo` };
  }
  const lang = language(v.lang);
  if (lang === undefined) return { kind: "error", message: badLanguage(v.lang) };
  const host = withoutBrackets(v.host.trim());
  const badHost = hostProblem("--host", host);
  if (badHost !== undefined) return { kind: "error", message: badHost };
  if (v["log-file"] !== undefined && v["log-file"].trim() === "") {
    return { kind: "error", message: "--log-file needs a file path" };
  }
  const web = v.web === undefined ? undefined : webAddress(v.web);
  if (typeof web === "string") return { kind: "error", message: web };
  const webText = WEB_TEXTS.find((w) => w === v["web-text"].trim().toLowerCase());
  if (webText === undefined) {
    return {
      kind: "error",
      message: `--web-text must be all, public or none, got ${quoted(v["web-text"])}`,
    };
  }
  const numbers = {
    port: integer("--port", v.port, 0, 65535),
    maxClients: integer("--max-clients", v["max-clients"], 1, 1_000_000),
    maxLineBytes: integer("--max-line", v["max-line"], 16, 16 * 1024 * 1024),
    maxQueueBytes: integer("--max-queue", v["max-queue"], 1024, 1024 * 1024 * 1024),
    requestTimeoutSeconds: integer("--request-timeout", v["request-timeout"], 1, 24 * 3600),
    loginTimeoutSeconds: integer("--login-timeout", v["login-timeout"], 1, 24 * 3600),
    idleTimeoutSeconds: integer("--idle-timeout", v["idle-timeout"], 0, 7 * 24 * 3600),
    // The kernel's own bound for TCP_KEEPIDLE (MAX_TCP_KEEPIDLE, 32767 s).
    keepaliveSeconds: integer("--keepalive", v.keepalive, 0, 32767),
    maxPerIp: integer("--max-per-ip", v["max-per-ip"], 0, 1_000_000),
    floodLinesPerSecond: integer("--flood-rate", v["flood-rate"], 0, 1_000_000),
    floodBurst: integer("--flood-burst", v["flood-burst"], 1, 1_000_000),
    floodDropAfter: integer("--flood-drop-after", v["flood-drop-after"], 1, 1_000_000),
    pauseMs: integer("--pause", v.pause, 10, 60_000),
  };
  const n = allNumbers(numbers);
  if (typeof n === "string") return { kind: "error", message: n };
  // One port cannot take both: the second listen would fail after the server said it was ready.
  if (web !== undefined && web.port !== 0 && web.port === n.port) {
    return {
      kind: "error",
      message: `--web ${web.port} is the chat's port too (--port ${n.port}): ` +
        `give the live view a port of its own, e.g. --web ${nextPort(n.port, n.port)}`,
    };
  }
  return {
    kind: "run",
    options: {
      host,
      mode,
      capitalize: v.capitalize,
      lang,
      ...n,
      web,
      webText,
      logFile: v["log-file"],
      quiet: v.quiet,
      color: wantsColor(v["no-color"], colors),
    },
  };
}

/** `--web PORT` (on loopback) or `--web HOST:PORT`; port 0 takes any free port. */
function webAddress(raw: string): { hostname: string; port: number } | string {
  const given = raw.trim();
  const split = /^\d+$/.test(given)
    ? { host: DEFAULT_HOST, port: given }
    : splitHost(given, "the --web host");
  if (typeof split === "string") return split;
  if (split.port === undefined || !/^\d+$/.test(split.port.trim())) {
    return `--web must be PORT or HOST:PORT (e.g. 8080 or 0.0.0.0:8080), got ${quoted(raw)}`;
  }
  const port = integer("the --web port", split.port, 0, 65535);
  return typeof port === "string" ? port : { hostname: split.host, port };
}
