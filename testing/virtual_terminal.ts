/**
 * Test support: a tiny terminal that understands just what the client writes (text, CR, LF, BEL,
 * clear to end of line or screen, colours), so a test can look at the screen a user would see.
 *
 * @module
 */

import { graphemes, graphemeWidth } from "../lib/client/width.ts";

const BELL = "\x07";
// deno-lint-ignore no-control-regex -- the terminal's control characters are what it reads.
const SPECIAL = /[\r\n\x07\x1b]/;
// deno-lint-ignore no-control-regex -- as above.
const CSI = /^\x1b\[([0-9;]*)([A-Za-z])/;

/** A screen of `columns` x `rows` cells, scrolling up when a line is added at the bottom. */
export class VirtualTerminal {
  readonly columns: number;
  readonly rows: number;
  /** Cells per row; a wide character fills its cell and an empty one after it. */
  #cells: string[][];
  row = 0;
  column = 0;

  constructor(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.#cells = Array.from({ length: rows }, () => this.#blank());
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

  /** The screen's rows as text, trailing spaces removed. */
  lines(): string[] {
    return this.#cells.map((cells) => cells.join("").trimEnd());
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
      if (this.column + width > this.columns) {
        this.column = 0;
        this.#lineFeed();
      }
      this.#cells[this.row][this.column] = g;
      if (width === 2) this.#cells[this.row][this.column + 1] = "";
      this.column += width;
    }
  }

  #lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.#cells.shift();
      this.#cells.push(this.#blank());
    } else {
      this.row++;
    }
  }

  #control(params: string, final: string): void {
    const row = this.#cells[this.row];
    if (final === "K") row.fill(" ", this.column);
    else if (final === "J" && params === "2") this.#cells = this.#cells.map(() => this.#blank());
    else if (final === "J") {
      row.fill(" ", this.column);
      for (let r = this.row + 1; r < this.rows; r++) this.#cells[r] = this.#blank();
    } else if (final === "H") {
      this.row = 0;
      this.column = 0;
    } else if (final !== "m") {
      throw new Error(`the virtual terminal does not know ESC [ ${params}${final}`);
    }
  }

  #blank(): string[] {
    return Array.from({ length: this.columns }, () => " ");
  }
}
