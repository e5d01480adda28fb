/**
 * The input line as a pure model: a key goes in, the new line and what the screen must do come out.
 *
 * The text is edited in whole graphemes, so the cursor never stands inside "é", "世" or "👍🏽" and
 * backspace never leaves half an emoji behind. The keys are those of a shell: Left/Right,
 * Home/End (Ctrl+A/E), Backspace/Delete, Ctrl+U (delete before the cursor), Ctrl+K (delete after),
 * Ctrl+W (delete the word before), Up/Down for history, Enter to send, Ctrl+C to leave, Ctrl+D
 * to leave on an empty line (on a non-empty one it deletes, as in bash), and Ctrl+Z to suspend to
 * the shell with the line kept as it is.
 *
 * What is typed never leaves an invisible character in the line: a character that takes no column
 * by itself (a zero-width space U+200B, a word joiner U+2060, a combining accent with no letter
 * before it, a lone joiner) would be seen nowhere yet cost a Left press and reach the server, so
 * it is dropped; one that joins the character before it (an accent after its letter, a joiner
 * inside an emoji) stays. The characters that must never be typed at all are dropped earlier, by
 * the key decoder (`keys.ts`).
 *
 * Both buffers are bounded: a line holds at most `maxLineBytes` bytes of UTF-8 (text past it is
 * refused with a bell) and history keeps the last `historySize` lines.
 *
 * @example Typing, a correction, and Enter
 * ```ts
 * import { editKey, EMPTY_EDITOR, type EditorState } from "./line_editor.ts";
 * import type { Key } from "./keys.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const limits = { maxLineBytes: 100, historySize: 10 };
 * const keys: Key[] = [{ kind: "text", text: "helo" }, { kind: "left" }, { kind: "text", text: "l" }];
 * const typed = keys.reduce((s: EditorState, k) => editKey(s, k, limits).state, EMPTY_EDITOR);
 * deepEqual(editKey(typed, { kind: "enter" }, limits).effects, [{ type: "submit", line: "hello" }]);
 * ```
 * @module
 */

import type { Key } from "./keys.ts";
import { boundaries, graphemeWidth } from "./width.ts";

/** The line being typed, and the lines typed before. */
export interface EditorState {
  readonly text: string;
  /** Where the cursor stands, as a UTF-16 offset into `text`; always between two graphemes. */
  readonly cursor: number;
  /** Lines sent, oldest first. */
  readonly history: readonly string[];
  /** The history entry on show; `history.length` while typing a new line. */
  readonly shown: number;
  /** The new line, kept while Up and Down show older ones. */
  readonly draft: string;
}

/** The bounds of the editor's buffers. */
export interface EditorLimits {
  /** Most UTF-8 bytes in one line. */
  readonly maxLineBytes: number;
  /** Most lines kept in history; 0 keeps none. */
  readonly historySize: number;
}

/** Default history length: a long lab session's worth of lines. */
export const DEFAULT_HISTORY_SIZE = 200;

/** Nothing typed yet. */
export const EMPTY_EDITOR: EditorState = { text: "", cursor: 0, history: [], shown: 0, draft: "" };

/** What the program must do besides redrawing the line. */
export type EditorEffect =
  | { readonly type: "submit"; readonly line: string }
  | { readonly type: "quit"; readonly reason: "interrupt" | "end-of-input" }
  /** Text was refused (the line is full): ring the terminal's bell. */
  | { readonly type: "bell" }
  | { readonly type: "clear-screen" }
  /** Stop the program until the shell's `fg`; the line stays as it is. */
  | { readonly type: "suspend" };

/** The result of one key. */
export interface EditorStep {
  readonly state: EditorState;
  readonly effects: readonly EditorEffect[];
}

