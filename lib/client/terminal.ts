/**
 * The client on a terminal: raw mode, a line editor that is never clobbered, colours, a prompt.
 *
 * This is the thin runtime around the pure parts: bytes from the keyboard go through
 * `KeyDecoder`, with the time of each read on the session's clock (it tells a lone Esc from a
 * key's escape sequence), and `editKey`; the server's bytes are framed into lines, classified by
 * the shared grammar, followed into a place for the prompt (`prompt.ts`), and printed above the
 * input line with `printAbove` from `screen.ts`, which also finds the input again after the
 * terminal was resized.
 *
 * Ctrl+Z clears the input row, leaves raw mode and stops the process as the shell's job control
 * expects; when the process runs again (`fg`, SIGCONT) raw mode comes back and the half-typed line
 * is drawn again. The connection stays open meanwhile. A terminal that goes away (its window
 * closed: reads end, writes fail) ends the session like Ctrl+C, with a FIN.
 *
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import type { Framed } from "../core/line_framer.ts";
import { sanitizePeerText } from "../core/sanitize.ts";
import { type ByteSink, writeOutput } from "../io.ts";
import { lineReceiver, type Receiver, type ServerConnection } from "./connection.ts";
import { KeyDecoder } from "./keys.ts";
import { editKey, type EditorLimits, type EditorState, EMPTY_EDITOR } from "./line_editor.ts";
import { afterSending, followServer, promptFor, type PromptState, START } from "./prompt.ts";
import {
  BELL,
  CLEAR_SCREEN,
  type Drawing,
  drawInput,
  type DrawnInput,
  finishInput,
  type InputLine,
  printAbove,
  startOfInput,
} from "./screen.ts";
import { stylePrompt, styleServerLine, styleStatus } from "./style.ts";
import { type Input, StreamGuard } from "./stream_guard.ts";
import type { ClientTexts, SessionEnd } from "./texts.ts";

/** How Ctrl+Z can stop the client so that a shell takes over, and if it cannot, why. */
export type Suspendable =
  /** Stop this process: it is the job the shell started. */
  | { readonly kind: "self" }
  /** Stop the whole job (the process group), the runner that started the client included. */
  | { readonly kind: "job" }
  /** No job control (Windows). */
  | { readonly kind: "unsupported" }
  /** Started by a program that would not stop with it, and not allowed to stop that program. */
  | { readonly kind: "runner"; readonly runner: string };

/**
 * How Ctrl+Z can hand the terminal to a shell, given the system, a way to read the environment,
 * and whether this process may signal others (`--allow-run`, which `deno task client` grants for
 * this alone). A program that started the client and waits for it does not stop when the client
 * alone stops: the shell would go on waiting for that program, the client stopped for good. So
 * under such a runner the client stops its whole process group, as readline does (`kill(0,
 * SIGTSTP)`); without the permission to, it says why it cannot. Runners say so in the
 * environment: npm, yarn, pnpm, bun and deno task set `npm_config_user_agent` (`deno/2.9.6 npm/?
 * ...`), make sets `MAKELEVEL`.
 */
export function suspendable(
  os: string,
  env: (name: string) => string | undefined,
  mayStopJob: boolean,
): Suspendable {
  if (os === "windows") return { kind: "unsupported" };
  if (mayStopJob) return { kind: "job" };
  const agent = env("npm_config_user_agent");
  if (agent !== undefined && agent !== "") {
    const name = agent.split("/")[0];
    return { kind: "runner", runner: name === "deno" ? "deno task" : name };
  }
  if (env("MAKELEVEL") !== undefined) return { kind: "runner", runner: "make" };
  return { kind: "self" };
}

/** The terminal a session runs on, and the process's job control. */
export interface TerminalIO {
  readonly input: Input & { setRaw(raw: boolean): void };
  readonly output: ByteSink;
  /** Columns of the terminal now. */
  columns(): number;
  /** Calls `redraw` whenever the terminal is resized; returns how to stop. */
  onResize(redraw: () => void): () => void;
  /** Calls `resumed` whenever the process runs again after being stopped (SIGCONT). */
  onContinue(resumed: () => void): () => void;
  /** Whether {@link suspend} can hand the terminal to a shell now. */
  suspendable(): Suspendable;
  /**
   * Stops this process, or its whole job, as Ctrl+Z does; returns once it runs again (at once if
   * nobody can resume it).
   */
  suspend(scope: "self" | "job"): void;
}

/** Bytes per read of the keyboard. */
const KEYBOARD_BUFFER_BYTES = 4096;

/** What a terminal session is set up with. */
export interface TerminalOptions extends EditorLimits {
  readonly color: boolean;
  readonly texts: ClientTexts;
  /** When each chunk of keys was read (it tells a lone Esc from a sequence); the system's. */
  readonly clock?: Clock;
}

/** One interactive run. */
export class TerminalSession {
  /** Gets the server's bytes (give it to the {@link ServerConnection}). */
  readonly receiver: Receiver;
  readonly #io: TerminalIO;
  readonly #color: boolean;
  readonly #limits: EditorLimits;
  readonly #texts: ClientTexts;
  readonly #clock: Clock;
  readonly #keys = new KeyDecoder();
  #editor: EditorState = EMPTY_EDITOR;
  #prompt: PromptState = START;
  #raw = false;
  #running = false;
  /** The input row on screen now; null when the cursor is at the start of a fresh row. */
  #drawn: DrawnInput | null = null;
  /** Whether the terminal went away (a failed write or read). */
  readonly #guard = new StreamGuard();

