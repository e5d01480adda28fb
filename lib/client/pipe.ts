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
 * @module
 */

import { type Framed, LineFramer } from "../core/line_framer.ts";
import { sanitizePeerText } from "../core/sanitize.ts";
import { type ByteSink, writeAll } from "../io.ts";
import type { ServerConnection } from "./connection.ts";
import type { ClientTexts, ConnectionEnd } from "./texts.ts";

/** Where a pipe session reads and writes. */
export interface PipeIO {
  readonly input: { read(buffer: Uint8Array): Promise<number | null> };
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
  #outputGone = false;

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
      if (item.kind === "overflow") {
        this.status(this.#texts.receivedTooLong(item.maxLineBytes));
        continue;
      }
      text += (this.#io.sanitize ? sanitizePeerText(item.text) : item.text) + "\n";
    }
    if (text !== "" && !this.#outputGone && !writeAll(this.#io.output, text)) {
      // Nobody reads our output any more (e.g. `| head -3`): treat it like the end of input.
      this.#outputGone = true;
      this.#onQuiet?.();
    }
    if (this.#inputEnded) this.#armQuietTimer();
  }

  /** Sends the input, waits for quiet, closes; resolves with how the connection ended. */
  async run(connection: ServerConnection): Promise<ConnectionEnd> {
    const quiet = this.#sendInput(connection).then(() => this.#quiet());
    const end = await Promise.race([connection.ended, quiet.then(() => connection.close())]);
    clearTimeout(this.#quietTimer);
    this.#onQuiet?.();
    return end;
  }

  /** Prints the closing line. */
  finish(line: string): void {
    this.status(line);
  }

  async #sendInput(connection: ServerConnection): Promise<void> {
    // Input lines go out byte for byte, BS and DEL included, as with nc: erasing typed keys is
    // the server's business (tcpchat's server applies them).
    const framer = new LineFramer({ maxLineBytes: this.#maxLineBytes, editing: false });
    const buffer = new Uint8Array(INPUT_BUFFER_BYTES);
    while (connection.isOpen && !this.#outputGone) {
      const n = await this.#io.input.read(buffer);
      const items = n === null ? framer.end() : framer.push(buffer.subarray(0, n));
      const lines: string[] = [];
      for (const item of items) {
        if (item.kind === "line") lines.push(item.text);
        else this.status(this.#texts.inputTooLong(item.maxLineBytes));
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
      if (this.#outputGone) return this.#onQuiet();
      this.#armQuietTimer();
    });
  }

  #armQuietTimer(): void {
    clearTimeout(this.#quietTimer);
    if (this.#onQuiet) this.#quietTimer = setTimeout(this.#onQuiet, this.#quietTimeMs);
  }
}
