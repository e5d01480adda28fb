/**
 * The server log: the lab's tags, a millisecond time on every event, colours on a terminal, and
 * buffered writes so that logging every message never costs a system call per line. A console
 * that stops reading (Ctrl+S, a full pipe) never holds the server up: it is written through a
 * bounded queue (`console_queue.ts`); the log file gets every line.
 *
 * Lines look like `[RECV] 14:02:07.519 #2 127.0.0.1:53280 alice 6 bytes: "hello"`. The time is
 * the local time of day, the same clock Wireshark shows with View → Time Display Format →
 * Time of Day, so a log line and its packet can be matched by time as well as by port.
 *
 * @module
 */

import { styleText } from "node:util";
import { type Clock, systemClock, type TimerId } from "../clock.ts";
import { escapeUnsafe as escaped, replaceUnsafe } from "../core/unsafe_chars.ts";
import { type ByteSink, writeAll } from "../io.ts";
import { type AsyncByteSink, ConsoleQueue, DEFAULT_CONSOLE_QUEUE_BYTES } from "./console_queue.ts";

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
  /**
   * The console, usually `Deno.stdout`; `null` for none. One that can `write` asynchronously is
   * written through a bounded queue and never blocks; a `writeSync`-only sink (a test's) is
   * written at once.
   */
  readonly console: ByteSink | AsyncByteSink | null;
  /** Most bytes waiting for a console that does not read (default 1 MiB). */
  readonly consoleQueueBytes?: number;
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
/**
 * How long {@link Logger.close} waits for the console to take the last lines: long enough for
 * any console that reads, short enough that a stop never hangs on one that does not.
 */
export const CONSOLE_CLOSE_MS = 1000;
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
  readonly #consoleQueue: ConsoleQueue | undefined;
  /** Lines waiting in `#plain`, for the count of lines a stalled console missed. */
  #lines = 0;
  #file: (ByteSink & { close(): void }) | undefined;
  /** The last event's millisecond and its `HH:MM:SS.mmm`: busy logs reuse it. */
  #clockMs = NaN;
  #clockText = "";

  constructor(options: LoggerOptions) {
    this.#options = options;
    this.#time = options.clock ?? systemClock;
    this.#file = options.file;
    const console = options.console;
    this.#console = null;
    if (console !== null && "write" in console) {
      const max = options.consoleQueueBytes ?? DEFAULT_CONSOLE_QUEUE_BYTES;
      const where = options.file ? "; the log file has them" : "";
      this.#consoleQueue = new ConsoleQueue(console, max, (dropped) => {
        this.event(
          "WARN",
          `${dropped} log lines were not shown here: the console (stdout) was not being read${where}`,
        );
        // Now, in the gap it reports, and before a stop that waits for the console ends.
        this.flush();
      });
    } else {
      this.#console = console;
    }
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
    const lines = this.#lines;
    this.#plain = [];
    this.#colored = [];
    this.#waiting = 0;
    this.#lines = 0;
    this.#consoleQueue?.push(colored, lines);
    if (this.#console && !writeAll(this.#console, colored)) this.#console = null;
    if (this.#file && !writeAll(this.#file, plain)) {
      console.error("tcpchat: cannot write the log file any more; logging to the console only");
      this.#file = undefined;
    }
  }

  /**
   * Prints `lines` on the console only (the console's answers), after every log line before
   * them, each line whole, unsafe characters escaped as in the log (an answer may quote what was
   * typed: `unknown command "\u001b[2J"`); never waits for the console either.
   */
  print(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.flush();
    const text = encoder.encode(lines.map((line) => oneLine(line) + "\n").join(""));
    this.#consoleQueue?.push(text, lines.length);
    if (this.#console && !writeAll(this.#console, text)) this.#console = null;
  }

  /**
   * Flushes and closes the log file at once, then resolves when the console took the last lines,
   * or after {@link CONSOLE_CLOSE_MS} when it does not read.
   */
  async close(): Promise<void> {
    this.flush();
    try {
      this.#file?.close();
    } catch {
      // Already closed: nothing left to lose.
    }
    this.#file = undefined;
    await this.#consoleQueue?.drained(CONSOLE_CLOSE_MS, this.#time);
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
    this.#lines++;
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
