// The Wireshark dissector ends client lines exactly where the server does (docs/PROTOCOL.md,
// "Framing"): every Enter form, telnet commands and when 0xFF is one, edit keys, a pause or a FIN
// for clients that send no newline, the max_line limit and the bytes an over-long line's item counts. Each capture is cut by hand and read by the real tshark; the
// server's own framer (lib/core/message_framer.ts) reads the same segments with the same pauses.
import { deepEqual, equal, match } from "node:assert/strict";
import { MessageFramer, type Received } from "../lib/core/message_framer.ts";
import { TelnetFilter } from "../lib/core/telnet.ts";
import { formatTelnet } from "../lib/core/telnet_commands.ts";
import { DISSECTOR, readLines, tshark } from "../lib/capture/tshark.ts";
import { PcapWriter, type TcpConversation, withCapture } from "../testing/pcap.ts";
import {
  keystrokes,
  PUTTY_TELNET_OPENING,
  TELNET_A_BREVE,
  TELNET_CTRL_C,
  TELNET_MODE_CHARACTER,
  TELNET_SEND_AYT_MID_LINE,
} from "../testing/recorded.ts";
import { missing } from "../testing/tools.ts";

const noTshark = await missing("tshark");
const PORT = 3333;
const PAUSE_MS = 250; // the server's and the dissector's default pause
const enc = new TextEncoder();

/** A segment a client sends after `waitMs` of quiet. */
interface Step {
  readonly bytes: Uint8Array;
  readonly waitMs: number;
}
/** What one client sends, then how long before its FIN (`null`: it never closes). */
interface Client {
  readonly steps: Step[];
  readonly finAfterMs: number | null;
}

const quick = (...chunks: (string | Uint8Array)[]): Step[] =>
  chunks.map((c) => ({ bytes: typeof c === "string" ? enc.encode(c) : c, waitMs: 20 }));

/** What the server makes of a client, one entry per line: `text (newline|pause|close)`. */
function serverLines(client: Client, maxLineBytes: number): string[] {
  const framer = new MessageFramer({ maxLineBytes });
  const items: Received[] = [];
  for (const step of client.steps) {
    if (step.waitMs >= PAUSE_MS && framer.awaitsPause) items.push(...framer.pause());
    items.push(...framer.push(step.bytes));
  }
  if (client.finAfterMs !== null) {
    if (client.finAfterMs >= PAUSE_MS && framer.awaitsPause) items.push(...framer.pause());
    items.push(...framer.end());
  }
  return items.flatMap((item) => {
    // An over-long line: the bytes its [RECV] counts, which the dissector's item counts too.
    if (item.kind === "overflow") return [`(too long: ${item.bytes} bytes)`];
    // Notes in the dissector, not lines: a newline's late byte, an over-long line's rest.
    if (item.kind === "partner" || item.kind === "discarded") return [];
    if (item.kind === "telnet") return [`telnet ${item.commands.map(formatTelnet).join(", ")}`];
    return [`${item.text.replaceAll("\0", "␀")} (${item.end})`];
  });
}

const END_OF: Record<string, string> = {
  "LF": "newline",
  "CR LF": "newline",
  "CR NUL": "newline",
  "CR": "newline",
  "pause": "pause",
  "FIN": "close",
};

/** The same clients through the dissector, one capture, one stream each. */
async function dissectedLines(clients: Client[], maxLineBytes: number): Promise<string[][]> {
  const w = new PcapWriter();
  clients.forEach((client, i) => {
    const c = w.conversation(40000 + i, PORT).handshake();
    for (const step of client.steps) {
      w.wait(step.waitMs);
      c.client(step.bytes);
    }
    if (client.finAfterMs !== null) {
      w.wait(client.finAfterMs);
      c.clientClose();
    }
  });
  const lines = await withCapture(
    w.bytes(),
    (file) => readLines(file, PORT, { prefs: [`tcpchat.max_line:${maxLineBytes}`] }),
  );
  return clients.map((_, i) =>
    lines.filter((l) => l.stream === i).map((l) => {
      if (l.kind === "overflow") return `(too long: ${l.len} bytes)`;
      if (l.kind === "telnet") return `telnet ${l.text}`;
      return `${l.text} (${END_OF[l.ending] ?? l.ending})`;
    })
  );
}

