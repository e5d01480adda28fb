// The dissector reads each client line as the server does: in the place the lines before it lead
// to (lib/core/chat.ts), whether or not the server had answered them yet, corrected by what the
// server then says; with the server's trim(); with look-alike IDs as one; and in the server's
// mode (chat, echo or broadcast), which a chat server's first line shows.
import { deepEqual } from "node:assert/strict";
import { type DissectedLine, DISSECTOR, readLines, tshark } from "../lib/capture/tshark.ts";
import { PcapWriter, type TcpConversation, withCapture } from "../testing/pcap.ts";
import { missing } from "../testing/tools.ts";

const ignore = await missing("tshark");
const PORT = 3333;
const WELCOME = "* welcome: Welcome to tcpchat (chat mode).\n? id: Enter your ID:\n";
const MENU = "? menu: 1) private chat  2) exit  3) common room  4) who is online\n";
const hello = (id: string) => `* hello ${id}: Hello, ${id}!\n${MENU}`;
const ROOM = "* room: You are alone in the common room.\n";

/** What each stream's client lines were read as: `kind text`. */
const fromClients = (lines: DissectedLine[], stream: number) =>
  lines.filter((l) => l.stream === stream && l.direction === "to server")
    .map((l) => `${l.kind} ${l.text}`);

/** The Info column of the packets of a capture that `filter` keeps, two passes. */
async function infoColumn(path: string, filter: string): Promise<string[]> {
  const out = await tshark([
    ...["-2", "-X", `lua_script:${DISSECTOR}`, "-r", path],
    ...["-Y", filter, "-T", "fields", "-e", "_ws.col.Info"],
  ]);
  return out.trimEnd().split("\n");
}

/** A capture of conversations, one stream each, played by `plays`. */
function capture(...plays: ((c: TcpConversation) => void)[]): Uint8Array {
  const w = new PcapWriter();
  plays.forEach((play, i) => play(w.conversation(50001 + i, PORT).handshake()));
  return w.bytes();
}

Deno.test({
  name: "dissector state: lines sent before the server answered are read where they lead",
  ignore,
}, async () => {
  const file = capture(
    // The README's `printf 'alice\n3\nhello\n' | deno task client`: one segment, then answers.
    (c) =>
      c.server(WELCOME).client("alice\n3\nhello\n").server(hello("alice")).server(ROOM)
        .client("exit()\n2\n").server("* room-left: You left the common room.\n" + MENU)
        .server("* bye: Goodbye, alice.\n").serverClose(),
    // Lines captured before the greeting: the server still read the first as an ID.
    (c) => c.client("bob\n4\n").server(WELCOME).server(hello("bob")).server("* who: bob\n" + MENU),
    // Separate segments, the answers in between.
    (c) =>
      c.server(WELCOME).client("carol\n").client("3\n").server(hello("carol")).client("hi\n")
        .server(ROOM),
  );
  await withCapture(file, async (path) => {
    for (const onePass of [false, true]) {
      const lines = await readLines(path, PORT, { onePass });
      deepEqual(fromClients(lines, 0), [
        "id alice",
        "choice 3",
        "room hello",
        "command exit()",
        "choice 2",
      ]);
      deepEqual(fromClients(lines, 2), ["id carol", "choice 3", "room hi"]);
      // One pass prints bob's packet before the greeting says where bob is.
      deepEqual(fromClients(lines, 1), onePass ? ["text bob", "text 4"] : ["id bob", "choice 4"]);
    }
  });
});

Deno.test({
  name: "dissector state: the server's answers correct a prediction, and so do other users",
  ignore,
}, async () => {
  const file = capture(
    // "Alice" is taken: the "3" sent with it was read as an ID, as the server read it.
    (c) =>
      c.server(WELCOME).client("Alice\n3\n")
        .server('! id-taken: "Alice" is taken by alice.\n? id: Enter your ID:\n')
        .server("! id-invalid: An ID uses only letters.\n? id: Enter your ID:\n"),
    // bob's request came before eve's "1" was read: "1" answered it, and "y" accepted.
    (c) =>
      c.server(WELCOME).client("eve\n").server(hello("eve")).client("1\n")
        .server("? request bob: bob wants to chat with you. Accept? (y/n)\n")
        .server("! answer: Please answer y or n.\n? request bob: bob wants to chat. (y/n)\n")
        .client("y\nhi bob\n").server("* chat bob: You are now chatting with bob.\n"),
  );
  await withCapture(file, async (path) => {
    const twice = await readLines(path, PORT);
    deepEqual(fromClients(twice, 0), ["id Alice", "id 3"]);
    deepEqual(fromClients(twice, 1), ["id eve", "answer 1", "answer y", "private hi bob"]);
    // One pass prints each packet before the answers: it shows what was predicted.
    const once = await readLines(path, PORT, { onePass: true });
    deepEqual(fromClients(once, 0), ["id Alice", "choice 3"]);
  });
});

