// The Wireshark dissector (wireshark/tcpchat.lua) run by the real tshark on capture files cut
// exactly where each case needs: one byte per segment, lines split mid-character, many lines in
// one segment, and whole conversations whose client lines mean different things by state.
// tests/dissector_framing_test.ts checks where lines end, tests/dissector_reorder_test.ts
// retransmitted, reordered and missing segments.
import { deepEqual, equal } from "node:assert/strict";
import { ERROR_CODES, NOTICE_CODES, PROMPT_CODES } from "../lib/core/protocol.ts";
import { DISSECTOR, readLines, tshark } from "../lib/capture/tshark.ts";
import { PcapWriter, withCapture } from "../testing/pcap.ts";
import { missing } from "../testing/tools.ts";

const noTshark = await missing("tshark");
const PORT = 3333;
const MENU = "? menu: 1) private chat  2) exit  3) common room  4) who is online\n";
const bytesEach = (text: string) => new Array(new TextEncoder().encode(text).length).fill(1);

/** A chat between alice and bob, and a broadcast-mode client, cut the awkward ways. */
function chatCapture(port = PORT): Uint8Array {
  const w = new PcapWriter();
  const a = w.conversation(50001, port).handshake();
  a.server("* welcome: Welcome.\n? id: Enter your ID:\n");
  a.client("alice\r\n", bytesEach("alice\r\n")); // telnet in character mode
  a.server("* hello alice: Hello, alice!\n" + MENU);
  const b = w.conversation(50002, port).handshake();
  b.server("* welcome: Welcome.\n? id: Enter your ID:\n").client("bob\n");
  b.server("* hello bob: Hello, bob!\n" + MENU);
  a.client("1\n").server("? target: Who do you want to chat with? Free now: bob.\n");
  a.client("bob\n").server("* waiting bob: Request sent to bob.\n");
  b.server("? request alice: alice wants to chat with you. Accept? (y/n)\n");
  b.client("maybe\n");
  b.server("! answer: Please answer y or n.\n? request alice: alice wants to chat. (y/n)\n");
  b.client("y\n");
  a.server("* chat bob: You are now chatting with bob.\n");
  b.server("* chat alice: You are now chatting with alice.\n");
  a.client("hello\nhow are you?\n"); // a paste: two lines, one segment
  b.server("<alice> hello\n<alice> how are you?\n", [18]); // the cut falls in the second line
  b.client("salut ăș\n", [7]); // the cut falls inside "ă"
  a.server("<bob> salut ăș\n", [13]);
  b.client("exit()\n").server("* chat-ended alice: You left the chat.\n" + MENU);
  a.server("* chat-ended bob: bob ended the chat.\n" + MENU);
  a.client("3\n").server("* room: You are alone in the common room.\n");
  a.client("anyone?\n");
  b.client("who\n").server("* who: 2 users online: alice (in the common room), bob (you)\n" + MENU);
  a.client("exit()\n").server("* room-left: You left the common room.\n" + MENU);
  b.client("2\n").server("* bye: Goodbye, bob.\n").serverClose();
  a.clientReset();
  const c = w.conversation(50003, port).handshake();
  c.client("hello all\n").server("[127.0.0.1:50004] hi from another terminal\n");
  return w.bytes();
}