/**
 * Lines, and telnet commands one by one apart: the server's log groups the commands of one read
 * before its lines, the dissector groups each run of commands where it is on the wire.
 */
const split = (lines: string[]) => [
  lines.filter((l) => !l.startsWith("telnet ")),
  lines.filter((l) => l.startsWith("telnet ")).flatMap((l) => l.slice(7).split(", ")),
];

async function assertSameAsServer(clients: Client[], maxLineBytes = 4096): Promise<void> {
  const dissected = await dissectedLines(clients, maxLineBytes);
  const sent = (client: Client) =>
    client.steps.map((s) => `${s.waitMs}ms ${JSON.stringify(String.fromCharCode(...s.bytes))}`);
  clients.forEach((client, i) => {
    deepEqual(
      { client: i, sent: sent(client), lines: split(dissected[i]) },
      { client: i, sent: sent(client), lines: split(serverLines(client, maxLineBytes)) },
    );
  });
}

Deno.test({
  name: "dissector framing: every Enter form ends a line where the server ends it, split or not",
  ignore: noTshark,
}, async () => {
  const typed = (enter: string) => keystrokes(`bob${enter}3${enter}hi all${enter}`);
  const clients: Client[] = [];
  for (const enter of ["\n", "\r\n", "\r\0", "\r"]) {
    // A terminal in character mode (telnet, PuTTY): one key per segment, Enter split too.
    clients.push({ steps: typed(enter).map((bytes) => ({ bytes, waitMs: 60 })), finAfterMs: 20 });
    // A line-mode client: each line and its Enter in one segment.
    clients.push({ steps: quick(`bob${enter}`, `3${enter}`, `hi all${enter}`), finAfterMs: 20 });
    // Enter's two bytes in different segments, the second after the server's pause.
    if (enter.length === 2) {
      const [cr, second] = [enter[0], enter[1]];
      clients.push({
        steps: [...quick(`bob${cr}`), { bytes: enc.encode(`${second}3\n`), waitMs: 400 }],
        finAfterMs: 20,
      });
    }
  }
  // Telnet and PuTTY's negotiation, Ctrl+C, and edit keys mixed into what is typed.
  clients.push({
    steps: quick(PUTTY_TELNET_OPENING, "al", "\x7fice\r", "\0x", "\b\bbob\r\n", TELNET_CTRL_C),
    finAfterMs: 20,
  });
  clients.push({
    steps: quick("carol\r\n", TELNET_MODE_CHARACTER, ...keystrokes("ă\b4\r\0")),
    finAfterMs: 20,
  });
  await assertSameAsServer(clients);
});

