import { deepEqual, equal } from "node:assert/strict";
import { framingNote, MessageFramer, type Received } from "./message_framer.ts";
import { formatTelnet } from "./telnet_commands.ts";
import {
  keystrokes,
  PUTTY_TELNET_OPENING,
  TELNET_A_BREVE,
  TELNET_CTRL_C,
  TELNET_MODE_CHARACTER,
} from "../../testing/recorded.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const enc = new TextEncoder();

type Step = string | Uint8Array | "<pause>";

/** Plays reads and pauses; returns what a log would show of each item. */
function play(framer: MessageFramer, steps: Step[]): string[] {
  const shown: string[] = [];
  for (const step of steps) {
    const items: Received[] = step === "<pause>"
      ? framer.pause()
      : framer.push(typeof step === "string" ? enc.encode(step) : step);
    for (const item of items) shown.push(show(item));
  }
  return shown;
}

function show(item: Received): string {
  const client = "client" in item && item.client ? ` [${item.client}]` : "";
  switch (item.kind) {
    case "line":
      return `${JSON.stringify(item.text)} ${item.bytes}B by ${item.end}${client}`;
    case "overflow":
      return `<overflow>`;
    case "discarded":
      return `<discarded ${item.bytes}B>`;
    case "partner":
      return `<${item.byte} of the CR before>`;
    case "telnet":
      return `telnet ${item.commands.map(formatTelnet).join(",")} ${item.bytes}B reply ${
        item.reply.map(formatTelnet).join(",")
      }${client}`;
  }
}

const framer = () => new MessageFramer({ maxLineBytes: 64 });

test("rule: the course client's messages have no newline; a pause ends each one", () => {
  const f = framer();
  equal(f.awaitsPause, false);
  deepEqual(play(f, ["alice"]), []);
  equal(f.awaitsPause, true);
  deepEqual(play(f, ["<pause>", "1", "<pause>", "bo", "b", "<pause>", "<pause>"]), [
    `"alice" 5B by pause [no-newline]`,
    `"1" 1B by pause`,
    `"bob" 3B by pause`,
  ]);
  equal(f.kind, "no-newline");
  // A newline still ends a message at once.
  deepEqual(play(f, ["hi\nthere"]), [`"hi" 3B by newline`]);
});

test("rule: a first message of one byte from the course client is not left waiting", () => {
  const f = framer();
  deepEqual(play(f, ["a", "<pause>"]), [`"a" 1B by pause [no-newline]`]);
});

test("rule: a line client's pauses never split a line", () => {
  const f = framer();
  deepEqual(play(f, ["hello\n", "wor"]), [`"hello" 6B by newline [line]`]);
  equal(f.awaitsPause, false);
  deepEqual(play(f, ["<pause>", "ld\r\n"]), [`"world" 7B by newline`]);
  equal(f.kind, "line");
});

test("rule: keys arriving one per read make a keystroke client, ended by Enter only", () => {
  const f = framer();
  // PuTTY "Raw" with local line editing forced off: one key per segment, Enter is a CR alone.
  deepEqual(play(f, [...keystrokes("ab"), "<pause>", ...keystrokes("c\x7fd\r")]), []);
  equal(f.kind, "keystroke");
  // The CR may still get a LF: the line waits for the next byte, or for a pause.
  equal(f.awaitsPause, true);
  deepEqual(play(f, ["<pause>"]), [`"abd" 6B by newline [keystroke]`]);
  equal(f.awaitsPause, false);
});

test("rule: a pause never forgets a CR: a late LF or NUL completes it, for every kind", () => {
  const starts: Record<string, Step[]> = {
    undecided: [],
    line: ["first\r\n"],
    "no-newline": ["first", "<pause>"],
    keystroke: [...keystrokes("first\r\n")],
    telnet: [PUTTY_TELNET_OPENING, "first\r\n"],
  };
  for (const [kind, start] of Object.entries(starts)) {
    for (const partner of ["\n", "\0"]) {
      for (const pauses of [1, 3]) {
        const f = framer();
        const shown = play(f, [
          ...start,
          "hello\r",
          ...Array<Step>(pauses).fill("<pause>"),
          `${partner}world\r\n`,
        ]).filter((s) => !s.startsWith("telnet") && !s.startsWith(`"first"`));
        const byte = partner === "\n" ? "LF" : "NUL";
        deepEqual(
          shown.map((s) => s.replace(/ \[[\w-]+\]$/, "")),
          [`"hello" 6B by newline`, `<${byte} of the CR before>`, `"world" 7B by newline`],
          `${kind}, ${byte} after ${pauses} pause(s)`,
        );
        equal(f.awaitsPause, false);
        if (kind !== "undecided") equal(f.kind, kind);
      }
    }
  }
});

test("rule: a late LF decides nothing: a CR-ended first message makes a line client", () => {
  const f = framer();
  deepEqual(play(f, ["bob\r", "<pause>"]), [`"bob" 4B by newline [line]`]);
  deepEqual(play(f, ["\n"]), ["<LF of the CR before>"]);
  equal(f.kind, "line");
  // A line client's later pauses still end nothing.
  deepEqual(play(f, ["hel", "<pause>", "lo\n"]), [`"hello" 6B by newline`]);
});