  constructor(io: TerminalIO, options: TerminalOptions) {
    this.#io = io;
    this.#color = options.color;
    this.#limits = options;
    this.#texts = options.texts;
    this.#clock = options.clock ?? systemClock;
    this.receiver = lineReceiver(options.maxLineBytes, (items) => this.#receive(items));
  }

  /** The client's own line, above the input. */
  status(line: string): void {
    this.#draw(printAbove([styleStatus(line, this.#color)], this.#input(), ...this.#at()));
  }

  /** Prints what the server sent above the input line and updates the prompt. */
  #receive(items: readonly Framed[]): void {
    const lines: string[] = [];
    for (const item of items) {
      // A newline's late second byte, or the rest of an over-long line: nothing to show.
      if (item.kind === "partner" || item.kind === "discarded") continue;
      if (item.kind === "overflow") {
        lines.push(styleStatus(this.#texts.receivedTooLong(item.maxLineBytes), this.#color));
        continue;
      }
      // Whatever the server is, its bytes must not drive this terminal.
      const text = sanitizePeerText(item.text);
      this.#prompt = followServer(this.#prompt, text);
      lines.push(styleServerLine(text, this.#color));
    }
    this.#draw(printAbove(lines, this.#input(), ...this.#at()));
  }

  /** Runs the keyboard until the user leaves, the terminal goes away or the connection ends. */
  async run(connection: ServerConnection): Promise<SessionEnd> {
    this.#running = true;
    this.#enterRaw();
    const stopResize = this.#io.onResize(() => this.#redraw());
    const stopContinue = this.#io.onContinue(() => this.#resume());
    try {
      this.#redraw();
      const typing = this.#typeUntilQuit(connection).then(() => connection.close());
      const end = await Promise.race([connection.ended, typing]);
      return { connection: end, problem: this.#guard.problem };
    } finally {
      this.#running = false;
      stopResize();
      stopContinue();
    }
  }

  /** Prints the closing line and gives the terminal back as it was. */
  finish(line: string): void {
    this.#write(`${startOfInput(...this.#at())}${styleStatus(line, this.#color)}\r\n`);
    this.#drawn = null;
    this.restore();
  }

  /** Leaves raw mode (also after an unexpected error). */
  restore(): void {
    if (!this.#raw) return;
    this.#raw = false;
    try {
      this.#io.input.setRaw(false);
    } catch {
      // The terminal is gone: nothing to restore.
    }
  }

  async #typeUntilQuit(connection: ServerConnection): Promise<void> {
    const buffer = new Uint8Array(KEYBOARD_BUFFER_BYTES);
    while (connection.isOpen && this.#guard.problem === null) {
      const n = await this.#guard.read(this.#io.input, buffer);
      if (n === null || n === "stopped") return;
      for (const key of this.#keys.push(buffer.subarray(0, n), this.#clock.now())) {
        // Lines wait in the client only while the server is not reading; bound what waits.
        if (key.kind === "enter" && connection.unsentBytes >= this.#limits.maxLineBytes) {
          this.#write(BELL);
          this.status(this.#texts.notSentYet());
          continue;
        }
        const before = this.#input();
        const step = editKey(this.#editor, key, this.#limits);
        this.#editor = step.state;
        for (const effect of step.effects) {
          switch (effect.type) {
            case "submit":
              this.#write(finishInput({ ...before, text: effect.line }, ...this.#at()));
              this.#drawn = null;
              this.#prompt = afterSending(this.#prompt);
              void connection.send([effect.line]);
              break;
            case "quit":
              return;
            case "bell":
              this.#write(BELL);
              break;
            case "clear-screen":
              this.#write(CLEAR_SCREEN);
              this.#drawn = null;
              break;
            case "suspend":
              this.#suspend();
              break;
          }
        }
        if (!connection.isOpen || this.#guard.problem !== null) return;
      }
      this.#redraw();
    }
  }

  /** Hands the terminal to the shell until `fg`; says why not where nothing can take it. */
  #suspend(): void {
    const can = this.#io.suspendable();
    if (can.kind === "runner" || can.kind === "unsupported") {
      this.#write(BELL);
      const line = can.kind === "runner"
        ? this.#texts.suspendUnderRunner(can.runner)
        : this.#texts.suspendUnsupported();
      return this.status(line);
    }
    // The half line leaves the screen with the client, so the shell's rows never look like it.
    this.#write(startOfInput(...this.#at()));
    this.#drawn = null;
    this.restore();
    this.#io.suspend(can.kind);
    this.#resume();
  }

  /** After a stop (Ctrl+Z, or SIGSTOP from elsewhere): raw mode again, the line drawn again. */
  #resume(): void {
    if (!this.#running) return;
    this.#enterRaw();
    // The shell printed its own rows meanwhile: the cursor is at the start of a fresh one.
    this.#drawn = null;
    this.#redraw();
  }

  #enterRaw(): void {
    try {
      this.#io.input.setRaw(true);
      this.#raw = true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#guard.end({ stream: "input", why: "failed", detail });
    }
  }

  #input(): InputLine {
    const plain = promptFor(this.#prompt, this.#texts);
    return {
      prompt: { plain, shown: stylePrompt(plain, this.#color) },
      text: this.#editor.text,
      cursor: this.#editor.cursor,
    };
  }

  /** The terminal's width now and the input drawn before: where every drawing starts from. */
  #at(): [columns: number, previous: DrawnInput | null] {
    return [this.#io.columns(), this.#drawn];
  }

  #redraw(): void {
    this.#draw(drawInput(this.#input(), ...this.#at()));
  }

  #draw(drawing: Drawing): void {
    this.#write(drawing.bytes);
    this.#drawn = drawing.drawn;
  }

  #write(text: string): void {
    if (this.#guard.problem !== null) return;
    const written = writeOutput(this.#io.output, text);
    if (!written.ok) {
      this.#guard.end({ stream: "output", why: written.why, detail: written.detail });
    }
  }
}