Deno.test({
  name: "dissector state: commands are trimmed as the server trims them, Unicode spaces too",
  ignore,
}, async () => {
  const file = capture((c) =>
    c.server(WELCOME).client("\u3000bob\u00a0\n").server(hello("bob"))
      .client("4\u2003\n").server("* who: bob\n" + MENU)
      .client("3\u200b\n").server("! choice: Type 1, 2, 3 or 4.\n" + MENU)
      .client("3\u00a0\n").server(ROOM).client("exit()\u2028\n")
      .server("* room-left: You left.\n" + MENU)
  );
  await withCapture(file, async (path) => {
    deepEqual(await infoColumn(path, 'tcpchat.direction == "to server"'), [
      "127.0.0.1:50001 → server: ID bob",
      "bob → server: menu 4 (who is online)",
      // A zero-width space is no white space, and shows as its escape, as the log writes it.
      "bob → server: menu 3\\u200b (not a choice)",
      "bob → server: menu 3 (common room)",
      "bob → server: exit() (leave the room)",
    ]);
  });
});

Deno.test({
  name: "dissector state: an answer with a look-alike of the requester's ID accepts",
  ignore,
}, async () => {
  const asked = (c: TcpConversation) =>
    c.server(WELCOME).client("bob\n").server(hello("bob"))
      .server("? request alice: alice wants to chat with you. Accept? (y/n)\n");
  const file = capture(
    (c) => asked(c).client("a1ice\n").server("* chat alice: You are now chatting.\n"),
    (c) => asked(c).client("ALICE\n").server("* chat alice: You are now chatting.\n"),
    (c) =>
      asked(c).client("alicia\n")
        .server("! answer: Please answer y or n.\n? request alice: alice asks. (y/n)\n"),
  );
  await withCapture(file, async (path) => {
    deepEqual(await infoColumn(path, 'tcpchat.kind == "answer"'), [
      "bob → server (to alice): answer a1ice (accept)",
      "bob → server (to alice): answer ALICE (accept)",
      "bob → server (to alice): answer alicia (not y/n)",
    ]);
  });
});

Deno.test({
  name: "dissector state: an empty line in a chat or the room goes nowhere, as on the server",
  ignore,
}, async () => {
  const file = capture((c) =>
    c.server(WELCOME).client("bob\n").server(hello("bob")).client("3\n").server(ROOM)
      .client("\n \t\r\nhi\n")
  );
  await withCapture(file, async (path) => {
    const lines = await readLines(path, PORT);
    deepEqual(
      lines.filter((l) => l.direction === "to server").map((l) => `${l.kind} ${l.to}`),
      ["id server", "choice server", "text server", "text server", "room room"],
    );
  });
});

Deno.test({
  name: "dissector state: echo and broadcast servers' lines are never read as chat mode's",
  ignore,
}, async () => {
  const echo = capture((c) =>
    c.client("* welcome: hi\n").server("* welcome: hi\n").client("<bob> hi\n")
      .server("<bob> hi\n").client("1\n").server("1\n").server("* stopping: Goodbye.\n")
  );
  const kinds = (lines: DissectedLine[]) => lines.map((l) => `${l.direction} ${l.kind}`);
  const echoKinds = [
    ...Array(3).fill(["to server text", "to client text"]).flat(),
    "to client notice",
  ];
  await withCapture(echo, async (path) => {
    deepEqual(kinds(await readLines(path, PORT)), echoKinds);
    deepEqual(kinds(await readLines(path, PORT, { prefs: ["tcpchat.mode:echo"] })), echoKinds);
    // Told it is a chat server, the dissector believes it.
    const chat = await readLines(path, PORT, { prefs: ["tcpchat.mode:chat"] });
    deepEqual(chat.filter((l) => l.direction === "to client").map((l) => l.kind), [
      "notice",
      "private",
      "text",
      "notice",
    ]);
  });
  // A telnet client's AYT gets `* here` in every mode: it tells nothing of the mode.
  const asked = capture((c) =>
    c.client(new Uint8Array([255, 246])).server("* here: Yes, the server is here.\n")
      .client("<bob> hi\n").server("<bob> hi\n")
  );
  await withCapture(asked, async (path) => {
    deepEqual(kinds(await readLines(path, PORT)), [
      "to server telnet",
      "to client notice",
      "to server text",
      "to client text",
    ]);
  });
  const broadcast = capture(
    (c) => c.client("* welcome: x\n").client("3\n"),
    (c) => c.server("[127.0.0.1:50001] * welcome: x\n[127.0.0.1:50001] 3\n"),
  );
  await withCapture(broadcast, async (path) => {
    deepEqual(kinds(await readLines(path, PORT)), [
      "to server text",
      "to server text",
      "to client broadcast",
      "to client broadcast",
    ]);
  });
});
