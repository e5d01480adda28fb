/**
 * The console at the server's terminal: when the server's standard input is a terminal, the
 * operator's lines are read and run (`console.ts` says which), and the answers are printed
 * between the log's lines: the log is flushed first, then the answer, so each keeps its lines
 * whole and in order.
 *
 * Only a terminal opens it. Tests, CI, scripts and services run the server with input from a pipe
 * or /dev/null, and a console there would read what was never meant for it. Ctrl+D (the end of the
 * terminal's input) ends the console alone: the server goes on serving; Ctrl+C stops the server as
 * it always did.
 *
 * @module
 */

import { type Framed, LineFramer } from "../core/line_framer.ts";
import { CONSOLE_HELP, formatWho, MAX_CONSOLE_LINE_BYTES, parseConsoleLine } from "./console.ts";
import type { Logger } from "./logger.ts";
import type { Operator } from "./operator.ts";

/** Where the console prints: one call per answer, its lines whole and in order. */
export type ConsolePrint = (lines: readonly string[]) => void;

/** What the console prints when its input ends. */
export const CONSOLE_CLOSED =
  "console: closed (Ctrl+D); the server goes on serving, Ctrl+C stops it";

/** Runs one console line; returns what to print (nothing when the log already says it). */
export function runConsoleLine(line: string, operator: Operator): string[] {
  const input = parseConsoleLine(line);
  if (input.kind === "empty") return [];
  if (input.kind === "problem") return [`console: ${input.problem}`];
  const command = input.command;
  switch (command.kind) {
    case "help":
      return [...CONSOLE_HELP];
    case "who":
      return formatWho(operator.who());
    case "say":
      // The [INFO] line, and a [SEND] line per connection, say it was done.
      operator.say(command.text);
      return [];
    case "kick": {
      const done = operator.kick(command.target, command.reason);
      return done.ok ? [] : [`console: ${done.problem}`];
    }
  }
}

/**
 * Prints on the log's console after what the log still holds, so that lines never interleave,
 * and, like the log, never waits for a console that stopped reading (`Logger.print`).
 */
export function printAfterLog(log: Logger): ConsolePrint {
  return (lines) => log.print(lines);
}

/**
 * Reads `input` line by line until it ends (Ctrl+D at a terminal) or fails, running each line,
 * then prints {@link CONSOLE_CLOSED}. Never rejects. A line over {@link MAX_CONSOLE_LINE_BYTES}
 * is refused with one line, never held whole.
 */
export async function runConsole(
  input: ReadableStream<Uint8Array>,
  operator: Operator,
  print: ConsolePrint,
): Promise<void> {
  const framer = new LineFramer({ maxLineBytes: MAX_CONSOLE_LINE_BYTES });
  const run = (items: readonly Framed[]) => {
    for (const item of items) {
      // A newline's late second byte, or the rest of an over-long line: nothing to run.
      if (item.kind === "partner" || item.kind === "discarded") continue;
      print(
        item.kind === "line" ? runConsoleLine(item.text, operator) : [
          `console: a line longer than ${item.maxLineBytes} bytes; ignored`,
        ],
      );
    }
  };
  const reader = input.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      run(framer.push(read.value));
    }
    run(framer.end());
  } catch {
    // The terminal went away (a closed window): nothing more to read.
  } finally {
    reader.releaseLock();
  }
  print([CONSOLE_CLOSED]);
}

/** The process's standard input, as far as the console needs it. */
export interface TerminalInput {
  isTerminal(): boolean;
  readonly readable: ReadableStream<Uint8Array>;
}

/**
 * Opens the console on `stdin` when it is a terminal, and only then; returns at once. The
 * console's answers go to the log's console (stdout), between its lines.
 */
export function startConsole(
  operator: Operator,
  log: Logger,
  stdin: TerminalInput = Deno.stdin,
): void {
  if (!stdin.isTerminal()) return;
  log.plain("INFO", "console: type help and Enter for the commands (who, say, kick)");
  void runConsole(stdin.readable, operator, printAfterLog(log));
}
