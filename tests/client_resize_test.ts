// The terminal client in a real terminal (tmux) whose window is resized while a long line is half
// typed: tmux re-wraps its rows on a resize, as most terminals do, and no piece of the old input
// may stay on screen looking like a line that was sent.
import { deepEqual, equal } from "node:assert/strict";
import { visiblePart } from "../lib/client/screen.ts";
import { graphemes, textWidth } from "../lib/client/width.ts";
import { inputRow, withClientTerminal } from "../testing/client_terminal.ts";
import type { TestClient } from "../testing/client.ts";
import { withServer } from "../testing/server.ts";
import type { Tmux } from "../testing/tmux.ts";
import { waitUntil } from "../testing/wait_until.ts";
import { missing } from "../testing/tools.ts";

const noTmux = await missing("tmux");
const ROWS = 30;

/**
 * The input row the client draws for `text` with the cursor at `cursor`, `columns` wide: the
 * prompt `> ` unless the terminal is too narrow for it, then as much of the text around the cursor
 * as fits in the columns left, one kept free for the cursor.
 */
function expected(text: string, cursor: number, columns: number) {
  const prompt = columns - 3 >= 4 ? "> " : "";
  const width = columns - 1 - prompt.length;
  const { before, after } = width > 0
    ? visiblePart(text, cursor, width)
    : { before: "", after: "" };
  return { row: prompt + before + after, column: textWidth(prompt + before) };
}

/**
 * Waits until the cursor's row shows `text` as drawn `columns` wide, the cursor where it belongs,
 * and no other row holds a character of `text`: that is, until the client has redrawn after a
 * resize. A piece of the old input left on screen makes it fail with the screen it saw.
 */
async function showsOnce(term: Tmux, text: string, cursor: number, columns: number) {
  const want = expected(text, cursor, columns);
  const typed = new Set(graphemes(text));
  let seen = "";
  await waitUntil(async () => {
    const rows = await term.screen();
    const at = await term.cursor();
    seen = `the cursor at ${at.column} on row ${at.row} of:\n${rows.join("\n")}`;
    const ghosts = rows.filter((row, i) =>
      i !== at.row && graphemes(row).some((g) => typed.has(g))
    );
    const drawn = (rows[at.row] ?? "") === want.row && at.column === want.column;
    return drawn && ghosts.length === 0 ? true : undefined;
  }, {
    what:
      `the input row alone to read ${JSON.stringify(want.row)}, the cursor at ${want.column}, ` +
      `${columns} columns wide`,
    seen: () => seen,
  });
}

/**
 * Types `text`, moves `left` characters back, then resizes the window to each of `widths` in turn,
 * checking the screen each time; returns where the cursor is in `text`.
 */
async function resizeWhileTyping(term: Tmux, text: string, left: number, widths: number[]) {
  await term.type(text);
  for (let i = 0; i < left; i++) await term.press("Left");
  const characters = graphemes(text);
  const cursor = characters.slice(0, characters.length - left).join("").length;
  await showsOnce(term, text, cursor, 100);
  for (const columns of widths) {
    await term.resize(columns, ROWS);
    await showsOnce(term, text, cursor, columns);
  }
  return cursor;
}

async function withBroadcast(fn: (term: Tmux, peer: TestClient) => Promise<void>) {
  await withServer(["--mode", "broadcast"], async (server) => {
    const peer = await server.connect();
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      await fn(term, peer);
    }, { columns: 100 });
  });
}

Deno.test({
  name: "client resize: narrowing, widening and very narrow windows leave no ghost of a long line",
  ignore: noTmux,
}, async () => {
  await withBroadcast(async (term, peer) => {
    const long = "j".repeat(150);
    // 50 halves the row; 33 re-wraps it into exactly three full rows; 8 hides the prompt; 1 is the
    // narrowest a window gets; then wider again.
    await resizeWhileTyping(term, long, 0, [50, 33, 120, 8, 3, 1, 49, 100, 50]);
    await term.type("kkkkk");
    await showsOnce(term, long + "kkkkk", long.length + 5, 50);
    await term.press("Enter");
    deepEqual((await peer.until(/^\[/)).split("] ")[1], long + "kkkkk");
    // The transcript shows the sent line once, whole (wrapped at 50), and never a piece of it.
    const rows = await term.waitFor((rows) => inputRow(rows) === ">");
    const typed = rows.filter((row) => /[jk]/.test(row));
    equal(typed.join(""), "> " + long + "kkkkk", rows.join("\n"));
    equal(typed.filter((row) => row.startsWith(">")).length, 1, rows.join("\n"));
  });
});

Deno.test({
  name:
    "client resize: wide characters and emoji at the wrap point, the cursor mid-line, a message arriving",
  ignore: noTmux,
}, async () => {
  await withBroadcast(async (term, peer) => {
    // At 50 columns the prompt and 47 a's fill 49: 世 (two columns) no longer fits on that row.
    const text = "a".repeat(47) + "世🙂".repeat(20);
    const cursor = await resizeWhileTyping(term, text, 10, [50, 49, 51, 30]);
    // A line arrives right as the window changes again, before the client has redrawn.
    await term.resize(60, ROWS);
    peer.send("hello during resize");
    const line = `[127.0.0.1:${peer.localPort}] hello during resize`;
    await term.waitFor((rows) => rows.at(-2) === line);
    await showsOnce(term, text, cursor, 60);
    equal((await term.screen()).at(-2), line);
    await term.press("Enter");
    deepEqual((await peer.until(/^\[/)).split("] ")[1], text);
  });
});
