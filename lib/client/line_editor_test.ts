import { deepEqual, equal } from "node:assert/strict";
import type { Key } from "./keys.ts";
import {
  editKey,
  type EditorEffect,
  type EditorLimits,
  type EditorState,
  EMPTY_EDITOR,
  utf8Length,
} from "./line_editor.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const LIMITS: EditorLimits = { maxLineBytes: 1024, historySize: 50 };

type Press = string | Key["kind"];
/** Plays keys: a string of more than one character, or one not naming a key, is typed text. */
function play(presses: Press[], limits = LIMITS, start = EMPTY_EDITOR) {
  let state: EditorState = start;
  const effects: EditorEffect[] = [];
  for (const press of presses) {
    const key = KINDS.has(press) ? { kind: press } as Key : { kind: "text", text: press } as Key;
    const step = editKey(state, key, limits);
    state = step.state;
    effects.push(...step.effects);
  }
  return {
    state,
    effects,
    shown: state.text.slice(0, state.cursor) + "|" + state.text.slice(state.cursor),
  };
}
const KINDS = new Set<string>([
  "enter",
  "backspace",
  "delete",
  "left",
  "right",
  "word-left",
  "word-right",
  "home",
  "end",
  "up",
  "down",
  "kill-before",
  "kill-after",
  "kill-word",
  "clear-screen",
  "interrupt",
  "suspend",
  "end-of-input",
]);

test("editor: typing, moving and inserting in the middle", () => {
  equal(play(["helo", "left", "l"]).shown, "hell|o");
  equal(play(["world", "home", "hello "]).shown, "hello |world");
  equal(play(["abc", "home", "right", "end"]).shown, "abc|");
  equal(play(["abc", "home", "left", "left"]).shown, "|abc");
  equal(play(["abc", "right"]).shown, "abc|");
});

test("editor: wide characters and emoji are moved over and deleted whole", () => {
  equal(play(["a世👍🏽b", "left", "left"]).shown, "a世|👍🏽b");
  equal(play(["a世👍🏽b", "left", "backspace"]).shown, "a世|b");
  equal(play(["a世👍🏽b", "left", "left", "backspace"]).shown, "a|👍🏽b");
  equal(play(["👨‍👩‍👧🇷🇴", "home", "delete"]).shown, "|🇷🇴");
  equal(play(["ce faceți", "backspace"]).shown, "ce faceț|");
});

test("editor: a combining accent typed after its letter joins it", () => {
  const { state, shown } = play(["cafe", "\u0301"]);
  equal(shown, "cafe\u0301|");
  equal(play(["backspace"], LIMITS, state).shown, "caf|");
});

test("editor: a character that would take no column by itself never enters the line", () => {
  // Each would be invisible yet cost a Left press and reach the server.
  const invisible = ["\u200b", "\u2060", "\u2061", "\u180e", "\u{e0001}", "\u1160"];
  for (const ch of invisible) {
    const hex = ch.codePointAt(0)!.toString(16);
    equal(play(["a" + ch + "b"]).shown, "ab|", hex);
    equal(play([ch]).shown, "|", hex);
    equal(play(["ab", ch, "left"]).shown, "a|b", hex);
  }
  // A combining accent at the start of the line has no letter to sit on; after a space it is
  // drawn over the space, in one column, and stays.
  equal(play(["\u0301x"]).shown, "x|");
  equal(play(["\u200d", "x"]).shown, "x|");
  equal(play(["a ", "\u0301"]).state.text, "a \u0301");
  // What joins the character before it stays, typed at once or a key at a time.
  equal(play(["👩", "\u200d", "💻", "left"]).shown, "|👩\u200d💻");
  equal(play(["\u1100", "\u1161", "left"]).shown, "|\u1100\u1161");
  equal(
    play(["ca", "home", "\u0301"]).shown,
    "|ca",
    "an accent before the first letter joins nothing",
  );
  // Characters terminals print, though Unicode calls them format characters, are kept.
  equal(play(["co\u00adop"]).shown, "co\u00adop|");
});

