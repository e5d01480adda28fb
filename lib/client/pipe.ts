/**
 * The client when its input is not a terminal: `printf 'alice\n3\nhello\n' | deno task client`.
 *
 * Each input line is sent as it is read, byte for byte (the next read waits until the kernel took
 * the last lines, so a big file never piles up in memory). Standard output gets exactly the
 * server's lines, BS and DEL included (shown as `^H` and `^?` when standard output is a
 * terminal): no colours, no prompts; the client's own lines (connected, closed) go to standard
 * error.
 * After the input ends the client keeps listening until the server has been quiet for
 * `--quiet-time`, then closes with a FIN. If the server closes first, the client stops at once.
 *
 * When standard output goes away — its reader exits (`| head -n 1`), the disk fills, the terminal
 * hangs up — nobody can read the answers any more, so the client stops reading its input at once
 * (a line typed later is never sent) and closes with a FIN. It notices at the next line it has to
 * print, as `cat` and `nc` do: an operating system tells a writer its reader left only when it
 * writes. Reading the input failing ends the session the same way.
 *
 * @module
 */

import { type Framed, LineFramer } from "../core/line_framer.ts";
import { sanitizePeerText } from "../core/sanitize.ts";
import { type ByteSink, writeAll, writeOutput } from "../io.ts";
import type { ServerConnection } from "./connection.ts";
import { type Input, StreamGuard } from "./stream_guard.ts";
import type { ClientTexts, SessionEnd, StreamProblem } from "./texts.ts";

/** Where a pipe session reads and writes. */
export interface PipeIO {
  readonly input: Input;
  readonly output: ByteSink;
  readonly errors: ByteSink;
  /** Show control characters as text: true when the output is a terminal that would run them. */
  readonly sanitize: boolean;
}

/** Bytes per read of the input. */
const INPUT_BUFFER_BYTES = 16 * 1024;

/** One pipe-mode run. */
export class PipeSession {
  readonly #io: PipeIO;
  readonly #quietTimeMs: number;
  readonly #maxLineBytes: number;
  readonly #texts: ClientTexts;
  #inputEnded = false;
  #quietTimer: ReturnType<typeof setTimeout> | undefined;
  #onQuiet: (() => void) | null = null;
  /** Why the session stops early, if it does. */
  readonly #guard = new StreamGuard((problem) => this.#stopEarly(problem));

  constructor(
    io: PipeIO,
    options: { quietTimeMs: number; maxLineBytes: number; texts: ClientTexts },
  ) {
    this.#io = io;
    this.#quietTimeMs = options.quietTimeMs;
    this.#maxLineBytes = options.maxLineBytes;
    this.#texts = options.texts;
  }

  /** The client's own line, on standard error. */
  status(line: string): void {
    writeAll(this.#io.errors, line + "\n");
  }

  /** Prints what the server sent. */
  receive(items: readonly Framed[]): void {
    let text = "";
    for (const item of items) {
      // The LF of a CR that ended an over-long line: nothing to show.
      if (item.kind === "partner") continue;
      if (item.kind === "overflow") {
        this.status(this.#texts.receivedTooLong(item.maxLineBytes));
        continue;
      }
      text += (this.#io.sanitize ? sanitizePeerText(item.text) : item.text) + "\n";
    }
    if (text !== "" && this.#guard.problem === null) {
      const written = writeOutput(this.#io.output, text);
      if (!written.ok) {
        this.#guard.end({ stream: "output", why: written.why, detail: written.detail });
      }
    }
    if (this.#inputEnded) this.#armQuietTimer();
  }

  /** Sends the input, waits for quiet, closes; resolves with how the session ended. */
  async run(connection: ServerConnection): Promise<SessionEnd> {
    const closed = this.#sendInput(connection)
      .then(() => this.#guard.problem === null ? this.#quiet() : undefined)
      .then(() => connection.close());
    const end = await Promise.race([connection.ended, closed]);
    clearTimeout(this.#quietTimer);
    this.#onQuiet?.();
    return { connection: end, problem: this.#guard.problem };
  }

  /** Prints the closing line. */
  finish(line: string): void {
    this.status(line);
  }

  /** Stops the session early: says why; the guard stops reading the input; no wait for quiet. */
  #stopEarly({ stream, why, detail }: StreamProblem): void {
    this.status(
      stream === "input"
        ? this.#texts.inputFailed(detail)
        : why === "reader-gone"
        ? this.#texts.outputGone()
        : this.#texts.outputFailed(detail),
    );
    this.#onQuiet?.();
  }

  async #sendInput(connection: ServerConnection): Promise<void> {
    // Input lines go out byte for byte, BS and DEL included, as with nc: erasing typed keys is
    // the server's business (tcpchat's server applies them).
    const framer = new LineFramer({ maxLineBytes: this.#maxLineBytes, editing: false });
    const buffer = new Uint8Array(INPUT_BUFFER_BYTES);
    while (connection.isOpen) {
      const n = await this.#guard.read(this.#io.input, buffer);
      // Lines read while the output went away are not sent: nobody could read their answers.
      if (n === "stopped" || this.#guard.problem !== null) return;
      const items = n === null ? framer.end() : framer.push(buffer.subarray(0, n));
      const lines: string[] = [];
      for (const item of items) {
        if (item.kind === "line") lines.push(item.text);
        else if (item.kind === "overflow") this.status(this.#texts.inputTooLong(item.maxLineBytes));
      }
      await connection.send(lines);
      if (n === null) break;
    }
  }

  #quiet(): Promise<void> {
    this.#inputEnded = true;
    return new Promise((resolve) => {
      this.#onQuiet = () => {
        this.#onQuiet = null;
        clearTimeout(this.#quietTimer);
        resolve();
      };
      this.#armQuietTimer();
    });
  }

  #armQuietTimer(): void {
    clearTimeout(this.#quietTimer);
    if (this.#onQuiet) this.#quietTimer = setTimeout(this.#onQuiet, this.#quietTimeMs);
  }
}
