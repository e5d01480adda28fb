// Where messages end when time passes between segments (docs/PROTOCOL.md, "Framing"), on the
// whole server edge with mock peers and a fake clock. The LF or NUL after a CR belongs to it however
// late it comes: for every kind of client, every split of the bytes and every delay at the split,
// in broadcast and chat mode. And the rule's known limit, a first line split by a slow link.
import { deepEqual, equal } from "node:assert/strict";
import { EdgeHarness } from "../../testing/edge.ts";
import { keystrokes, PUTTY_TELNET_OPENING } from "../../testing/recorded.ts";
import type { MockConn } from "../../testing/mock_conn.ts";

const enc = new TextEncoder();
const PAUSE_MS = 250;
/** No delay, more than a pause, and an hour. */
const DELAYS = [0, 600, 3_600_000];

/** What makes the server take a connection for each kind, before the line under test. */
const OPENINGS: Record<string, (Uint8Array | string)[]> = {
  undecided: [],
  line: ["first\r\n"],
  "no-newline": ["first"],
  keystroke: keystrokes("first\r\n"),
  telnet: [PUTTY_TELNET_OPENING, "first\r\n"],
};

async function play(edge: EdgeHarness, peer: MockConn, parts: (Uint8Array | string)[]) {
  for (const part of parts) peer.peerSends(part);
  await edge.clock.tick(PAUSE_MS + 1); // the course client's "first" ends by a pause
}

/** True when a pause at `at` would end a message by the rule: a no-newline client mid-text. */
function pauseEndsText(kind: string, wire: string, at: number): boolean {
  const pausable = kind === "undecided" || kind === "no-newline";
  return pausable && at > 0 && !"\r\n\0".includes(wire[at - 1]) && at < wire.length;
}

Deno.test("framing at the edge: broadcast listeners get each line once, whatever the split and delay", async () => {
  // Every split of CR LF lines; CR NUL split where it matters, between its two bytes.
  const cases = [
    { wire: "hello\r\nworld\r\n", splits: [...Array(15).keys()] },
    { wire: "hello\r\0world\r\0", splits: [6, 13] },
  ];
  for (const { wire, splits } of cases) {
    for (const delay of DELAYS) {
      // One server and listener per wire and delay; a new sender for each kind and split.
      const edge = new EdgeHarness(["--mode", "broadcast"]);
      const listener = edge.connect();
      for (const [kind, opening] of Object.entries(OPENINGS)) {
        for (const at of splits) {
          if (delay >= PAUSE_MS && pauseEndsText(kind, wire, at)) continue;
          const sender = edge.connect();
          const from = `127.0.0.1:${sender.remoteAddr.port}`;
          const before = listener.writtenText.length;
          await play(edge, sender, opening);
          sender.peerSends(enc.encode(wire.slice(0, at)));
          await edge.clock.tick(delay);
          sender.peerSends(enc.encode(wire.slice(at)));
          await edge.clock.tick(PAUSE_MS + 1);
          const what = `${kind}, ${JSON.stringify(wire)} split at ${at}, ${delay} ms`;
          const got = listener.writtenText.slice(before).split("\n").slice(0, -1);
          const expected = ["hello", "world"].map((t) => `[${from}] ${t}`);
          deepEqual(got.filter((l) => !l.endsWith("] first")), expected, what);
          // Every byte received has its [RECV] line.
          const counted = edge.logged("RECV")
            .filter((l) => l.includes(` ${from} `) && !/"first"|: telnet /.test(l))
            .reduce((sum, l) => sum + Number(/ (\d+) bytes: /.exec(l)![1]), 0);
          equal(counted, wire.length, `${what}: bytes logged`);
          sender.peerFin();
        }
      }
      await edge.stop();
    }
  }
});

Deno.test("framing at the edge: an ID typed as bob CR, then LF much later, logs in as bob with no error", async () => {
  type Reads = (Uint8Array | string)[];
  /** Per kind: the reads before the wait (ending in a CR) and after it (starting with `p`). */
  const sessions: Record<string, (p: string) => [Reads, Reads]> = {
    undecided: (p) => [["bob\r"], [`${p}4\r${p}`]],
    keystroke: (p) => [keystrokes("bob\r"), keystrokes(`${p}4\r${p}`)],
    telnet: (p) => [[PUTTY_TELNET_OPENING, "bob\r"], [`${p}4\r${p}`]],
    line: (p) => [["bob\n", "4\r"], [p]],
    "no-newline": (p) => [["bob", "<pause>", "4\r"], [p]],
  };
  for (const [kind, session] of Object.entries(sessions)) {
    for (const partner of ["\n", "\0"]) {
      for (const delay of DELAYS) {
        const edge = new EdgeHarness([]);
        const peer = edge.connect();
        const [before, after] = session(partner);
        for (const part of before) {
          if (part === "<pause>") await edge.clock.tick(PAUSE_MS + 1);
          else peer.peerSends(part);
        }
        await edge.clock.tick(delay);
        for (const part of after) peer.peerSends(part);
        await edge.clock.tick(PAUSE_MS + 1);
        const lines = peer.writtenText.split("\n");
        const what = `${kind}, ${JSON.stringify(partner)} after ${delay} ms`;
        deepEqual(lines.filter((l) => l.startsWith("! ")), [], what);
        equal(lines.filter((l) => l.includes("* hello bob:")).length, 1, what);
        equal(lines.filter((l) => l.startsWith("* who:")).length, 1, what);
        await edge.stop();
      }
    }
  }
});

Deno.test("framing at the edge: the late LF has its [RECV] line, and is relayed to nobody", async () => {
  const edge = new EdgeHarness(["--mode", "broadcast"]);
  const listener = edge.connect();
  const sender = edge.connect();
  sender.peerSends("first\r\nhello\r");
  await edge.clock.tick(600);
  sender.peerSends("\nworld\r\n");
  await edge.settle();
  deepEqual(edge.logged("RECV"), [
    `[RECV] #2 127.0.0.1:50002 7 bytes: "first" (line client: a newline ends each message)`,
    `[RECV] #2 127.0.0.1:50002 6 bytes: "hello"`,
    "[RECV] #2 127.0.0.1:50002 1 bytes: LF (the rest of the CR newline before)",
    `[RECV] #2 127.0.0.1:50002 7 bytes: "world"`,
  ]);
  equal(edge.logged("FWD").length, 3);
  equal(listener.writtenText.split("\n").length - 1, 3);
  await edge.stop();
});

Deno.test("framing at the edge: a first line split by more than a pause is two messages, unless --pause is longer", async () => {
  // The known limit (docs/PROTOCOL.md, "Known limits"; docs/CLIENTS.md): a new client's first
  // segment alone looks like the course client's newline-less message.
  for (
    const [args, expected] of [
      [[], ["* hello ali: Hello, ali!", "! choice: Type 1, 2, 3 or 4."]],
      [["--pause", "1000"], ["* hello alice: Hello, alice!"]],
    ]
  ) {
    const edge = new EdgeHarness(args);
    const peer = edge.connect();
    peer.peerSends("ali");
    await edge.clock.tick(400);
    peer.peerSends("ce\n");
    await edge.clock.tick(2000);
    deepEqual(peer.writtenText.split("\n").filter((l) => /^[*!] [^w]/.test(l)), expected);
    await edge.stop();
  }
});
