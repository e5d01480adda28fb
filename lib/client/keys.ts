/**
 * Turns the bytes a terminal in raw mode sends into keys.
 *
 * A raw terminal sends typed text as UTF-8, control keys as single bytes (Ctrl+U is 0x15) and
 * arrows and friends as escape sequences (`ESC [ D` is Left). A read can end in the middle of a
 * UTF-8 character or of a sequence, so the decoder keeps the unfinished tail for the next chunk.
 * Both the xterm (`ESC [ H`) and the VT100 application-mode (`ESC O H`) spellings are understood,
 * and unknown sequences are consumed whole so that their bytes never show up as typed text.
 *
 * A lone Esc and the start of a sequence look the same: `ESC` alone, or `ESC` and the first bytes of
 * `ESC [ D`. A terminal writes a key's whole sequence at once, so its bytes arrive together; when
 * the next byte comes more than {@link ESCAPE_TIMEOUT_MS} after the unfinished part (readline's
 * `keyseq-timeout`, vim's `ttimeoutlen`), that part was a lone Esc, which does nothing, or a cut
 * sequence, which is dropped; what comes next is read afresh. So Esc followed by `bye` a moment
 * later is `bye`, not Alt+B and `ye`. The decoder keeps no clock: each chunk comes with the time
 * it was read.
 *
 * Raw mode turns off what the terminal driver would do with some keys, so they arrive here as
 * bytes: Ctrl+C, Ctrl+\ and Ctrl+Z (which would otherwise be SIGINT, SIGQUIT and SIGTSTP) become
 * keys, and Ctrl+S and Ctrl+Q (XON/XOFF flow control, which would freeze and thaw the output) are
 * dropped. Text never holds a character of the one list of unsafe characters
 * (`lib/core/unsafe_chars.ts`: controls, line separators, bidi and invisible format characters):
 * typed or pasted, each is dropped, so it can neither move the input line nor hide in it.
 *
 * @example
 * ```ts
 * import { KeyDecoder } from "./keys.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const keys = new KeyDecoder();
 * const bytes = new TextEncoder().encode("hé\x1b[D\x15\r");
 * deepEqual(keys.push(bytes, 0), [
 *   { kind: "text", text: "hé" },
 *   { kind: "left" },
 *   { kind: "kill-before" },
 *   { kind: "enter" },
 * ]);
 * ```
 * @module
 */

import { replaceUnsafe } from "../core/unsafe_chars.ts";

/**
 * Most milliseconds between the bytes of one escape sequence; a longer wait ends it. A terminal
 * writes a sequence in one go, and a read cuts it only at the end of its buffer, with the rest
 * already waiting: microseconds, even over SSH, which sends what the terminal wrote in one packet.
 * People's keys come 100 ms or more apart. 50 ms is neovim's `ttimeoutlen` (vim's defaults.vim
 * has 100, tmux 3.5's `escape-time` 10); readline's 500 ms `keyseq-timeout` is that long so that
 * Esc then B typed by hand means Alt+B, which here would eat the first letter typed after an Esc.
 */
export const ESCAPE_TIMEOUT_MS = 50;

/** Keys that edit or move without text. */
export type EditKey =
  | "enter"
  | "backspace"
  | "delete"
  | "left"
  | "right"
  | "word-left"
  | "word-right"
  | "home"
  | "end"
  | "up"
  | "down"
  /** Ctrl+U: delete everything before the cursor. */
  | "kill-before"
  /** Ctrl+K: delete everything from the cursor on. */
  | "kill-after"
  /** Ctrl+W, Alt+Backspace: delete the word before the cursor. */
  | "kill-word"
  /** Ctrl+L: clear the screen. */
  | "clear-screen"
  /** Ctrl+C, and Ctrl+\ (which would be SIGQUIT outside raw mode): leave. */
  | "interrupt"
  /** Ctrl+Z: suspend to the shell, as SIGTSTP does outside raw mode. */
  | "suspend"
  /** Ctrl+D. */
  | "end-of-input";

/** A key press: typed (or pasted) text, or an editing key. */
export type Key =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: EditKey };

const CONTROL: Readonly<Record<number, EditKey>> = {
  0x01: "home", // Ctrl+A
  0x02: "left", // Ctrl+B
  0x03: "interrupt", // Ctrl+C
  0x04: "end-of-input", // Ctrl+D
  0x05: "end", // Ctrl+E
  0x06: "right", // Ctrl+F
  0x08: "backspace", // Ctrl+H, what some terminals send for Backspace
  0x0b: "kill-after", // Ctrl+K
  0x0c: "clear-screen", // Ctrl+L
  0x0d: "enter", // Enter in raw mode
  0x0a: "enter", // Ctrl+J, and the LF of a pasted line
  0x0e: "down", // Ctrl+N
  0x10: "up", // Ctrl+P
  0x15: "kill-before", // Ctrl+U
  0x17: "kill-word", // Ctrl+W
  0x1a: "suspend", // Ctrl+Z
  0x1c: "interrupt", // Ctrl+\
  0x7f: "backspace",
};