test("editor: Ctrl+U, Ctrl+K and Ctrl+W delete as in a shell", () => {
  equal(play(["hello world", "left", "left", "kill-before"]).shown, "|ld");
  equal(play(["hello world", "word-left", "kill-after"]).shown, "hello |");
  equal(play(["hello big  world  ", "kill-word"]).shown, "hello big  |");
  equal(play(["hello big world", "word-left", "kill-word"]).shown, "hello |world");
  equal(play(["one two", "home", "word-right"]).shown, "one| two");
});

test("editor: Enter submits the line, cursor anywhere, and starts an empty one", () => {
  const { state, effects } = play(["hi bob", "home", "enter"]);
  deepEqual(effects, [{ type: "submit", line: "hi bob" }]);
  equal(state.text, "");
  equal(state.cursor, 0);
  deepEqual(play(["enter"]).effects, [{ type: "submit", line: "" }]);
});

test("editor: Up and Down walk the history and give back the half-typed line", () => {
  const typed = play(["1", "enter", "bob", "enter", "hi b"]);
  equal(play(["up"], LIMITS, typed.state).shown, "bob|");
  equal(play(["up", "up"], LIMITS, typed.state).shown, "1|");
  equal(play(["up", "up", "up"], LIMITS, typed.state).shown, "1|");
  equal(play(["up", "up", "down"], LIMITS, typed.state).shown, "bob|");
  equal(play(["up", "down"], LIMITS, typed.state).shown, "hi b|");
  equal(play(["down"], LIMITS, typed.state).shown, "hi b|");
  // A recalled line can be edited and sent; it joins the history as a new line.
  const resent = play(["up", "!", "enter", "up"], LIMITS, typed.state);
  deepEqual(resent.effects, [{ type: "submit", line: "bob!" }]);
  equal(resent.shown, "bob!|");
});

test("editor: history skips blank and repeated lines and keeps only the last historySize", () => {
  const limits = { ...LIMITS, historySize: 2 };
  const { state } = play(
    ["a", "enter", "  ", "enter", "b", "enter", "b", "enter", "c", "enter"],
    limits,
  );
  deepEqual(state.history, ["b", "c"]);
  deepEqual(play(["x", "enter"], { ...LIMITS, historySize: 0 }).state.history, []);
});

test("editor: a line holds at most maxLineBytes of UTF-8; more is refused with a bell", () => {
  const limits = { ...LIMITS, maxLineBytes: 8 };
  const full = play(["abcdefgh"], limits);
  equal(full.state.text, "abcdefgh");
  deepEqual(full.effects, []);
  const over = play(["abcdefg", "世x"], limits);
  // 世 is three bytes and does not fit in the one byte left: nothing after it is taken either.
  equal(over.state.text, "abcdefg");
  deepEqual(over.effects, [{ type: "bell" }]);
  const emoji = play(["ab", "🙂🙂"], limits);
  equal(emoji.state.text, "ab🙂");
  equal(utf8Length(emoji.state.text), 6);
  deepEqual(emoji.effects, [{ type: "bell" }]);
});

test("editor: Ctrl+C leaves; Ctrl+D leaves on an empty line and deletes on a full one", () => {
  deepEqual(play(["half", "interrupt"]).effects, [{ type: "quit", reason: "interrupt" }]);
  deepEqual(play(["end-of-input"]).effects, [{ type: "quit", reason: "end-of-input" }]);
  const deleting = play(["abc", "home", "end-of-input"]);
  equal(deleting.shown, "|bc");
  deepEqual(deleting.effects, []);
  deepEqual(play(["clear-screen"]).effects, [{ type: "clear-screen" }]);
});

test("editor: Ctrl+Z suspends and keeps the half line, cursor and history as they were", () => {
  const before = play(["sent", "enter", "half line", "left", "left"]);
  const step = editKey(before.state, { kind: "suspend" }, LIMITS);
  deepEqual(step.effects, [{ type: "suspend" }]);
  deepEqual(step.state, before.state);
});

test("editor: utf8Length counts what TextEncoder would", () => {
  for (const text of ["", "abc", "ăîș", "世界", "👍🏽👨‍👩‍👧"]) {
    equal(utf8Length(text), new TextEncoder().encode(text).length, text);
  }
});