/** A small deterministic generator (mulberry32), so a failing client can be replayed. */
function random(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const PIECES: (string | number[])[] = [
  "alice",
  "hi",
  "ă",
  "x y",
  "x".repeat(40), // text; the long one crosses max_line 32
  "\n",
  "\r\n",
  "\r\0",
  "\r",
  "\r",
  "\b",
  "\x7f",
  "\0", // Enter forms, edit keys, NUL
  [255, 251, 31],
  [255, 253, 1],
  [255, 241],
  [255, 255],
  [255, 250, 31, 0, 80, 255, 240],
  // 0xFF that starts no command where it is (text until the client is telnet), key commands,
  // and the keys of a terminal's line editing.
  [255],
  [255, 254, 32],
  [255, 253, 120],
  [255, 253, 32],
  [255, 244],
  [255, 246],
  [255, 247],
  [255, 248],
  "\x03",
  "\x04",
  "\x15",
  "\x1a",
];

/** A client typing random pieces, cut at random, with random quiet before each segment. */
function randomClient(pick: (n: number) => number): Client {
  const bytes: number[] = [];
  for (let i = 1 + pick(8); i > 0; i--) {
    const piece = PIECES[pick(PIECES.length)];
    bytes.push(...(typeof piece === "string" ? enc.encode(piece) : piece));
  }
  const steps: Step[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = pick(3) === 0 ? bytes.length : 1 + pick(4);
    steps.push({
      bytes: new Uint8Array(bytes.slice(at, at + size)),
      waitMs: [5, 60, 400][pick(3)],
    });
    at += size;
  }
  return { steps, finAfterMs: [5, 400][pick(2)] };
}

Deno.test({
  name: "dissector framing: random clients, cut and paused at random, framed as the server does",
  ignore: noTshark,
}, async () => {
  const pick = random(20240611);
  await assertSameAsServer(Array.from({ length: 150 }, () => randomClient(pick)), 32);
});

Deno.test({
  name: "dissector framing: a client with no newline ends each message by a pause or its FIN",
  ignore: noTshark,
}, async () => {
  // The course's Python client sends input().encode() and waits; a pause ends each message.
  const python: Client = {
    steps: [
      { bytes: enc.encode("alice"), waitMs: 20 },
      { bytes: enc.encode("1"), waitMs: 2000 },
      { bytes: enc.encode("bob"), waitMs: 1500 },
      { bytes: enc.encode("bye"), waitMs: 900 },
    ],
    finAfterMs: 30, // closes right away: the FIN ends "bye"
  };
  // A line client whose line pauses in the network: a pause ends nothing for it.
  const slowLine: Client = {
    steps: [...quick("alice\n", "hel"), { bytes: enc.encode("lo\n"), waitMs: 600 }],
    finAfterMs: 20,
  };
  // A terminal whose user thinks between keys: keystrokes, so a pause ends nothing either.
  const thinking: Client = {
    steps: keystrokes("bo").map((bytes) => ({ bytes, waitMs: 80 }))
      .concat([{ bytes: enc.encode("b"), waitMs: 900 }, { bytes: enc.encode("\r"), waitMs: 80 }]),
    finAfterMs: 20,
  };
  await assertSameAsServer([python, slowLine, thinking]);
  const lines = await dissectedLines([python], 4096);
  deepEqual(lines[0], ["alice (pause)", "1 (pause)", "bob (pause)", "bye (close)"]);
});

Deno.test({
  name: "dissector framing: a pause-ended message is shown in its own packet, after a second pass",
  ignore: noTshark,
}, async () => {
  const w = new PcapWriter();
  const c = w.conversation(40000, PORT).handshake();
  c.server("* welcome: Welcome.\n? id: Enter your ID:\n").client("alice");
  w.wait(300);
  c.server("* hello alice: Hello, alice!\n? menu: 1) private chat  2) exit\n");
  await withCapture(w.bytes(), async (file) => {
    const twice = await readLines(file, PORT);
    const alice = twice.find((l) => l.direction === "to server")!;
    deepEqual([alice.kind, alice.text, alice.ending, alice.len], ["id", "alice", "pause", 5]);
    const once = await readLines(file, PORT, { onePass: true });
    equal(
      once.some((l) => l.direction === "to server"),
      false,
      "tshark -r prints it before the pause",
    );
    deepEqual(
      once.filter((l) => l.direction === "to client"),
      twice.filter((l) => l.direction === "to client"),
    );
  });
});

Deno.test({
  name: "dissector framing: a client line over max_line is discarded, as the server discards it",
  ignore: noTshark,
}, async () => {
  const long = "x".repeat(40);
  await assertSameAsServer([
    { steps: quick(long, "y\n", "ok\n"), finAfterMs: 20 },
    { steps: quick(`${long}\r`, "\nok\r\n"), finAfterMs: 20 },
    { steps: quick("x".repeat(32) + "\n", "x".repeat(33) + "\r\0"), finAfterMs: 20 },
  ], 32);
});

Deno.test({
  name: "dissector framing: telnet commands are named as the server's log names them",
  ignore: noTshark,
}, async () => {
  const bytes: number[] = [];
  for (const verb of [251, 252, 253, 254]) {
    for (let option = 0; option < 256; option++) bytes.push(255, verb, option);
  }
  for (let command = 236; command < 250; command++) bytes.push(255, command);
  bytes.push(255, 250, 24, 0, 65, 255, 255, 66, 255, 240); // a subnegotiation holding IAC IAC
  const commands = new TelnetFilter().push(new Uint8Array(bytes))
    .flatMap((piece) => piece.type === "telnet" ? [formatTelnet(piece.command)] : []);
  const w = new PcapWriter();
  w.conversation(40000, PORT).handshake().client(new Uint8Array(bytes));
  const lines = await withCapture(w.bytes(), (file) => readLines(file, PORT));
  deepEqual(lines.map((l) => [l.kind, l.text]), [["telnet", commands.join(", ")]]);
});

Deno.test({
  name:
    "dissector framing: 0xFF is text until the client is telnet, then a command, as on the server",
  ignore: noTshark,
}, async () => {
  const raw = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => typeof p === "string" ? [...enc.encode(p)] : p));
  const utf16 = [0xff, 0xfe, ...[..."carol\n"].flatMap((c) => [c.charCodeAt(0), 0])];
  await assertSameAsServer([
    // A netcat user's Latin-1 text holding 0xFF 0xFA (IAC SB), then a command of the chat.
    {
      steps: quick(raw([0x6e, 0x61, 0xef, 0x76, 0x65, 0x20, 255, 250], " oops\n"), "exit()\n"),
      finAfterMs: 20,
    },
    { steps: quick(raw(utf16)), finAfterMs: 20 }, // UTF-16 with its byte order mark FF FE
    {
      steps: quick(
        raw("bad ", [255, 254], " utf8\n"),
        raw([255, 253], "x\n"),
        raw([255, 253], " x\n"),
      ),
      finAfterMs: 20,
    },
    // A byte that may start a command, held until the next one, or a pause, decides.
    {
      steps: [...quick("ab", raw([255])), { bytes: raw([253, 1], "\n"), waitMs: 400 }],
      finAfterMs: 20,
    },
    {
      steps: [...quick("ab\n", raw([255])), { bytes: raw([253, 1], "\n"), waitMs: 20 }],
      finAfterMs: 20,
    },
    { steps: [{ bytes: raw([255]), waitMs: 20 }], finAfterMs: 400 },
    // inetutils telnet: Ctrl+C at the start of a line, `mode character` and `send ayt` in one.
    {
      steps: quick(
        "alice\r\n",
        TELNET_CTRL_C,
        "ab",
        TELNET_MODE_CHARACTER,
        ...keystrokes("c\x03d\r\0"),
      ),
      finAfterMs: 20,
    },
    { steps: quick(TELNET_SEND_AYT_MID_LINE, "z\r\n"), finAfterMs: 20 },
    // "ă" in inetutils telnet: Ctrl+C mid-line, then DO TIMING-MARK; split anywhere, or not.
    { steps: quick(TELNET_A_BREVE, "b\r\n"), finAfterMs: 20 },
    { steps: quick(...[...TELNET_A_BREVE].map((b) => raw([b])), "b\r\n"), finAfterMs: 20 },
    { steps: quick(raw("a", [255, 244, 255, 253], "x\r\n")), finAfterMs: 20 },
    // EC and EL edit; a subnegotiation without IAC SE ends at its bound.
    {
      steps: quick(PUTTY_TELNET_OPENING, raw("ali", [255, 247], "ce", [255, 248], "bob\r\n")),
      finAfterMs: 20,
    },
    {
      steps: quick(PUTTY_TELNET_OPENING, raw([255, 250, 24], "x".repeat(600), "\r\n")),
      finAfterMs: 20,
    },
  ]);
});

