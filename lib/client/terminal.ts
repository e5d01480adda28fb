/**
 * The client on a terminal: raw mode, a line editor that is never clobbered, colours, a prompt.
 *
 * This is the thin runtime around the pure parts: bytes from the keyboard go through
 * `KeyDecoder` and `editKey`; server lines are classified by the shared grammar, followed into a
 * place for the prompt, and printed above the input line with `printAbove` from `screen.ts`.
 *
 * @module
 */

import type { Framed } from "../core/line_framer.ts";
import { sanitizePeerText } from "../core/sanitize.ts";
import { type ByteSink, writeAll } from "../io.ts";
import type { ServerConnection } from "./connection.ts";
import { KeyDecoder } from "./keys.ts";
import { editKey, type EditorLimits, type EditorState, EMPTY_EDITOR } from "./line_editor.ts";
import { type ClientPlace, followPlace, promptFor } from "./prompt.ts";
import {
  BELL,
  CLEAR_SCREEN,
  drawInput,
  finishInput,
  type InputLine,
  printAbove,
} from "./screen.ts";
import { stylePrompt, styleServerLine, styleStatus } from "./style.ts";
import type { ClientTexts, ConnectionEnd } from "./texts.ts";

/** The terminal a session runs on. */
export interface TerminalIO {
  readonly input: {
    read(buffer: Uint8Array): Promise<number | null>;
    setRaw(raw: boolean): void;
  };
  readonly output: ByteSink;
  /** Columns of the terminal now. */
  columns(): number;
  /** Calls `redraw` whenever the terminal is resized; returns how to stop. */
  onResize(redraw: () => void): () => void;
}

/** One interactive run. */
export class TerminalSession {
  readonly #io: TerminalIO;
  readonly #color: boolean;
  readonly #limits: EditorLimits;
  readonly #texts: ClientTexts;
  readonly #keys = new KeyDecoder();
  #editor: EditorState = EMPTY_EDITOR;
  #place: ClientPlace = undefined;
  #raw = false;

  constructor(
    io: TerminalIO,
    options: EditorLimits & { readonly color: boolean; readonly texts: ClientTexts },
  ) {
    this.#io = io;
    this.#color = options.color;
    this.#limits = options;
    this.#texts = options.texts;
  }

  /** The client's own line, above the input. */
  status(line: string): void {
    this.#write(printAbove([styleStatus(line, this.#color)], this.#input(), this.#io.columns()));
  }

  /** Prints what the server sent above the input line and updates the prompt. */
  receive(items: readonly Framed[]): void {
    const lines: string[] = [];
    for (const item of items) {
      if (item.kind === "overflow") {
        lines.push(styleStatus(this.#texts.receivedTooLong(item.maxLineBytes), this.#color));
        continue;
      }
      // Whatever the server is, its bytes must not drive this terminal.
      const text = sanitizePeerText(item.text);
      this.#place = followPlace(this.#place, text);
      lines.push(styleServerLine(text, this.#color));
    }
    this.#write(printAbove(lines, this.#input(), this.#io.columns()));
  }

  /** Runs the keyboard until the user leaves or the connection ends. */
  async run(connection: ServerConnection): Promise<ConnectionEnd> {
    this.#io.input.setRaw(true);
    this.#raw = true;
    const stopResize = this.#io.onResize(() => this.#redraw());
    try {
      this.#redraw();
      const typing = this.#typeUntilQuit(connection).then(() => connection.close());
      return await Promise.race([connection.ended, typing]);
    } finally {
      stopResize();
    }
  }

  /** Prints the closing line and gives the terminal back as it was. */
  finish(line: string): void {
    this.#write(`\r\x1b[J${styleStatus(line, this.#color)}\r\n`);
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
    const buffer = new Uint8Array(4096);
    while (connection.isOpen) {
      const n = await this.#io.input.read(buffer);
      if (n === null) return;
      for (const key of this.#keys.push(buffer.subarray(0, n))) {
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
              this.#write(finishInput({ ...before, text: effect.line }));
              void connection.send([effect.line]);
              break;
            case "quit":
              return;
            case "bell":
              this.#write(BELL);
              break;
            case "clear-screen":
              this.#write(CLEAR_SCREEN);
              break;
          }
        }
        if (!connection.isOpen) return;
      }
      this.#redraw();
    }
  }

  #input(): InputLine {
    const plain = promptFor(this.#place, this.#texts);
    return {
      prompt: { plain, shown: stylePrompt(plain, this.#color) },
      text: this.#editor.text,
      cursor: this.#editor.cursor,
    };
  }

  #redraw(): void {
    this.#write(drawInput(this.#input(), this.#io.columns()));
  }

  #write(text: string): void {
    writeAll(this.#io.output, text);
  }
}
