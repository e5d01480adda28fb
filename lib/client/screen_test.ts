import { deepEqual, equal } from "node:assert/strict";
import { VirtualTerminal } from "../../testing/virtual_terminal.ts";
import { drawInput, finishInput, type InputLine, printAbove, visiblePart } from "./screen.ts";
import { textWidth } from "./width.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

function input(prompt: string, text: string, cursor = text.length): InputLine {
  // Colour codes in the shown prompt must not count as columns.
  return { prompt: { plain: prompt, shown: `\x1b[1m${prompt}\x1b[22m` }, text, cursor };
}

test("screen: a line arriving mid-typing is printed above; the half line is redrawn intact", () => {
  const term = new VirtualTerminal(60, 8);
  const half = input("to #room> ", "héllo 世界 🙂 wor");
  term.write(drawInput(half, 60));
  deepEqual(term.text(), ["to #room> héllo 世界 🙂 wor"]);
  term.write(
    printAbove(["#room <bob> hi alice", "* joined carol: carol joined the room."], half, 60),
  );
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
  term.write(printAbove(["<bob> hi"], line, 60));
  deepEqual(term.text(), ["<bob> hi", "> 世界 🙂 abc"]);
  equal(term.column, 2 + textWidth("世界 🙂 "));
});

test("screen: when the screen is full, lines scroll up and the input stays at the bottom", () => {
  const term = new VirtualTerminal(30, 3);
  const line = input("> ", "typing");
  term.write(drawInput(line, 30));
  for (const n of [1, 2, 3, 4]) term.write(printAbove([`line ${n}`], line, 30));
  deepEqual(term.lines(), ["line 3", "line 4", "> typing"]);
});

test("screen: a line wider than the terminal scrolls sideways and never wraps", () => {
  const columns = 20;
  const text = "0123456789abcdefghijklmnopqrstuvwxyz";
  for (const cursor of [0, 5, 20, text.length]) {
    const term = new VirtualTerminal(columns, 3);
    term.write(drawInput(input("> ", text, cursor), columns));
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
  term.write(drawInput(input("waiting for bob> ", "exit()"), 8));
  deepEqual(term.text(), ["exit()"]);
});

test("screen: a sent line stays on screen whole, and a fresh row follows", () => {
  const term = new VirtualTerminal(40, 4);
  const line = input("menu 1-4> ", "3", 0);
  term.write(drawInput(line, 40));
  term.write(finishInput(line));
  term.write(drawInput(input("menu 1-4> ", ""), 40));
  deepEqual(term.text(), ["menu 1-4> 3", "menu 1-4>"]);
  equal(term.row, 1);
});