Deno.test({
  name: "dissector framing: a telnet command split over segments counts its bytes as the log does",
  ignore: noTshark,
}, async () => {
  const w = new PcapWriter();
  const c = w.conversation(40000, PORT).handshake().client(PUTTY_TELNET_OPENING);
  c.client(new Uint8Array([255])).client(new Uint8Array([251, 31, 255, 253]));
  c.client(new Uint8Array([1]));
  await withCapture(w.bytes(), async (file) => {
    const lines = await readLines(file, PORT);
    deepEqual(lines.slice(1).map((l) => [l.kind, l.text, l.len]), [
      ["telnet", "WILL NAWS", 3],
      ["telnet", "DO ECHO", 3],
    ]);
    const notes = await tshark([
      ...["-2", "-X", `lua_script:${DISSECTOR}`, "-r", file, "-Y", "tcpchat.note"],
      ...["-T", "fields", "-e", "frame.number", "-e", "tcpchat.note"],
    ]);
    deepEqual(notes.trimEnd().split("\n").map((l) => l.split("\t")[1]), [
      `part of a telnet command that ends in frame ${lines[1].frame}`,
      `part of a telnet command that ends in frame ${lines[2].frame}`,
    ]);
  });
});

Deno.test({
  name: "dissector framing: a byte sent as TCP urgent data is not in the stream the server reads",
  ignore: noTshark,
}, async () => {
  // telnet's `send synch`, recorded: "ab" typed, then IAC alone as urgent data, then DM, then
  // "c" and Enter. Linux takes the IAC out of the stream: the server reads "ab", 0xF2, "c".
  const w = new PcapWriter();
  const c = w.conversation(40000, PORT).handshake().client("alice\r\n").client("ab");
  c.clientUrgent(new Uint8Array([255]), 1).client(new Uint8Array([0xf2])).client("c\r\n");
  const lines = await withCapture(w.bytes(), (file) => readLines(file, PORT));
  const server = serverLines({
    steps: quick("alice\r\n", "ab", new Uint8Array([0xf2]), "c\r\n"),
    finAfterMs: null,
  }, 4096);
  deepEqual(lines.map((l) => `${l.text} (${END_OF[l.ending]})`), server);
  deepEqual(server, ["alice (newline)", "ab\uFFFDc (newline)"]);
});