Deno.test("dissector: its codes are exactly those of lib/core/protocol.ts", async () => {
  const lua = await Deno.readTextFile(new URL("tcpchat/grammar.lua", `file://${DISSECTOR}`));
  const list = (name: string) => {
    const body = new RegExp(`local ${name} = \\{([^}]*)\\}`).exec(lua)?.[1] ?? "";
    return [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  };
  deepEqual(list("NOTICE_CODES"), [...NOTICE_CODES]);
  deepEqual(list("ERROR_CODES"), [...ERROR_CODES]);
  deepEqual(list("PROMPT_CODES"), [...PROMPT_CODES]);
});

Deno.test({
  name: "dissector: every client line gets its meaning from the server's last line on its stream",
  ignore: noTshark,
}, async () => {
  const lines = await withCapture(chatCapture(), (file) => readLines(file, PORT));
  const fromClients = lines.filter((l) => l.direction === "to server")
    .map((l) => [l.stream, l.kind, l.from, l.to, l.text].join(" | "));
  deepEqual(fromClients, [
    "0 | id | 127.0.0.1:50001 | server | alice",
    "1 | id | 127.0.0.1:50002 | server | bob",
    "0 | choice | alice | server | 1",
    "0 | request | alice | bob | bob",
    "1 | answer | bob | alice | maybe",
    "1 | answer | bob | alice | y",
    "0 | private | alice | bob | hello",
    "0 | private | alice | bob | how are you?",
    "1 | private | bob | alice | salut ăș",
    "1 | command | bob | server | exit()",
    "0 | choice | alice | server | 3",
    "0 | room | alice | room | anyone?",
    "1 | choice | bob | server | who",
    "0 | command | alice | server | exit()",
    "1 | choice | bob | server | 2",
    "2 | text | 127.0.0.1:50003 | server | hello all",
  ]);
  const toClients = lines.filter((l) => l.direction === "to client");
  const relayed = toClients.filter((l) => ["private", "broadcast", "error"].includes(l.kind))
    .map((l) => [l.stream, l.kind, l.from, l.to, l.text].join(" | "));
  deepEqual(relayed, [
    "1 | error | server | bob | Please answer y or n.",
    "1 | private | alice | bob | hello",
    "1 | private | alice | bob | how are you?",
    "0 | private | bob | alice | salut ăș",
    "2 | broadcast | 127.0.0.1:50004 | 127.0.0.1:50003 | hi from another terminal",
  ]);
  equal(toClients.filter((l) => l.kind === "prompt").length, 11);
  equal(toClients.filter((l) => l.kind === "notice").length, 13);
});

Deno.test({
  name: "dissector: lines are reassembled across segments and shown in the segment that ends them",
  ignore: noTshark,
}, async () => {
  const lines = await withCapture(chatCapture(), (file) => readLines(file, PORT));
  // alice\r\n in seven one-byte segments: the CR ends the line (its LF, in the next segment, is
  // shown there as belonging to it).
  const alice = lines.find((l) => l.kind === "id" && l.text === "alice")!;
  deepEqual([alice.len, alice.ending], [6, "CR"]);
  const welcome = lines.filter((l) => l.stream === 0 && l.direction === "to client").slice(0, 2);
  equal(welcome[0].frame, welcome[1].frame, "two lines in one segment are both shown");
  const [hello, howAreYou] = lines.filter((l) => l.stream === 1 && l.kind === "private");
  equal(howAreYou.frame > hello.frame, true, "the second line ends in the next segment");
  // Wireshark's GUI dissects every packet again after the first pass; answers must not change.
  const once = await withCapture(chatCapture(), (file) => readLines(file, PORT, { onePass: true }));
  deepEqual(once, lines);
});

Deno.test({
  name: "dissector: filter on tcpchat.kind; the Info column reads like the chat",
  ignore: noTshark,
}, async () => {
  const out = await withCapture(chatCapture(), (file) =>
    tshark([
      "-X",
      `lua_script:${DISSECTOR}`,
      "-r",
      file,
      "-Y",
      'tcpchat.kind == "request" || tcpchat.kind == "private" || tcpchat.kind == "answer"',
      "-T",
      "fields",
      "-e",
      "_ws.col.Info",
    ]));
  // Each packet says the hop it makes: to the server, or from the server to the one it relays to.
  deepEqual(out.trimEnd().split("\n"), [
    "alice → server (to bob): chat request",
    "bob → server (to alice): answer maybe (not y/n)",
    "bob → server (to alice): answer y (accept)",
    "alice → server (to bob): hello | alice → server (to bob): how are you?",
    "server → bob (from alice): hello",
    "server → bob (from alice): how are you?",
    "bob → server (to alice): salut ăș",
    "server → alice (from bob): salut ăș",
  ]);
});

Deno.test({
  name: "dissector: room and broadcast relays show both hops too",
  ignore: noTshark,
}, async () => {
  const w = new PcapWriter();
  const a = w.conversation(50001, PORT).handshake();
  a.server("* hello alice: Hello, alice!\n* room: You are in the common room with bob.\n");
  const b = w.conversation(50002, PORT).handshake();
  b.server("* hello bob: Hello, bob!\n* room: You are in the common room with alice.\n");
  a.client("hi all\n");
  b.server("#room <alice> hi all\n");
  const c = w.conversation(50003, PORT).handshake().client("hello\n");
  w.conversation(50004, PORT).handshake().server("[127.0.0.1:50003] hello\n");
  c.server("* bye: Goodbye.\n");
  const info = await withCapture(w.bytes(), (file) =>
    tshark([
      ...["-2", "-X", `lua_script:${DISSECTOR}`, "-r", file],
      ...["-Y", 'tcpchat.kind != "notice"', "-T", "fields", "-e", "_ws.col.Info"],
    ]));
  deepEqual(info.trimEnd().split("\n"), [
    "alice → server (to the room): hi all",
    "server → bob (room, from alice): hi all",
    "127.0.0.1:50003 → server: hello",
    "server → 127.0.0.1:50004 (from 127.0.0.1:50003): hello",
  ]);
});

Deno.test({
  name: "dissector: installed as a plugin and loaded with -X lua_script: too, it works once",
  ignore: noTshark,
}, async () => {
  const home = await Deno.makeTempDir();
  try {
    // Where Wireshark looks for personal Lua plugins on Linux and macOS (docs/TRAFFIC.md).
    const plugins = `${home}/.local/lib/wireshark/plugins`;
    await Deno.mkdir(`${plugins}/tcpchat`, { recursive: true });
    // What docs/TRAFFIC.md has students copy: tcpchat.lua and the folder tcpchat/ beside it.
    const folder = new URL(".", `file://${DISSECTOR}`).pathname;
    await Deno.copyFile(DISSECTOR, `${plugins}/tcpchat.lua`);
    for await (const entry of Deno.readDir(`${folder}tcpchat`)) {
      await Deno.copyFile(`${folder}tcpchat/${entry.name}`, `${plugins}/tcpchat/${entry.name}`);
    }
    await withCapture(chatCapture(), async (file) => {
      const read = ["-2", "-r", file, "-Y", "tcpchat.kind", "-T", "fields", "-e", "tcpchat.text"];
      const alone = await tshark(["-X", `lua_script:${DISSECTOR}`, ...read]);
      // tshark() fails on any Lua error: the second copy must load without one.
      const both = await tshark(["-X", `lua_script:${DISSECTOR}`, ...read], { HOME: home });
      const plugin = await tshark(read, { HOME: home });
      equal(alone.split("how are you?").length - 1, 2, "sent by alice, relayed to bob");
      equal(both, alone);
      equal(plugin, alone);
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test({
  name: "dissector: another port through its preference (or Decode As), none without it",
  ignore: noTshark,
}, async () => {
  await withCapture(chatCapture(4000), async (file) => {
    equal((await readLines(file, 4000)).length > 40, true);
    const plain = await tshark(["-X", `lua_script:${DISSECTOR}`, "-r", file, "-Y", "tcpchat"]);
    equal(plain, "");
    const decodeAs = await tshark([
      ...["-X", `lua_script:${DISSECTOR}`, "-d", "tcp.port==4000,tcpchat", "-r", file],
      ...["-Y", 'tcpchat.kind == "id"', "-T", "fields", "-e", "tcpchat.text"],
    ]);
    equal(decodeAs, "alice\nbob\n");
  });
});
