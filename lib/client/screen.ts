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
 * redrawing it never has to know how many rows a wrapped line took — until the terminal is made
 * narrower. Terminals re-wrap their rows on a resize (tmux, VTE, Konsole, kitty, iTerm2, Windows
 * Terminal): the input row, drawn to fit the old width, now takes several rows and the cursor is on
 * one of them. Every drawing therefore starts at the first row of the input drawn before: from what
 * was drawn and the new width, {@link rowsAboveCursor} says how many rows up that is, the way tmux
 * re-wraps (`grid_reflow` in its grid.c): characters in order, one that does not fit moving whole
 * to the next row (this does count columns, so a character whose width the terminal sees otherwise
 * can put it one row off, and only where it stands at the new wrap point). Each drawing begins by
 * clearing the whole row, so the terminal never holds cells
 * of a longer line drawn earlier that would wrap too. Terminals that cut rows instead of re-wrapping
 * them (xterm, PuTTY, the Linux console) lose the rows above the input that this clears.
 *
 * Pure: every function returns the bytes to write (as a string of text and ANSI escape codes), and
 * those that draw the input row also what they left on screen, for the next drawing to start from.
 *
 * @example An incoming line above a half-typed one
 * ```ts
 * import { printAbove } from "./screen.ts";
 * import { equal } from "node:assert/strict";
 *
 * const input = { prompt: { plain: "> ", shown: "> " }, text: "hel", cursor: 3 };
 * equal(printAbove(["<bob> hi"], input, 80).bytes, "\r\x1b[J<bob> hi\r\n\r\x1b[J> hel");
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

/** What a drawn input row left on screen: enough to find its first row after a resize. */
export interface DrawnInput {
  /** The terminal's width when it was drawn. */
  readonly columns: number;
  /** Columns each drawn character takes (prompt, then text), in order; zero-width ones left out. */
  readonly cells: readonly number[];
  /** How many of `cells` are before the cursor. */
  readonly cursor: number;
}

/** Bytes to write, and the input row they leave on screen. */
export interface Drawing {
  readonly bytes: string;
  readonly drawn: DrawnInput;
}

/**
 * Rows between the first row of the input drawn as `drawn` and the cursor, once a terminal `columns`
 * wide has re-wrapped it: 0 while the width is the one it was drawn at. A cursor past the last
 * character stays on the line's last row, as tmux keeps it.
 */
export function rowsAboveCursor(drawn: DrawnInput, columns: number): number {
  if (columns === drawn.columns) return 0;
  let row = 0;
  let used = 0;
  let cursorRow = row;
  drawn.cells.forEach((width, i) => {
    if (used > 0 && used + width > columns) {
      row++;
      used = 0;
    }
    if (i === drawn.cursor) cursorRow = row;
    used += width;
  });
  return drawn.cursor >= drawn.cells.length ? row : cursorRow;
}

/**
 * Moves to the start of the input row drawn as `previous` (null: the cursor is on a fresh row) in a
 * terminal now `columns` wide, and clears from there to the end of the screen.
 */
export function startOfInput(columns: number, previous: DrawnInput | null): string {
  const up = previous === null ? 0 : rowsAboveCursor(previous, columns);
  return `${up > 0 ? `\x1b[${up}A` : ""}\r${CLEAR_BELOW}`;
}

/**
 * Redraws the input row in place of `previous`, leaving the cursor where the user is typing. The
 * row never wraps: one column stays free for the cursor after the last character, and a terminal
 * too narrow for the prompt shows the text alone.
 */
export function drawInput(
  line: InputLine,
  columns: number,
  previous: DrawnInput | null = null,
): Drawing {
  const promptWidth = textWidth(line.prompt.plain);
  const showPrompt = columns - promptWidth - 1 >= 4;
  const shownPrompt = showPrompt ? line.prompt.shown : "";
  const width = columns - 1 - (showPrompt ? promptWidth : 0);
  const { before, after } = width > 0
    ? visiblePart(line.text, line.cursor, width)
    : { before: "", after: "" };
  const row = `${startOfInput(columns, previous)}${shownPrompt}${before}${after}`;
  const cellsOf = (text: string) => graphemes(text).map(graphemeWidth).filter((w) => w > 0);
  const head = [...(showPrompt ? cellsOf(line.prompt.plain) : []), ...cellsOf(before)];
  return {
    bytes: after === "" ? row : `${row}\r${shownPrompt}${before}`,
    drawn: { columns, cells: [...head, ...cellsOf(after)], cursor: head.length },
  };
}

/** Prints `lines` above the input row drawn as `previous`, then redraws the input row. */
export function printAbove(
  lines: readonly string[],
  line: InputLine,
  columns: number,
  previous: DrawnInput | null = null,
): Drawing {
  const input = drawInput(line, columns);
  const printed = lines.map((l) => l + "\r\n").join("");
  return {
    bytes: `${startOfInput(columns, previous)}${printed}${input.bytes}`,
    drawn: input.drawn,
  };
}

/** Leaves a sent line on screen, whole, in place of the input drawn as `previous`; then a new row. */
export function finishInput(
  line: InputLine,
  columns: number,
  previous: DrawnInput | null = null,
): string {
  return `${startOfInput(columns, previous)}${line.prompt.shown}${line.text}\r\n`;
}