/** A server that refuses an option and then writes a line: the refusal is not part of it. */
function telnetReply(c: TcpConversation): void {
  c.client(PUTTY_TELNET_OPENING).server(
    new Uint8Array([255, 252, 1, ...enc.encode("* welcome: Welcome.\n")]),
  );
}

Deno.test({
  name: "dissector framing: the server's telnet answer is shown apart from the line after it",
  ignore: noTshark,
}, async () => {
  const w = new PcapWriter();
  telnetReply(w.conversation(40000, PORT).handshake());
  const lines = await withCapture(w.bytes(), (file) => readLines(file, PORT));
  deepEqual(lines.map((l) => [l.direction, l.kind, l.text]), [
    [
      "to server",
      "telnet",
      "WILL NAWS, WILL TSPEED, WILL TTYPE, WILL NEW-ENVIRON, DO ECHO, WILL SGA, DO SGA",
    ],
    ["to client", "telnet", "WONT ECHO"],
    ["to client", "notice", "Welcome."],
  ]);
});

Deno.test({
  name: "dissector framing: BS and DEL erase in what a client types, not in the server's lines",
  ignore: noTshark,
}, async () => {
  const w = new PcapWriter();
  w.conversation(40000, PORT).handshake().server("ab\x7fc\bd\n").client("ab\x7fc\bd\n");
  const [server, client] = await withCapture(w.bytes(), (file) => readLines(file, PORT));
  equal(client.text, "ad");
  match(server.text, /^ab.+d$/, "tshark shows the control characters its own way");
  deepEqual([server.len, client.len], [7, 7]);
});
