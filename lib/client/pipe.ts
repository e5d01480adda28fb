/**
 * The client when its input is not a terminal: `printf 'alice\n3\nhello\n' | deno task client`.
 *
 * Bytes go both ways as they are, as `nc` copies them. The input goes to the server as it is
 * read, byte for byte: CR, BS, DEL and bytes that are not UTF-8 included, in pieces of at most
 * {@link INPUT_BUFFER_BYTES}, each read waiting until the kernel took the piece before (so a big
 * file never piles up in memory, however long its lines). One byte is added: a LF after a last
 * line that has none, which a line server would otherwise never read as a line. Standard output
 * gets exactly the server's bytes, as they came: no colours, no prompts, no framing. Only when
 * standard output is a terminal, which would run the control characters, are the server's bytes
 * framed into lines (at most `--max-line` bytes, as on the interactive client) and shown with
 * their control characters made visible (`^[`, `^H`, `^?`). The client's own lines (connected, closed) go to standard error.
 * After the input ends the client keeps listening until the server has been quiet for
 * `--quiet-time`, then closes with a FIN. If the server closes first, the client stops at once.
 *
 * When standard output goes away — its reader exits (`| head -n 1`), the disk fills, the terminal
 * hangs up — nobody can read the answers any more, so the client stops reading its input at once
 * (nothing read later is sent) and closes with a FIN. It notices at the next bytes it has to
 * print, as `cat` and `nc` do: an operating system tells a writer its reader left only when it
 * writes. Reading the input failing ends the session the same way.
 *
 * @module
 */

import { type Clock, systemClock, type TimerId } from "../clock.ts";
import type { Framed } from "../core/line_framer.ts";
import { sanitizePeerText } from "../core/sanitize.ts";
import { type ByteSink, writeAll, writeOutput } from "../io.ts";
import { lineReceiver, type Receiver, type ServerConnection } from "./connection.ts";
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

/** Bytes per read of the input: the most that waits in the client on its way to the server. */
export const INPUT_BUFFER_BYTES = 16 * 1024;

const LF = 0x0a;

/** One pipe-mode run. */
export class PipeSession {
  /** Gets the server's bytes (give it to the {@link ServerConnection}). */
  readonly receiver: Receiver;
  readonly #io: PipeIO;
  readonly #quietTimeMs: number;
  readonly #texts: ClientTexts;
  readonly #clock: Clock;
  #inputEnded = false;
  #quietTimer: TimerId | undefined;
  #onQuiet: (() => void) | null = null;
  /** Why the session stops early, if it does. */
  readonly #guard = new StreamGuard((problem) => this.#stopEarly(problem));

  constructor(
    io: PipeIO,
    options: { quietTimeMs: number; maxLineBytes: number; texts: ClientTexts; clock?: Clock },
  ) {
    this.#io = io;
    this.#quietTimeMs = options.quietTimeMs;
    this.#texts = options.texts;
    this.#clock = options.clock ?? systemClock;
    this.receiver = io.sanitize
      ? lineReceiver(options.maxLineBytes, (items) => this.#show(items))
      : { data: (bytes) => this.#print(bytes), end: () => {} };
  }

  /** The client's own line, on standard error. */
  status(line: string): void {
    writeAll(this.#io.errors, line + "\n");
  }

  /** Lines for a terminal: their control characters made visible. */
  #show(items: readonly Framed[]): void {
    let text = "";
    for (const item of items) {
      // A newline's late second byte, or the rest of an over-long line: nothing to show.
      if (item.kind === "partner" || item.kind === "discarded") continue;
      if (item.kind === "overflow") {
        this.status(this.#texts.receivedTooLong(item.maxLineBytes));
        continue;
      }
      text += sanitizePeerText(item.text) + "\n";
    }
    this.#print(text);
  }

  /** Writes what the server sent to standard output; the server was not quiet. */
  #print(output: string | Uint8Array): void {
    if (output.length > 0 && this.#guard.problem === null) {
      const written = writeOutput(this.#io.output, output);
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
    this.#clock.clearTimeout(this.#quietTimer);
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
    // Bytes go out as they are, BS and DEL included, as with nc: erasing typed keys is the
    // server's business (tcpchat's server applies them).
    const buffer = new Uint8Array(INPUT_BUFFER_BYTES);
    let last = LF;
    while (connection.isOpen) {
      const n = await this.#guard.read(this.#io.input, buffer);
      // Bytes read while the output went away are not sent: nobody could read their answers.
      if (n === "stopped" || this.#guard.problem !== null) return;
      if (n === null) break;
      if (n === 0) continue;
      last = buffer[n - 1];
      // No copy: the connection holds the bytes until the kernel has them, and the next read into
      // the buffer waits for that.
      await connection.sendBytes(buffer.subarray(0, n));
    }
    if (last !== LF) await connection.sendBytes(new Uint8Array([LF]));
  }

  #quiet(): Promise<void> {
    this.#inputEnded = true;
    return new Promise((resolve) => {
      this.#onQuiet = () => {
        this.#onQuiet = null;
        this.#clock.clearTimeout(this.#quietTimer);
        resolve();
      };
      this.#armQuietTimer();
    });
  }

  #armQuietTimer(): void {
    this.#clock.clearTimeout(this.#quietTimer);
    if (this.#onQuiet) this.#quietTimer = this.#clock.setTimeout(this.#onQuiet, this.#quietTimeMs);
  }
}