test("rule: PuTTY in Telnet mode, line editing: negotiation is answered, never text", () => {
  const f = framer();
  deepEqual(play(f, [PUTTY_TELNET_OPENING, "alice\r\n"]), [
    "telnet WILL NAWS,WILL TSPEED,WILL TTYPE,WILL NEW-ENVIRON,DO ECHO,WILL SGA,DO SGA 21B " +
    "reply DONT NAWS,DONT TSPEED,DONT TTYPE,DONT NEW-ENVIRON,WONT ECHO,DO SGA [telnet]",
    `"alice" 7B by newline`,
  ]);
  // The connection remembers what is on: SGA offered again gets nothing, withdrawn gets DONT.
  const again = new Uint8Array([0xff, 0xfb, 0x03, 0xff, 0xfc, 0x03, 0xff, 0xfc, 0x1f]);
  deepEqual(play(f, [again]), ["telnet WILL SGA,WONT SGA,WONT NAWS 9B reply DONT SGA"]);
});

test("rule: PuTTY in Telnet mode, character mode: 0x7F erases, pauses do not end the line", () => {
  const f = framer();
  const typed = [
    PUTTY_TELNET_OPENING,
    ...keystrokes("alicx"),
    "<pause>" as const,
    ...keystrokes("\x7fe\r\n"),
  ];
  deepEqual(play(f, typed).slice(1), [`"alice" 9B by newline`]);
  equal(f.kind, "telnet");
});

test("rule: telnet's `mode character`, Ctrl+C and CR NUL, one byte per read", () => {
  const f = framer();
  deepEqual(play(f, ["one\r\n"]), [`"one" 5B by newline [line]`]);
  deepEqual(
    play(f, [
      TELNET_MODE_CHARACTER,
      ...keystrokes("xy"),
      "<pause>",
      TELNET_CTRL_C,
      ...keystrokes("\bz\r\0"),
    ]),
    [
      "telnet DO SGA,DO ECHO 6B reply WONT ECHO [telnet]",
      "telnet IP,DO TIMING-MARK 5B reply WONT TIMING-MARK",
      // Ctrl+C (IP) threw away the "xy" typed before it; its bytes still count on the wire.
      `"z" 6B by newline`,
    ],
  );
});

test('rule: "ă" typed in inetutils telnet arrives as Ctrl+C mid-line, and throws the line away', () => {
  const f = framer();
  deepEqual(play(f, [TELNET_A_BREVE, "b\r\n"]), [
    "telnet IP,DO TIMING-MARK 5B reply WONT TIMING-MARK [telnet]",
    // The "a" and the half of "ă" before it are gone, as a Ctrl+C throws away what was typed.
    `"b" 5B by newline`,
  ]);
});

test("rule: the server's input edits: BS and DEL erase for every kind of client", () => {
  // A line client (nc) sends what its terminal's line discipline left, but a script may send
  // the keys themselves: they erase, and the wire count keeps every byte.
  deepEqual(play(framer(), ["ab\x7fc\x08d\n"]), [`"ad" 7B by newline [line]`]);
  deepEqual(play(framer(), ["é👋\x7f\x7fx", "<pause>"]), [`"x" 9B by pause [no-newline]`]);
  deepEqual(play(framer(), [...keystrokes("ab\x7fc\x08d\r\n")]), [
    `"ad" 8B by newline [keystroke]`,
  ]);
});

test("rule: an over-long message without newline is refused once, and a pause ends it", () => {
  const f = new MessageFramer({ maxLineBytes: 8 });
  deepEqual(play(f, ["x".repeat(20), "x".repeat(20)]), ["<overflow>"]);
  equal(f.pendingBytes, 0);
  equal(f.awaitsPause, true);
  deepEqual(play(f, ["<pause>", "ok", "<pause>"]), [
    "<discarded 20B>",
    `"ok" 2B by pause [no-newline]`,
  ]);
});

test("rule: what the peer typed before closing still counts, whatever its kind", () => {
  const f = framer();
  deepEqual(play(f, ["last words"]), []);
  deepEqual(f.end().map(show), [`"last words" 10B by close`]);
  equal(f.kind, "undecided");
});

test("rule: the log note says once which kind of client, and why every pause ended a message", () => {
  const notes = (steps: Step[]) => {
    const f = framer();
    return steps.flatMap((s) =>
      s === "<pause>" ? f.pause() : f.push(typeof s === "string" ? enc.encode(s) : s)
    ).map((item) => framingNote(item, 250));
  };
  deepEqual(notes(["a\n", "b\n"]), [" (line client: a newline ends each message)", ""]);
  deepEqual(notes(["a", "<pause>", "b", "<pause>"]), [
    " (no-newline client: a 250 ms pause ended it)",
    " (no-newline client: a 250 ms pause ended it)",
  ]);
  deepEqual(notes([PUTTY_TELNET_OPENING, "a\r\n"]), [
    " (telnet client: each option it asks for is answered; Enter ends each message)",
    "",
  ]);
  deepEqual(notes([...keystrokes("ab\r\n")]), [
    " (keystroke client: keys come one per segment, so only Enter ends a message)",
  ]);
  deepEqual(notes(["x".repeat(100)]), [""]);
});
