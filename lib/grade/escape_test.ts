// Whatever of a student's the grader prints (a server's output, a log's line, bytes a client
// got) reaches the terminal escaped and bounded: no byte of it can act on the terminal.
import { equal, match } from "node:assert/strict";
import { DEFAULT_SHOWN_OUTPUT, showBytes, showLine, showOutputTail } from "./escape.ts";
import { hasUnsafe } from "../core/unsafe_chars.ts";

/** Terminal controls of every kind a server's output may hold. */
const HOSTILE = [
  "\x1b[2J", // ESC: clear the screen
  "\x1b]52;c;cm0gLXJmIH4=\x07", // OSC 52: write the clipboard
  "over\rwrite", // CR: print over the line
  "back\bspace", // BS
  "nul\0byte",
  "c1\u0085next\u009bline", // NEL and CSI as C1 controls
  "\u202eright-to-left\u2066isolate\u061c", // bidi controls
  "line\u2028separator",
];

Deno.test("showOutputTail: every terminal control of a server's last lines is escaped", () => {
  for (const hostile of HOSTILE) {
    const shown = showOutputTail(`[START] ok\n${hostile}\n`);
    equal(hasUnsafe(shown), false, JSON.stringify(shown));
    match(shown, /^\[START\] ok \| /);
  }
  equal(showOutputTail("a\r\nb\r\n"), "a | b", "a CR before LF is the line's end, not text");
  equal(showOutputTail(""), "(no output)");
});

Deno.test("showOutputTail: a 200 KB line is cut to its end, saying how much was left out", () => {
  const shown = showOutputTail(`${"A".repeat(200_000)}\nOSError: Address already in use\n`);
  equal([...shown].length < DEFAULT_SHOWN_OUTPUT + 40, true, `${shown.length} characters`);
  match(shown, /^\(… \d+ bytes before\) A+ \| OSError: Address already in use$/);
});

Deno.test("showLine: a log line is escaped and cut at its start: start… (N bytes more)", () => {
  for (const hostile of HOSTILE) equal(hasUnsafe(showLine(hostile)), false);
  equal(showLine("[RECV] ș".repeat(100), 16), "[RECV] ș[RECV] ș… (882 bytes more)");
});

Deno.test("showBytes: the bytes a client got escape the project's whole list of controls", () => {
  for (const hostile of HOSTILE) equal(hasUnsafe(showBytes(hostile)), false, hostile);
  equal(showBytes("a\u2028b\u061c"), '"a\\u{2028}b\\u{61c}"');
});
