import { deepEqual, equal } from "node:assert/strict";
import { VirtualTerminal } from "../../testing/virtual_terminal.ts";
import {
  drawInput,
  type DrawnInput,
  finishInput,
  type InputLine,
  printAbove,
  rowsAboveCursor,
  visiblePart,
} from "./screen.ts";
import { textWidth } from "./width.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

function input(prompt: string, text: string, cursor = text.length): InputLine {
  // Colour codes in the shown prompt must not count as columns.
  return { prompt: { plain: prompt, shown: `\x1b[1m${prompt}\x1b[22m` }, text, cursor };
}

test("screen: a line arriving mid-typing is printed above; the half line is redrawn intact", () => {
  const term = new VirtualTerminal(60, 8);
  const half = input("to #room> ", "héllo 世界 🙂 wor");
  term.write(drawInput(half, 60).bytes);
  deepEqual(term.text(), ["to #room> héllo 世界 🙂 wor"]);
  const lines = ["#room <bob> hi alice", "* joined carol: carol joined the room."];
  term.write(printAbove(lines, half, 60).bytes);
  deepEqual(term.text(), [
    "#room <bob> hi alice",
    "* joined carol: carol joined the room.",
    "to #room> héllo 世界 🙂 wor",
  ]);
  equal(term.row, 2);
  equal(term.column, textWidth("to #room> héllo 世界 🙂 wor"));
});

test("screen: the cursor goes back where it was, also after wide characters", () => {
  const term = new VirtualTerminal(60, 4);
  const text = "世界 🙂 abc";
  const line = input("> ", text, text.indexOf("abc"));
  term.write(printAbove(["<bob> hi"], line, 60).bytes);
  deepEqual(term.text(), ["<bob> hi", "> 世界 🙂 abc"]);
  equal(term.column, 2 + textWidth("世界 🙂 "));
});

test("screen: when the screen is full, lines scroll up and the input stays at the bottom", () => {
  const term = new VirtualTerminal(30, 3);
  const line = input("> ", "typing");
  term.write(drawInput(line, 30).bytes);
  for (const n of [1, 2, 3, 4]) term.write(printAbove([`line ${n}`], line, 30).bytes);
  deepEqual(term.lines(), ["line 3", "line 4", "> typing"]);
});

test("screen: a line wider than the terminal scrolls sideways and never wraps", () => {
  const columns = 20;
  const text = "0123456789abcdefghijklmnopqrstuvwxyz";
  for (const cursor of [0, 5, 20, text.length]) {
    const term = new VirtualTerminal(columns, 3);
    term.write(drawInput(input("> ", text, cursor), columns).bytes);
    const rows = term.text();
    equal(rows.length, 1, `cursor ${cursor}: ${rows.join("|")}`);
    equal(rows[0].startsWith("> "), true);
    // The character just before the cursor is on screen, right before it.
    if (cursor > 0) equal(rows[0][term.column - 1], text[cursor - 1], `cursor ${cursor}`);
    equal(term.column < columns, true);
  }
  const wide = visiblePart("世界世界世界", 12, 5);
  deepEqual(wide, { before: "世界", after: "" });
});

test("screen: a terminal too narrow for the prompt shows the text alone", () => {
  const term = new VirtualTerminal(8, 2);
  term.write(drawInput(input("waiting for bob> ", "exit()"), 8).bytes);
  deepEqual(term.text(), ["exit()"]);
});

test("screen: a sent line stays on screen whole, and a fresh row follows", () => {
  const term = new VirtualTerminal(40, 4);
  const line = input("menu 1-4> ", "3", 0);
  term.write(drawInput(line, 40).bytes);
  term.write(finishInput(line, 40));
  term.write(drawInput(input("menu 1-4> ", ""), 40).bytes);
  deepEqual(term.text(), ["menu 1-4> 3", "menu 1-4>"]);
  equal(term.row, 1);
});

/** Rows of chat above the input: digits only, so no row of them can be mistaken for typed text. */
const CHAT = ["1111", "2222 2222", "3333"];

/** The screen after `line` is drawn under some chat at `from` columns, then at `to` columns. */
function afterResize(
  line: InputLine,
  from: number,
  to: number,
  next: (previous: DrawnInput) => string,
  earlier?: InputLine,
): { term: VirtualTerminal; fresh: VirtualTerminal } {
  const term = new VirtualTerminal(from, 12);
  let drawn = earlier ? drawInput(earlier, from).drawn : null;
  if (earlier) term.write(drawInput(earlier, from).bytes);
  const first = printAbove(CHAT, line, from, drawn);
  term.write(first.bytes);
  drawn = first.drawn;
  term.resize(to);
  term.write(next(drawn));
  // What the same input looks like drawn on a terminal that was always `to` columns wide.
  const fresh = new VirtualTerminal(to, 12);
  fresh.write(drawInput(line, to).bytes);
  return { term, fresh };
}

