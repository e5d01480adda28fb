/**
 * Test support: a tiny terminal that understands just what the client writes (text, CR, LF, BEL,
 * cursor up, clear to end of line or screen, colours), so a test can look at the screen a user
 * would see. It re-wraps its rows when resized, as tmux does (`grid_reflow` and
 * `grid_wrap_position` in tmux's grid.c): rows joined by an automatic wrap form one line, which is
 * split again at the new width, a wide character that does not fit moving whole to the next row;
 * the cursor stays on its character, or at the end of its line when it was past the line's last
 * written cell; the screen shows the last rows. Clearing a row from its first column forgets the
 * row's cells and its wrap, as tmux does; clearing from further right keeps the row's length.
 *
 * @module
 */

import { graphemes, graphemeWidth } from "../lib/client/width.ts";

const BELL = "\x07";
// deno-lint-ignore no-control-regex -- the terminal's control characters are what it reads.
const SPECIAL = /[\r\n\x07\x1b]/;
// deno-lint-ignore no-control-regex -- as above.
const CSI = /^\x1b\[([0-9;]*)([A-Za-z])/;

/** One row: its cells (a wide character fills its cell and an empty one after it), how many were
 * ever written since it was last cleared whole, and whether it wrapped onto the next row. */
interface Row {
  cells: string[];
  used: number;
  wrapped: boolean;
}

/** A screen of `columns` x `rows` cells, scrolling up when a line is added at the bottom. */
export class VirtualTerminal {
  #columns: number;
  readonly rows: number;
  #screen: Row[];
  row = 0;
  column = 0;

  constructor(columns: number, rows: number) {
    this.#columns = columns;
    this.rows = rows;
    this.#screen = Array.from({ length: rows }, () => this.#blank());
  }

  get columns(): number {
    return this.#columns;
  }

  /** Applies what the program wrote. */
  write(output: string): void {
    let i = 0;
    while (i < output.length) {
      const rest = output.slice(i);
      const ch = rest[0];
      if (ch === "\x1b") {
        const escape = CSI.exec(rest);
        if (!escape) throw new Error(`unexpected escape: ${JSON.stringify(rest)}`);
        this.#control(escape[1], escape[2]);
        i += escape[0].length;
      } else if (ch === "\r" || ch === "\n" || ch === BELL) {
        if (ch === "\r") this.column = 0;
        if (ch === "\n") this.#lineFeed();
        i++;
      } else {
        const end = rest.search(SPECIAL);
        const text = end === -1 ? rest : rest.slice(0, end);
        this.#print(text);
        i += text.length;
      }
    }
  }

  /** Makes the terminal `columns` wide, re-wrapping every line as tmux does. */
  resize(columns: number): void {
    const lines: { cells: string[]; cursorAt?: number | "end" }[] = [];
    let line: { cells: string[]; cursorAt?: number | "end" } = { cells: [] };
    this.#screen.forEach((row, y) => {
      if (y === this.row) {
        line.cursorAt = this.column >= row.used ? "end" : line.cells.length + this.column;
      }
      line.cells.push(...row.cells.slice(0, row.used));
      if (!row.wrapped) {
        lines.push(line);
        line = { cells: [] };
      }
    });
    if (line.cells.length > 0 || line.cursorAt !== undefined) lines.push(line);
    this.#columns = columns;
    const rows: Row[] = [];
    let cursor = { row: 0, column: 0 };
    for (const { cells, cursorAt } of lines) {
      let row = this.#blank();
      rows.push(row);
      for (let x = 0; x < cells.length; x++) {
        if (cells[x] === "") continue; // the second half of a wide character
        const width = cells[x + 1] === "" ? 2 : 1;
        if (row.used > 0 && row.used + width > columns) {
          row.wrapped = true;
          row = this.#blank();
          rows.push(row);
        }
        if (x === cursorAt) cursor = { row: rows.length - 1, column: row.used };
        row.cells[row.used] = cells[x];
        if (width === 2) row.cells[row.used + 1] = "";
        row.used += width;
      }
      if (cursorAt === "end") cursor = { row: rows.length - 1, column: row.used };
    }
    while (rows.length < this.rows) rows.push(this.#blank());
    const top = rows.length - this.rows;
    this.#screen = rows.slice(top);
    this.row = Math.max(0, cursor.row - top);
    this.column = Math.min(cursor.column, columns - 1);
  }

  /** The screen's rows as text, trailing spaces removed. */
  lines(): string[] {
    return this.#screen.map((row) => row.cells.join("").trimEnd());
  }

  /** The screen's rows without the empty ones at the bottom. */
  text(): string[] {
    const lines = this.lines();
    while (lines.length > 0 && lines.at(-1) === "") lines.pop();
    return lines;
  }

  #print(text: string): void {
    for (const g of graphemes(text)) {
      const width = graphemeWidth(g);
      if (width === 0) continue;
      if (this.column + width > this.#columns) {
        this.#screen[this.row].wrapped = true;
        this.column = 0;
        this.#lineFeed();
      }
      const row = this.#screen[this.row];
      row.cells[this.column] = g;
      if (width === 2) row.cells[this.column + 1] = "";
      this.column += width;
      row.used = Math.max(row.used, this.column);
    }
  }

  #lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.#screen.shift();
      this.#screen.push(this.#blank());
    } else {
      this.row++;
    }
  }

  #control(params: string, final: string): void {
    if (final === "K") this.#clearRow();
    else if (final === "J" && params === "2") {
      this.#screen = this.#screen.map(() => this.#blank());
    } else if (final === "J") {
      this.#clearRow();
      for (let r = this.row + 1; r < this.rows; r++) this.#screen[r] = this.#blank();
    } else if (final === "A") {
      this.row = Math.max(0, this.row - Number(params || "1"));
    } else if (final === "H") {
      this.row = 0;
      this.column = 0;
    } else if (final !== "m") {
      throw new Error(`the virtual terminal does not know ESC [ ${params}${final}`);
    }
  }

  /** Clears from the cursor to the end of its row; from the first column, the whole row. */
  #clearRow(): void {
    if (this.column === 0) {
      this.#screen[this.row] = this.#blank();
      if (this.row > 0) this.#screen[this.row - 1].wrapped = false;
      return;
    }
    this.#screen[this.row].cells.fill(" ", this.column);
  }

  #blank(): Row {
    return { cells: Array.from({ length: this.#columns }, () => " "), used: 0, wrapped: false };
  }
}
