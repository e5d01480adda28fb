/**
 * The server log: the lab's tags, a millisecond time on every event, colours on a terminal, and
 * buffered writes so that logging every message never costs a system call per line.
 *
 * Lines look like `[RECV] 14:02:07.519 #2 127.0.0.1:53280 alice 6 bytes: "hello"`. The time is
 * the local time of day, the same clock Wireshark shows with View → Time Display Format →
 * Time of Day, so a log line and its packet can be matched by time as well as by port.
 *
 * @module
 */

import { styleText } from "node:util";
import { type Clock, systemClock, type TimerId } from "../clock.ts";
import { replaceUnsafe } from "../core/unsafe_chars.ts";
import { type ByteSink, writeAll } from "../io.ts";

/** Every tag the server logs. `RECV`, `SEND` and `FWD` are per-message; the rest are events. */
export type Tag =
  | "START"
  | "INFO"
  | "CONNECT"
  | "RECV"
  | "SEND"
  | "FWD"
  | "DISCONNECT"
  | "WARN"
  | "ERROR"
  | "STOP";

const PER_MESSAGE: ReadonlySet<Tag> = new Set(["RECV", "SEND", "FWD"]);
type Color = Parameters<typeof styleText>[0];
const COLORS: Record<Tag, Color> = {
  START: "bold",
  INFO: "cyan",
  CONNECT: "green",
  RECV: "blue",
  SEND: "magenta",
  FWD: "yellow",
  DISCONNECT: "red",
  WARN: "yellowBright",
  ERROR: "redBright",
  STOP: "bold",
};

/** How the log is written. */
export interface LoggerOptions {
  /** The console, usually `Deno.stdout`; `null` for none. */
  readonly console: ByteSink | null;
  /** Colour the console's tags. */
  readonly color: boolean;
  /** A log file, written without colours. */
  readonly file?: ByteSink & { close(): void };
  /** Log connection events only, not each message. */
  readonly quiet: boolean;
  /** The clock of the times printed and of the flush delay (default: the system's). */
  readonly clock?: Clock;
}

/** Flush at least this often while lines are waiting... */
const FLUSH_DELAY_MS = 10;
/** ...or as soon as this much text is waiting. */
const FLUSH_BYTES = 64 * 1024;
const encoder = new TextEncoder();

/** A buffered, tagged log. */
export class Logger {
  readonly #options: LoggerOptions;
  readonly #time: Clock;
  #plain: string[] = [];
  #colored: string[] = [];
  #waiting = 0;
  #timer: TimerId | undefined;
  #console: ByteSink | null;
  #file: (ByteSink & { close(): void }) | undefined;
  /** The last event's millisecond and its `HH:MM:SS.mmm`: busy logs reuse it. */
  #clockMs = NaN;
  #clockText = "";

  constructor(options: LoggerOptions) {
    this.#options = options;
    this.#time = options.clock ?? systemClock;
    this.#console = options.console;
    this.#file = options.file;
  }

  /** True when per-message lines are logged. Callers skip building them otherwise. */
  get verbose(): boolean {
    return !this.#options.quiet;
  }

  /** Logs a line as `[TAG] message`, exactly the lab's form (used by START and INFO). */
  plain(tag: Tag, message: string): void {
    this.#add(tag, message);
  }

  /** Logs an event with the time: `[TAG] HH:MM:SS.mmm message`. */
  event(tag: Tag, message: string): void {
    if (PER_MESSAGE.has(tag) && this.#options.quiet) return;
    this.#add(tag, `${this.#clock()} ${message}`);
  }

  /** Writes out everything waiting. Called by the timer, and before the process exits. */
  flush(): void {
    if (this.#timer !== undefined) {
      this.#time.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#waiting === 0) return;
    const plain = encoder.encode(this.#plain.join(""));
    const colored = this.#options.color ? encoder.encode(this.#colored.join("")) : plain;
    this.#plain = [];
    this.#colored = [];
    this.#waiting = 0;
    if (this.#console && !writeAll(this.#console, colored)) this.#console = null;
    if (this.#file && !writeAll(this.#file, plain)) {
      console.error("tcpchat: cannot write the log file any more; logging to the console only");
      this.#file = undefined;
    }
  }

  /** Flushes and closes the log file. */
  close(): void {
    this.flush();
    try {
      this.#file?.close();
    } catch {
      // Already closed: nothing left to lose.
    }
    this.#file = undefined;
  }

  #clock(): string {
    const ms = this.#time.now();
    if (ms !== this.#clockMs) {
      this.#clockMs = ms;
      this.#clockText = clock(new Date(ms));
    }
    return this.#clockText;
  }

  #add(tag: Tag, text: string): void {
    // One event, one line, whatever a peer sent and wherever it ended up in the text.
    const message = oneLine(text);
    const plain = `[${tag}] ${message}\n`;
    this.#plain.push(plain);
    if (this.#options.color) {
      this.#colored.push(
        `${styleText(COLORS[tag], `[${tag}]`, { validateStream: false })} ${message}\n`,
      );
    }
    this.#waiting += plain.length;
    if (this.#waiting >= FLUSH_BYTES) {
      this.flush();
    } else if (this.#timer === undefined) {
      // A pending log flush must never keep the process alive on its own.
      this.#timer = this.#time.setTimeout(() => this.flush(), FLUSH_DELAY_MS, { background: true });
    }
  }
}

/** `HH:MM:SS.mmm` in local time. */
export function clock(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.` +
    String(date.getMilliseconds()).padStart(3, "0");
}

/** The short escapes JSON and JavaScript use; every other unsafe character is `\uXXXX`. */
const SHORT_ESCAPES: Record<string, string> = {
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
};

/** How the log shows a character of the list in `lib/core/unsafe_chars.ts`: `\n`, `\u0085`. */
function escaped(ch: string): string {
  return SHORT_ESCAPES[ch] ?? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * Quotes peer text for the log: quotes, backslashes and every unsafe character escaped (so one
 * event stays one line, in any reader, and shows what was sent), long text shortened. The result
 * is a JSON string literal: `JSON.parse` gives back the (shortened) text.
 */
export function quote(text: string, max = 120): string {
  let shown = text;
  if (text.length > max) {
    // Never cut between the two halves of a character outside the BMP (an emoji).
    const cut = /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max;
    shown = text.slice(0, cut) + "…";
  }
  // Most chat lines need no escaping: skipping the replaces matters with every message logged.
  if (shown.includes('"') || shown.includes("\\")) shown = shown.replace(/["\\]/g, "\\$&");
  return `"${replaceUnsafe(shown, escaped)}"`;
}

/** `message` as one log line: what a caller did not quote (an OS error, a reason) is escaped. */
function oneLine(message: string): string {
  return replaceUnsafe(message, escaped);
}
