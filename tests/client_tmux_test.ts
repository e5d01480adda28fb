// The terminal client in a real terminal (tmux): what a user sees and types.
// deno-lint-ignore-file no-control-regex -- colour codes on the screen are what one test reads.
import { deepEqual, equal, match, notEqual } from "node:assert/strict";
import { inputRow, withClientTerminal } from "../testing/client_terminal.ts";
import type { TestClient } from "../testing/client.ts";
import { type TestServer, withServer } from "../testing/server.ts";
import type { Tmux } from "../testing/tmux.ts";
import { missing } from "../testing/tools.ts";

const noTmux = await missing("tmux");

/** Types an ID at the ID prompt and waits for the menu's prompt, as `prompts` words them. */
async function logIn(
  term: Tmux,
  id: string,
  prompts = { id: "your ID>", menu: "menu 1-4>" },
): Promise<void> {
  await term.waitFor((rows) => inputRow(rows) === prompts.id);
  await term.type(id);
  await term.press("Enter");
  await term.waitFor((rows) => inputRow(rows) === prompts.menu);
}

/** Logs the terminal in as alice, takes her to the room, and has bob (a test client) join her. */
async function aliceAndBobInTheRoom(server: TestServer, term: Tmux): Promise<TestClient> {
  await logIn(term, "alice");
  await term.type("3");
  await term.press("Enter");
  await term.waitFor((rows) => inputRow(rows) === "to #room>");
  const bob = await server.login("bob");
  bob.send("3");
  await term.waitFor(/^\* joined bob: bob joined the room\.$/);
  return bob;
}

Deno.test({
  name: "client in a terminal: a message arriving mid-typing leaves the half line intact",
  ignore: noTmux,
}, async () => {
  await withServer([], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor(/^connected 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+$/);
      const bob = await aliceAndBobInTheRoom(server, term);
      const half = "héllo 世界 🙂 from a half-typed wor";
      await term.type(half);
      await term.waitFor((rows) => inputRow(rows) === `to #room> ${half}`);

      bob.send("hi alice");
      // The client writes the message and redraws the half line in one write, but tmux may show
      // the screen between the two: wait for the screen the user is left with.
      await term.waitFor((rows) =>
        rows.at(-2) === "#room <bob> hi alice" && inputRow(rows) === `to #room> ${half}`
      );

      await term.type("ld");
      await term.press("Enter");
      equal(await bob.until(/^#room <alice>/), `#room <alice> ${half}ld`);
      // The sent line stays on screen, whole, with the prompt it was typed at.
      await term.waitFor((rows) => rows.includes(`to #room> ${half}ld`));

      // Kinds are coloured: notices and prompts each in their own colour, a message's tag alone.
      const coloured = (await term.screen(true)).join("\n");
      const notice = /(\x1b\[[0-9;]*m)\* hello alice:/.exec(coloured)?.[1];
      const prompt = /(\x1b\[[0-9;]*m)\? menu:/.exec(coloured)?.[1];
      equal(typeof notice, "string", coloured);
      equal(typeof prompt, "string", coloured);
      notEqual(notice, prompt);
      match(coloured, /\x1b\[[0-9;]*m#room <bob>(?:\x1b\[[0-9;]*m)+ hi alice/);

      await term.press("C-d");
      await term.waitFor(/^exit code 0$/);
      await term.waitFor(/^connection to 127\.0\.0\.1:\d+ closed \(FIN both ways\)$/);
      await server.log.waitFor(/\[DISCONNECT\] .*#1 .*closed by peer \(FIN\)/);
    });
  });
});

Deno.test({
  name: "client in a terminal: the editing keys users expect, on wide characters too",
  ignore: noTmux,
}, async () => {
  await withServer(["--mode", "echo"], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      // Ctrl+W removes the misspelt word; Enter sends the corrected line.
      await term.type("hello wrold");
      await term.press("C-w");
      await term.type("world");
      await term.press("Enter");
      await term.waitFor((rows) => rows.at(-2) === "hello world");

      // Left over a wide character, insert in the middle, Home, Delete, End, Backspace.
      await term.type("x世界🙂y");
      await term.press("Left", "Left", "Left");
      await term.type("+");
      await term.press("Home", "DC", "End", "BSpace", "Enter");
      await term.waitFor((rows) => rows.at(-2) === "世+界🙂");

      // Pasted lines are sent one by one, as typed.
      await term.type("first pasted\nsecond pasted\n");
      const pasted = await term.waitFor((rows) =>
        rows.includes("first pasted") && rows.includes("second pasted")
      );
      const lines = pasted.filter((row) => row.endsWith(" pasted"));
      deepEqual(lines.filter((row) => row.startsWith("> ")), ["> first pasted", "> second pasted"]);
      deepEqual(lines.filter((row) => !row.startsWith("> ")), ["first pasted", "second pasted"]);

      // Up recalls the last lines; Ctrl+U clears before the cursor.
      await term.press("Up", "Up", "Up");
      await term.waitFor((rows) => inputRow(rows) === "> 世+界🙂");
      await term.press("C-u");
      await term.waitFor((rows) => inputRow(rows) === ">");
      await term.type("bye");
      await term.press("C-c");
      const rows = await term.waitFor(/^exit code 0$/);
      match(rows.join("\n"), /connection to 127\.0\.0\.1:\d+ closed \(FIN both ways\)/);
    });
    await server.log.waitFor(/\[DISCONNECT\] .*#1 .*closed by peer \(FIN\)/);
  });
});

Deno.test({
  name: "client in a terminal: when the server closes, the client says so and exits 0",
  ignore: noTmux,
}, async () => {
  await withServer([], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await logIn(term, "carol");
      await term.type("2");
      await term.press("Enter");
      const rows = await term.waitFor(/^exit code 0$/);
      match(rows.join("\n"), /\* bye: Goodbye, carol\.\nthe server closed the connection/);
    });
  });
});