/** Applies one key. */
export function editKey(state: EditorState, key: Key, limits: EditorLimits): EditorStep {
  const at = (text: string, cursor: number) => ({ state: { ...state, text, cursor }, effects: [] });
  const { text, cursor } = state;
  switch (key.kind) {
    case "text":
      return insert(state, key.text, limits.maxLineBytes);
    case "enter":
      return {
        state: remember(state, limits.historySize),
        effects: [{ type: "submit", line: text }],
      };
    case "left":
      return at(text, previousStop(text, cursor));
    case "right":
      return at(text, nextStop(text, cursor));
    case "home":
      return at(text, 0);
    case "end":
      return at(text, text.length);
    case "word-left":
      return at(text, wordStart(text, cursor));
    case "word-right":
      return at(text, wordEnd(text, cursor));
    case "backspace": {
      const from = previousStop(text, cursor);
      return at(text.slice(0, from) + text.slice(cursor), from);
    }
    case "delete":
      return at(text.slice(0, cursor) + text.slice(nextStop(text, cursor)), cursor);
    case "kill-before":
      return at(text.slice(cursor), 0);
    case "kill-after":
      return at(text.slice(0, cursor), cursor);
    case "kill-word": {
      const from = wordStart(text, cursor);
      return at(text.slice(0, from) + text.slice(cursor), from);
    }
    case "up":
      return browse(state, state.shown - 1);
    case "down":
      return browse(state, state.shown + 1);
    case "interrupt":
      return { state, effects: [{ type: "quit", reason: "interrupt" }] };
    case "end-of-input":
      if (text === "") return { state, effects: [{ type: "quit", reason: "end-of-input" }] };
      return editKey(state, { kind: "delete" }, limits);
    case "clear-screen":
      return { state, effects: [{ type: "clear-screen" }] };
    case "suspend":
      return { state, effects: [{ type: "suspend" }] };
  }
}

function insert(state: EditorState, input: string, maxLineBytes: number): EditorStep {
  const { text, cursor } = state;
  const typed = visibleTyping(text.slice(0, cursor), input);
  let room = maxLineBytes - utf8Length(text);
  let accepted = "";
  let refused = false;
  for (const stop of sliceStops(typed)) {
    const piece = typed.slice(accepted.length, stop);
    const bytes = utf8Length(piece);
    if (bytes > room) {
      refused = true;
      break;
    }
    room -= bytes;
    accepted += piece;
  }
  const next = text.slice(0, cursor) + accepted + text.slice(cursor);
  // A mark or modifier typed after a letter joins its grapheme: keep the cursor on a boundary.
  const wanted = cursor + accepted.length;
  const stop = boundaries(next).find((b) => b >= wanted) ?? next.length;
  return {
    state: { ...state, text: next, cursor: stop },
    effects: refused ? [{ type: "bell" }] : [],
  };
}

/**
 * `typed` without the graphemes that would take no column where it lands after `before`: those
 * made of typed characters alone (a grapheme that starts in `before` has its letter there).
 */
function visibleTyping(before: string, typed: string): string {
  const joined = before + typed;
  const stops = boundaries(joined);
  let kept = "";
  for (let i = 0; i + 1 < stops.length; i++) {
    const [start, end] = [stops[i], stops[i + 1]];
    if (end <= before.length) continue;
    if (start >= before.length && graphemeWidth(joined.slice(start, end)) === 0) continue;
    kept += joined.slice(Math.max(start, before.length), end);
  }
  return kept;
}

function sliceStops(text: string): number[] {
  return boundaries(text).slice(1);
}

function remember(state: EditorState, historySize: number): EditorState {
  const line = state.text;
  const last = state.history.at(-1);
  const keep = line.trim() !== "" && line !== last && historySize > 0;
  const history = keep ? [...state.history, line].slice(-historySize) : state.history;
  return { text: "", cursor: 0, history, shown: history.length, draft: "" };
}

function browse(state: EditorState, shown: number): EditorStep {
  if (shown < 0 || shown > state.history.length) return { state, effects: [] };
  const draft = state.shown === state.history.length ? state.text : state.draft;
  const text = shown === state.history.length ? draft : state.history[shown];
  return { state: { ...state, text, cursor: text.length, shown, draft }, effects: [] };
}

function previousStop(text: string, cursor: number): number {
  const stops = boundaries(text);
  let previous = 0;
  for (const stop of stops) {
    if (stop >= cursor) break;
    previous = stop;
  }
  return previous;
}

function nextStop(text: string, cursor: number): number {
  return boundaries(text).find((stop) => stop > cursor) ?? text.length;
}

const SPACE = /\s/;

/** Start of the word before the cursor: spaces are skipped first, as in bash. */
function wordStart(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && SPACE.test(text[i - 1])) i--;
  while (i > 0 && !SPACE.test(text[i - 1])) i--;
  return i;
}

function wordEnd(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && SPACE.test(text[i])) i++;
  while (i < text.length && !SPACE.test(text[i])) i++;
  return i;
}

/** Bytes `text` takes in UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character: 2 bytes for each half.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}
