/**
 * What the terminal is sent so that the input line stays whole while other lines arrive.
 *
 * The input line is always the last line on screen. To print a server line, the client returns
 * to the start of that row, clears to the end of the screen, writes the new lines, and draws the
 * input line again below them, half-typed text and cursor as they were. The cursor is placed by
 * writing the text before it a second time rather than by counting columns, so the terminal's own
 * idea of each character's width puts it in the right place even where width tables disagree.
 *
 * A line wider than the terminal scrolls sideways around the cursor instead of wrapping, so
 * redrawing it never has to know how many rows a wrapped line took.
 *
 * Pure: every function returns the bytes to write (as a string of text and ANSI escape codes).
 *
 * @example An incoming line above a half-typed one
 * ```ts
 * import { printAbove } from "./screen.ts";
 * import { equal } from "node:assert/strict";
 *
 * const input = { prompt: { plain: "> ", shown: "> " }, text: "hel", cursor: 3 };
 * equal(printAbove(["<bob> hi"], input, 80), "\r\x1b[J<bob> hi\r\n\r> hel\x1b[K");
 * ```
 * @module
 */

import { graphemes, graphemeWidth, textWidth } from "./width.ts";

/** The prompt: plain for measuring, `shown` as written (it may carry colour codes). */
export interface Prompt {
  readonly plain: string;
  readonly shown: string;
}

/** The input row: a prompt, the text typed so far and the cursor's UTF-16 offset in it. */
export interface InputLine {
  readonly prompt: Prompt;
  readonly text: string;
  readonly cursor: number;
}

const CLEAR_BELOW = "\x1b[J";
const CLEAR_RIGHT = "\x1b[K";
/** Clear the screen and home the cursor. */
export const CLEAR_SCREEN = "\x1b[H\x1b[2J";
/** The terminal's bell. */
export const BELL = "\x07";

/** The part of `text` that fits in `width` columns with the cursor in view. */
export function visiblePart(
  text: string,
  cursor: number,
  width: number,
): { readonly before: string; readonly after: string } {
  const left = text.slice(0, cursor);
  const right = text.slice(cursor);
  if (textWidth(text) <= width) return { before: left, after: right };
  // Keep as much as fits of what is just before the cursor, then fill up with what follows it.
  let room = width;
  let before = "";
  for (const g of graphemes(left).reverse()) {
    const w = graphemeWidth(g);
    if (w > room) break;
    room -= w;
    before = g + before;
  }
  let after = "";
  for (const g of graphemes(right)) {
    const w = graphemeWidth(g);
    if (w > room) break;
    room -= w;
    after += g;
  }
  return { before, after };
}

/** Redraws the input row in place, leaving the cursor where the user is typing. */
export function drawInput(line: InputLine, columns: number): string {
  // One column stays free for the cursor after the last character, so the row never wraps.
  const promptWidth = textWidth(line.prompt.plain);
  const shownPrompt = columns - promptWidth - 1 >= 4 ? line.prompt.shown : "";
  const width = Math.max(1, columns - 1 - (shownPrompt === "" ? 0 : promptWidth));
  const { before, after } = visiblePart(line.text, line.cursor, width);
  const row = `\r${shownPrompt}${before}${after}${CLEAR_RIGHT}`;
  return after === "" ? row : `${row}\r${shownPrompt}${before}`;
}

/** Prints `lines` above the input row, then redraws the input row as it was. */
export function printAbove(lines: readonly string[], line: InputLine, columns: number): string {
  return `\r${CLEAR_BELOW}${lines.map((l) => l + "\r\n").join("")}${drawInput(line, columns)}`;
}

/** Leaves a sent line on screen, whole, and moves to a fresh row. */
export function finishInput(line: InputLine): string {
  return `\r${CLEAR_BELOW}${line.prompt.shown}${line.text}\r\n`;
}