Deno.test({
  name: "client in a terminal: --lang ro names each place in Romanian, from a Romanian server",
  ignore: noTmux,
}, async () => {
  await withServer(["--lang", "ro"], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor(/^conexiune deschisă 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+$/);
      await logIn(term, "ana", { id: "ID-ul tău>", menu: "meniu 1-4>" });
      await term.type("3");
      await term.press("Enter");
      await term.waitFor(/^\* room: Deocamdată nu mai e nimeni în camera comună\./);
      await term.waitFor((rows) => inputRow(rows) === "către #room>");
      await term.press("C-d");
      const rows = await term.waitFor(/^exit code 0$/);
      match(rows.join("\n"), /conexiunea cu 127\.0\.0\.1:\d+ s-a închis \(FIN în ambele sensuri\)/);
    }, { args: ["--lang", "ro"] });
  });
});

Deno.test({
  name: "client in a terminal: a server line with DEL and BS shows them as ^? and ^H, unedited",
  ignore: noTmux,
}, async () => {
  // Any line server may send control bytes; this one sends a DEL and a BS in a line.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const conn = await listener.accept();
    await conn.write(new TextEncoder().encode("ab\x7fc\x08d\n"));
    // Read until the client's FIN, so that our close is a FIN too.
    while (await conn.read(new Uint8Array(64)) !== null) { /* drain */ }
    conn.close();
  })();
  try {
    await withClientTerminal(listener.addr.port, async (term) => {
      // Edited, the line would read "ad"; run on the terminal, the BS would move the cursor.
      const rows = await term.waitFor(/^ab\^\?c\^Hd$/);
      equal(rows.some((row) => row === "ad"), false);
      await term.press("C-d");
      await term.waitFor(/^exit code 0$/);
    });
  } finally {
    await serving.catch(() => {});
    listener.close();
  }
});

Deno.test({
  name: "client in a terminal: only a chat-mode server's own lines move the prompt",
  ignore: noTmux,
}, async () => {
  const fake = "* chat bob: gotcha";
  // Echo mode: what the user typed comes back, looking like chat mode's lines; even a welcome.
  await withServer(["--mode", "echo"], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      for (const typed of ["* welcome: hi", fake, "? menu: 1) private chat"]) {
        await term.type(typed);
        await term.press("Enter");
        await term.waitFor((rows) => rows.at(-2) === typed && inputRow(rows) === ">");
      }
    });
  });
  // Broadcast mode: another user's line, tagged with where it came from.
  await withServer(["--mode", "broadcast"], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      const other = await server.connect();
      other.send(fake);
      const line = /^\[127\.0\.0\.1:\d+\] \* chat bob: gotcha$/;
      await term.waitFor((rows) => line.test(rows.at(-2) ?? "") && inputRow(rows) === ">");
    });
  });
  // Chat mode: the prompt follows the server, and another user's text never moves it.
  await withServer([], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      const bob = await aliceAndBobInTheRoom(server, term);
      bob.send(fake);
      bob.send("? menu: 1) private chat");
      await term.waitFor((rows) =>
        rows.at(-3) === `#room <bob> ${fake}` &&
        rows.at(-2) === "#room <bob> ? menu: 1) private chat" && inputRow(rows) === "to #room>"
      );
    });
  });
});