/** Inputs that fill a wide terminal: plain, wide characters and emoji, where a wrap may fall. */
const LONG_INPUTS: InputLine[] = [
  input("> ", "j".repeat(150)),
  input("> ", "j".repeat(150), 75),
  input("> ", "j".repeat(150), 0),
  input("to #room> ", "世界".repeat(40)),
  input("> ", "a".repeat(47) + "世🙂" + "b".repeat(60)),
  input("> ", "a".repeat(47) + "🙂世".repeat(20), 49),
  input("> ", "é".repeat(30) + "👍🏽🇷🇴".repeat(20)),
];
const WIDTHS = [100, 99, 50, 49, 33, 20, 10, 5, 3, 2, 1];

test("screen: after any resize the input is redrawn on one row, and nothing of it stays above", () => {
  for (const line of LONG_INPUTS) {
    for (const from of [100, 60, 40]) {
      for (const to of WIDTHS) {
        const { term, fresh } = afterResize(line, from, to, (previous) => {
          return drawInput(line, to, previous).bytes;
        });
        const what = `${
          JSON.stringify(line.text.slice(0, 12))
        }… cursor ${line.cursor}, ${from} -> ${to}`;
        const rows = term.lines();
        const above = rows.slice(0, term.row);
        // Above the input only chat is left, whole and in order where it fits (rows that did not
        // fit went up into the scrollback); below it nothing.
        equal(above.every((row) => /^[0-9 ]*$/.test(row)), true, `${what}:\n${rows.join("\n")}`);
        if (to >= 10) deepEqual(above, CHAT.slice(CHAT.length - above.length), what);
        deepEqual(rows.slice(term.row), fresh.lines().slice(0, rows.length - term.row), what);
        equal(term.column, fresh.column, what);
      }
    }
  }
});

test("screen: a line arriving right after a resize goes above the input, with no ghost", () => {
  for (const line of LONG_INPUTS) {
    for (const to of WIDTHS) {
      const { term, fresh } = afterResize(line, 100, to, (previous) => {
        return printAbove(["4"], line, to, previous).bytes;
      });
      const rows = term.lines();
      const what = `${JSON.stringify(line.text.slice(0, 12))}…, 100 -> ${to}`;
      deepEqual(rows.slice(term.row - 1, term.row + 1), ["4", fresh.lines()[0]], what);
      const above = rows.slice(0, term.row - 1);
      equal(above.every((row) => /^[0-9 ]*$/.test(row)), true, `${what}:\n${rows.join("\n")}`);
    }
  }
});

test("screen: Enter right after a resize leaves the sent line once, never a piece of it", () => {
  const line = input("> ", "j".repeat(150) + "kkkkk");
  for (const to of [50, 33, 20]) {
    const { term } = afterResize(line, 100, to, (previous) => {
      return finishInput(line, to, previous) + drawInput(input("> ", ""), to).bytes;
    });
    const rows = term.text();
    const typed = rows.filter((row) => /[jk]/.test(row));
    // The sent line wraps at the new width; its rows, joined, are the line as it was sent.
    equal(typed.join(""), "> " + line.text, `100 -> ${to}`);
    equal(rows.filter((row) => row.startsWith(">")).length, 2, rows.join("\n"));
    equal(rows.at(-1), ">");
  }
});

test("screen: a line shortened after a longer one leaves no cells that a resize would wrap", () => {
  // Ctrl+W after a long word: the row once held more cells than it shows now.
  const long = input("> ", "x".repeat(90));
  const short = input("> ", "x".repeat(40));
  const { term, fresh } = afterResize(short, 100, 20, (previous) => {
    return drawInput(short, 20, previous).bytes;
  }, long);
  deepEqual(term.text().at(-1), fresh.text()[0]);
  equal(term.text().filter((row) => row.includes("x")).length, 1, term.text().join("\n"));
});

test("screen: rows above the cursor once a drawn row is re-wrapped narrower", () => {
  const drawn = (cells: number[], cursor = cells.length): DrawnInput => ({
    columns: 100,
    cells,
    cursor,
  });
  const ones = (n: number) => Array.from({ length: n }, () => 1);
  equal(rowsAboveCursor(drawn(ones(99)), 100), 0);
  equal(rowsAboveCursor(drawn(ones(99)), 120), 0);
  equal(rowsAboveCursor(drawn(ones(99)), 50), 1);
  // Exactly three full rows: a cursor past the end stays on the last of them.
  equal(rowsAboveCursor(drawn(ones(99)), 33), 2);
  equal(rowsAboveCursor(drawn(ones(99), 33), 33), 1);
  equal(rowsAboveCursor(drawn(ones(99), 32), 33), 0);
  equal(rowsAboveCursor(drawn(ones(99), 0), 10), 0);
  // A wide character that does not fit moves whole to the next row, and the cursor on it too.
  equal(rowsAboveCursor(drawn([...ones(49), 2, 1]), 50), 1);
  equal(rowsAboveCursor(drawn([...ones(49), 2, 1], 49), 50), 1);
  equal(rowsAboveCursor(drawn([...ones(48), 2, 1], 48), 50), 0);
  equal(rowsAboveCursor(drawn(ones(99)), 1), 98);
});
