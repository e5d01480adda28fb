// What the terminal client makes of keys in a real terminal (tmux): a lone Esc, characters that
// must not be typed, and the widths its screen code counts on, checked against the terminal's.
import { equal } from "node:assert/strict";
import { ESCAPE_TIMEOUT_MS } from "../lib/client/keys.ts";
import { textWidth } from "../lib/client/width.ts";
import type { TestClient } from "../testing/client.ts";
import { inputRow, withClientTerminal } from "../testing/client_terminal.ts";
import { type TestServer, withServer } from "../testing/server.ts";
import type { Tmux } from "../testing/tmux.ts";
import { missing } from "../testing/tools.ts";

const noTmux = await missing("tmux");

/**
 * A person's pause between pressing Esc and the next key. It stands for the person, not for a
 * wait on an outcome (what follows awaits what arrives): ten times the longest the bytes of one
 * key may be apart, so that the client reads the Esc on its own, as it would a person's.
 */
const PAUSE_MS = 10 * ESCAPE_TIMEOUT_MS;

/**
 * Runs the client in a terminal against a broadcast server, with a second client (`watcher`)
 * that sees every line the terminal sends, as the server got it: `[ip:port] text`.
 */
async function withWatchedClient(fn: (term: Tmux, watcher: TestClient) => Promise<void>) {
  await withServer(["--mode", "broadcast"], async (server: TestServer) => {
    const watcher = await server.connect();
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      await fn(term, watcher);
    });
  });
}

/** The text of the next line the watcher gets, without its `[ip:port] ` tag. */
async function nextSent(watcher: TestClient): Promise<string> {
  const line = await watcher.until(/^\[127\.0\.0\.1:\d+\] /);
  return line.replace(/^\[127\.0\.0\.1:\d+\] /, "");
}

Deno.test({
  name: "client in a terminal: Esc, then what is typed a moment later, arrives whole",
  ignore: noTmux,
}, async () => {
  await withWatchedClient(async (term, watcher) => {
    // Each would start an escape sequence if it came with the Esc: ESC O K, ESC [ 1 ], Alt+B.
    for (const typed of ["OK thanks", "[1] see above", "bye"]) {
      await term.press("Escape");
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      await term.type(typed);
      await term.press("Enter");
      equal(await nextSent(watcher), typed);
    }
    // A lone Esc leaves the half-typed line as it was.
    await term.type("half");
    await term.press("Escape");
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    await term.type(" line");
    await term.press("Enter");
    equal(await nextSent(watcher), "half line");
    // Keys that are escape sequences still work: Alt+B (ESC b) and Left (ESC [ D).
    await term.type("hello world");
    await term.press("M-b");
    await term.type("big ");
    await term.press("Left", "End", "Enter");
    equal(await nextSent(watcher), "hello big world");
  });
});

Deno.test({
  name: "client in a terminal: invisible and unsafe characters are never typed, shown or sent",
  ignore: noTmux,
}, async () => {
  await withWatchedClient(async (term, watcher) => {
    // Line and paragraph separators, bidi marks, the BOM, a zero-width space, a word joiner.
    await term.type("a\u2028b\u200ec\u200fd\ufeffe\u200bf\u2060g\u2029h");
    await term.waitFor((rows) => inputRow(rows) === "> abcdefgh");
    equal((await term.cursor()).column, 10);
    // One Left press per character the user sees: two go back over "gh", then "x" goes in.
    await term.press("Left", "Left");
    await term.type("x");
    await term.waitFor((rows) => inputRow(rows) === "> abcdefxgh");
    equal((await term.cursor()).column, 9);
    await term.press("DC", "Enter");
    // The server would have shown anything unsafe to others as U+FFFD: nothing of it came.
    equal(await nextSent(watcher), "abcdefxh");
  });
});

Deno.test({
  name: "client in a terminal: the columns it counts for a line are the terminal's own",
  ignore: noTmux,
}, async () => {
  // Characters every wcwidth agrees on (Markus Kuhn's, glibc's): Hangul vowel and final jamo take
  // no column, wide characters two. (Format characters such as the soft hyphen never enter the
  // line: they are in the one list of unsafe characters.)
  const samples = [
    "\u1100\u1161\u11a8x",
    "e\u0301a",
    "世界",
    "ＡＢ",
    "🙂!",
  ];
  await withWatchedClient(async (term) => {
    for (const sample of samples) {
      await term.type(sample);
      await term.waitFor((rows) => inputRow(rows) === `> ${sample}`);
      equal((await term.cursor()).column, 2 + textWidth(sample), JSON.stringify(sample));
      await term.press("C-u");
      await term.waitFor((rows) => inputRow(rows) === ">");
    }
  });
});
