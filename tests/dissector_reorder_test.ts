// Real captures hold retransmissions, segments out of order and segments the capture missed. The
// dissector shows each line once and whole, with Wireshark's default TCP preferences (what a
// student's Wireshark has) and with out-of-order reassembly on alike, and where bytes are missing
// it shows a fragment, never a guess.
import { deepEqual, equal, match } from "node:assert/strict";
import { type DissectedLine, DISSECTOR, readLines, tshark } from "../lib/capture/tshark.ts";
import { PcapWriter, type TcpConversation, withCapture } from "../testing/pcap.ts";
import { missing } from "../testing/tools.ts";

const noTshark = await missing("tshark");
const PORT = 3333;
const MENU = "? menu: 1) private chat  2) exit  3) common room  4) who is online\n";

/** alice logs in and enters the common room, on a stream of her own. */
function inRoom(w: PcapWriter, clientPort: number): TcpConversation {
  const c = w.conversation(clientPort, PORT).handshake();
  c.server("* welcome: Welcome.\n? id: Enter your ID:\n").client("alice\n");
  c.server("* hello alice: Hello, alice!\n" + MENU).client("3\n");
  return c.server("* room: You are alone in the common room.\n");
}

/** Each way `hello room` can reach the capture, then `exit()`; one stream each. */
function capture(): Uint8Array {
  const w = new PcapWriter();
  // 0: `hel`, then Linux resends from the same number with the rest: `hello room\n`.
  let c = inRoom(w, 50000);
  let at = c.sent(true);
  c.segmentAt(true, at, "hel").segmentAt(true, at, "hello room\n").skip(true, 11);
  c.client("exit()\n");
  // 1: the same bytes out of order: `lo room\n` is captured before `hel`.
  c = inRoom(w, 50001);
  at = c.sent(true);
  c.segmentAt(true, at + 3, "lo room\n").segmentAt(true, at, "hel").skip(true, 11);
  c.client("exit()\n");
  // 2: a late copy of an old server segment, then alice's line.
  c = inRoom(w, 50002);
  c.segmentAt(false, c.sent(false) - 43, "* room: You are alone in the common room.\n");
  c.client("hello room\n").client("exit()\n");
  // 3: the segment with `lo room\n` never reached the capture; bob's side acknowledged it.
  c = inRoom(w, 50003);
  c.client("hel").skip(true, 8).client("exit()\n").client("3\n");
  // 4: the server's `* hello` and menu went missing: alice's `1` cannot be read as a choice.
  c = w.conversation(50004, PORT).handshake();
  c.server("* welcome: Welcome.\n? id: Enter your ID:\n").client("alice\n").skip(false, 95);
  c.client("1\n").server("e\n? target: Who do you want to chat with?\n").client("bob\n");
  return w.bytes();
}

const show = (lines: DissectedLine[], stream: number) =>
  lines.filter((l) => l.stream === stream && l.direction === "to server")
    .map((l) => `${l.kind} ${l.text}`);

Deno.test({
  name: "dissector reorder: each line once and whole, with TCP's default preferences or not",
  ignore: noTshark,
}, async () => {
  await withCapture(capture(), async (file) => {
    const plain = await readLines(file, PORT);
    const reordering = await readLines(file, PORT, {
      prefs: ["tcp.reassemble_out_of_order:TRUE"],
    });
    deepEqual(reordering, plain);
    const inTheRoom = ["id alice", "choice 3", "room hello room", "command exit()"];
    for (const stream of [0, 1, 2]) deepEqual(show(plain, stream), inTheRoom, `stream ${stream}`);
    equal(plain.filter((l) => l.stream === 2 && l.direction === "to client").length, 5);
    // What was lost is not guessed: its line is not shown, and the next one is only a fragment.
    deepEqual(show(plain, 3), ["id alice", "choice 3", "fragment exit()", "room 3"]);
    deepEqual(show(plain, 4), ["id alice", "text 1", "request bob"]);
    deepEqual(
      plain.filter((l) => l.stream === 4 && l.kind === "fragment").map((l) => l.text),
      ["e"],
    );
  });
});

Deno.test({
  name: "dissector reorder: packets say what their bytes were when they complete no line",
  ignore: noTshark,
}, async () => {
  await withCapture(capture(), async (file) => {
    const notes = await tshark([
      ...["-2", "-X", `lua_script:${DISSECTOR}`, "-r", file, "-Y", "tcpchat.note"],
      ...["-T", "fields", "-e", "tcp.stream", "-e", "_ws.col.Info", "-e", "tcpchat.note"],
    ]);
    match(notes, /^0\talice → server: \[part of a line that ends in frame \d+\]\t/m);
    match(notes, /^1\t.*alice → server: \[came before 3 bytes still missing: held\]\t/m);
    match(notes, /^2\t.*server → alice: \[sent again \(a retransmission\): shown where it/m);
    // Where the receiver's ACK shows the bytes are gone, in its packet: the fragment is in its Info.
    match(
      notes,
      /^3\t.* alice → server: \[fragment after a gap\] exit\(\)\t8 bytes of this direction/m,
    );
  });
});

Deno.test({
  name: "dissector reorder: held segments are bounded; past the bound the gap is given up on",
  ignore: noTshark,
}, async () => {
  // The server's bytes after 5 missing ones, with no ACK that would tell they were received: the
  // dissector holds 256 KiB of them at most, then frames what it holds.
  const w = new PcapWriter();
  const c = w.conversation(50000, PORT).handshake().server("* welcome: Welcome.\n");
  const line = "x".repeat(59_999) + "\n";
  const at = c.sent(false) + 5;
  for (let i = 0; i < 5; i++) c.segmentAt(false, at + i * line.length, line);
  const lines = await withCapture(w.bytes(), (file) => readLines(file, PORT));
  deepEqual(lines.map((l) => [l.kind, l.len]), [
    ["notice", 20],
    ["fragment", 60_000],
    ["text", 60_000],
    ["text", 60_000],
    ["text", 60_000],
    ["text", 60_000],
  ]);
});

Deno.test({
  name: "dissector reorder: a capture that starts inside a connection begins with fragments",
  ignore: noTshark,
}, async () => {
  const w = new PcapWriter();
  const c = w.conversation(50000, PORT); // no handshake: the capture began later
  c.server("llo alice: Hello, alice!\n" + MENU).client("lice\n").client("1\n");
  const lines = await withCapture(w.bytes(), (file) => readLines(file, PORT));
  deepEqual(lines.map((l) => `${l.direction} ${l.kind} ${l.text}`), [
    "to client fragment llo alice: Hello, alice!",
    "to client prompt 1) private chat  2) exit  3) common room  4) who is online",
    "to server fragment lice",
    "to server choice 1",
  ]);
});