// The final letter of `ESC [ x` / `ESC O x` (optionally with `1;5` modifiers before it).
const FINAL_LETTER: Readonly<Record<string, EditKey>> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
};

// `ESC [ n ~` sequences.
const TILDE: Readonly<Record<string, EditKey>> = {
  "1": "home",
  "7": "home",
  "3": "delete",
  "4": "end",
  "8": "end",
};

// Alt+key arrives as ESC followed by the key.
const ALT: Readonly<Record<string, EditKey>> = {
  b: "word-left",
  f: "word-right",
  "\x7f": "kill-word",
};

const ESC = "\x1b";
// After the ESC: a complete CSI sequence (parameters, intermediates, one final byte), an
// unfinished one, and the SS3 form `O x`.
const CSI = /^\[([0-?]*)([ -/]*)([@-~])/;
const CSI_UNFINISHED = /^\[[0-?]*[ -/]*$/;
const SS3 = /^O([@-~])/;

/** Decodes raw terminal input; keeps unfinished sequences between chunks. */
export class KeyDecoder {
  readonly #utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  /** An unfinished escape sequence, and when its last byte was read. */
  #pending = "";
  #pendingAtMs = 0;
  #lastWasCR = false;

  /**
   * Feeds one chunk from the terminal, read at `nowMs` (milliseconds; only the time between two
   * chunks counts); returns the keys it completed.
   */
  push(bytes: Uint8Array, nowMs: number): Key[] {
    // Too late to be the rest of a sequence: the unfinished part was a lone Esc, or a cut sequence.
    const late = nowMs - this.#pendingAtMs > ESCAPE_TIMEOUT_MS;
    const input = (late ? "" : this.#pending) + this.#utf8.decode(bytes, { stream: true });
    this.#pending = "";
    const keys: Key[] = [];
    let text = "";
    const flushText = () => {
      const typed = replaceUnsafe(text, () => "");
      if (typed !== "") keys.push({ kind: "text", text: typed });
      text = "";
    };
    const emit = (key: Key) => {
      flushText();
      keys.push(key);
    };
    let i = 0;
    while (i < input.length) {
      const ch = input[i];
      const code = ch.charCodeAt(0);
      // A terminal's Enter is CR; a pasted Windows line is CR LF. Either is one Enter.
      const crlf = code === 0x0a && this.#lastWasCR;
      this.#lastWasCR = code === 0x0d;
      if (crlf) {
        i++;
        continue;
      }
      if (ch === ESC) {
        const rest = input.slice(i);
        const sequence = escapeSequence(rest);
        if (sequence === "unfinished") {
          this.#pending = rest;
          this.#pendingAtMs = nowMs;
          break;
        }
        if (sequence.key) emit({ kind: sequence.key });
        i += sequence.length;
        continue;
      }
      const control = CONTROL[code];
      if (control) emit({ kind: control });
      else if (code === 0x09) text += " ";
      // Every other unsafe character (other controls among them) is dropped by flushText().
      else text += ch;
      i++;
    }
    flushText();
    return keys;
  }
}

type Sequence = "unfinished" | { readonly key: EditKey | null; readonly length: number };

function escapeSequence(rest: string): Sequence {
  const after = rest.slice(1);
  if (after === "" || after === "O" || CSI_UNFINISHED.test(after)) return "unfinished";
  const csi = CSI.exec(after);
  if (csi) {
    const [all, params, , final] = csi;
    const length = 1 + all.length;
    if (final === "~") return { key: TILDE[params.split(";")[0]] ?? null, length };
    const key = FINAL_LETTER[final] ?? null;
    // `ESC [ 1 ; 5 D` is Ctrl+Left: a word at a time.
    if (params.endsWith(";5") && key === "left") return { key: "word-left", length };
    if (params.endsWith(";5") && key === "right") return { key: "word-right", length };
    return { key, length };
  }
  const ss3 = SS3.exec(after);
  if (ss3) return { key: FINAL_LETTER[ss3[1]] ?? null, length: 3 };
  // ESC then a key: Alt+key when we know it; otherwise the ESC alone is dropped and the key stays.
  const alt = ALT[after[0]];
  return alt ? { key: alt, length: 2 } : { key: null, length: 1 };
}
