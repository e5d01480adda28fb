// The framing rule where telnet meets text: when 0xFF is text, where commands fall among the
// lines, what the editing commands and keys do, and that every byte received is counted once.
import { deepEqual, equal } from "node:assert/strict";
import fc from "../../testing/fast_check.ts";
import { MessageFramer, type Received } from "./message_framer.ts";
import { formatTelnet } from "./telnet_commands.ts";
import {
  keystrokes,
  PUTTY_TELNET_OPENING,
  TELNET_CTRL_C,
  TELNET_MODE_CHARACTER,
} from "../../testing/recorded.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const enc = new TextEncoder();
const [IAC, WILL, DO, DONT, SB] = [0xff, 0xfb, 0xfd, 0xfe, 0xfa];
const [EC, EL, AYT] = [0xf7, 0xf8, 0xf6];

type Step = string | number[] | Uint8Array | "<pause>";

/** Reads and pauses; what a log would show of each item. */
function play(steps: readonly Step[], framer = new MessageFramer({ maxLineBytes: 4096 })) {
  const items: Received[] = [];
  for (const step of steps) {
    if (step === "<pause>") items.push(...framer.pause());
    else if (typeof step === "string") items.push(...framer.push(enc.encode(step)));
    else items.push(...framer.push(new Uint8Array(step)));
  }
  return { shown: items.map(show), kind: framer.kind };
}

function show(item: Received): string {
  switch (item.kind) {
    case "line":
      return `${JSON.stringify(item.text)} ${item.bytes}B`;
    case "telnet":
      return `telnet ${item.commands.map(formatTelnet).join(",")} ${item.bytes}B` +
        (item.reply.length > 0 ? ` reply ${item.reply.map(formatTelnet).join(",")}` : "") +
        (item.here ? " +here" : "");
    default:
      return item.kind;
  }
}

test("telnet rule: a line client's 0xFF is text, U+FFFD, never a command, never answered", () => {
  const cases: [Step[], string[]][] = [
    [[[0x6e, 0x61, 0xef, 0x76, 0x65, 0x20, IAC, SB], " oops\n", "exit()\n"], [
      `"na\uFFFDve \uFFFD\uFFFD oops" 14B`,
      `"exit()" 7B`,
    ]],
    [[[IAC, 0xfe, ...enc.encode("c\0a\0\n")]], [`"\uFFFD\uFFFDc\\u0000a\\u0000" 7B`]],
    [["bad ", [IAC, DONT], " utf8\n"], [`"bad \uFFFD\uFFFD utf8" 12B`]],
    [[[IAC, DO], "x\n"], [`"\uFFFD\uFFFDx" 4B`]],
  ];
  for (const [steps, lines] of cases) {
    const { shown, kind } = play(steps);
    deepEqual(shown, lines);
    equal(kind, "line");
  }
});

test("telnet rule: a no-newline client's lone 0xFF is a message a pause ends, not a command", () => {
  const f = new MessageFramer({ maxLineBytes: 64 });
  deepEqual(play([[IAC]], f).shown, []);
  equal(f.awaitsPause, true, "the held byte is waiting for what follows, or a pause");
  deepEqual(play(["<pause>"], f).shown, [`"\uFFFD" 1B`]);
  equal(f.kind, "no-newline");
  deepEqual(play([[0x61, IAC, DO], "<pause>"], f).shown, [`"a\uFFFD\uFFFD" 3B`]);
});

test("telnet rule: commands come where their bytes came, between lines", () => {
  deepEqual(play(["hi\n", TELNET_MODE_CHARACTER, "x\r\0"]).shown, [
    `"hi" 3B`,
    "telnet DO SGA,DO ECHO 6B reply WONT ECHO",
    `"x" 3B`,
  ]);
  // A command split over three reads has every byte counted, in the read that completes it.
  deepEqual(play([PUTTY_TELNET_OPENING, [IAC], [WILL, 31, IAC, DO], [1]]).shown.slice(1), [
    "telnet WILL NAWS 3B reply DONT NAWS",
    "telnet DO ECHO 3B reply WONT ECHO",
  ]);
});

test("telnet rule: EC and EL edit the line being typed where they come (RFC 854)", () => {
  const line = [
    ...enc.encode("ali"),
    IAC,
    EC,
    ...enc.encode("ce"),
    IAC,
    EL,
    ...enc.encode("bob\r\n"),
  ];
  deepEqual(play([PUTTY_TELNET_OPENING, line]).shown.slice(1), [
    "telnet EC 2B",
    "telnet EL 2B",
    `"bob" 10B`,
  ]);
  // EC erases a whole UTF-8 character; EL before the first key of a line erases nothing.
  deepEqual(play([TELNET_MODE_CHARACTER, "aă", [IAC, EC], "\r\0", [IAC, EL], "b\r\0"]).shown, [
    "telnet DO SGA,DO ECHO 6B reply WONT ECHO",
    "telnet EC 2B",
    `"a" 5B`,
    "telnet EL 2B",
    `"b" 3B`,
  ]);
});

test("telnet rule: AYT is owed a visible answer; IP, BRK, SUSP throw the line away", () => {
  deepEqual(play(["a\n", [IAC, AYT]]).shown, [`"a" 2B`, "telnet AYT 2B +here"]);
  const { shown } = play([TELNET_MODE_CHARACTER, "abc", TELNET_CTRL_C, "d\r\0"]);
  deepEqual(shown.slice(1), ["telnet IP,DO TIMING-MARK 5B reply WONT TIMING-MARK", `"d" 6B`]);
  for (const key of [0xf3, 0xed, 0xee]) {
    deepEqual(
      play([TELNET_MODE_CHARACTER, "abc", [IAC, key], "d\r\0"]).shown.at(-1),
      `"d" 6B`,
      `command ${key}`,
    );
  }
  // NOP, GA, AO, DM and EOF change nothing.
  for (const key of [0xf1, 0xf9, 0xf5, 0xf2, 0xec]) {
    deepEqual(
      play([TELNET_MODE_CHARACTER, "abc", [IAC, key], "d\r\0"]).shown.at(-1),
      `"abcd" 6B`,
      `command ${key}`,
    );
  }
});

test("telnet rule: character mode's Ctrl+C, Ctrl+U and Ctrl+D are keys, never text", () => {
  const typed = (keys: string) => play([TELNET_MODE_CHARACTER, ...keystrokes(keys)]).shown.at(-1);
  equal(typed("abc\x03d\r\0"), `"d" 7B`);
  equal(typed("abc\x15d\r\0"), `"d" 7B`);
  equal(typed("ab\x04c\r\0"), `"abc" 6B`);
  equal(typed("\x04\r\0"), `"" 3B`);
  // The same from any client: a line from nc holding the bytes themselves.
  deepEqual(play(["1\x03\x1c\x1a2\x15x\n"]).shown, [`"x" 8B`]);
});

/** Reads of any bytes, heavy in telnet's, line ends and edit keys, with pauses between some. */
const reads = fc.array(
  fc.oneof(
    fc.array(
      fc.oneof(
        fc.constantFrom(IAC, WILL, DO, DONT, SB, 0xf0, EC, EL, 0xf4, 1, 31, 0x0a, 0x0d, 0, 3, 8),
        fc.integer({ min: 0, max: 255 }),
      ),
      { minLength: 1, maxLength: 12 },
    ),
    fc.constant("<pause>" as const),
  ),
  { maxLength: 20 },
);

test("telnet rule: every byte received is in exactly one item, whatever the bytes, over-long lines too", () => {
  fc.assert(
    fc.property(reads, fc.constantFrom(4096, 8, 1), (steps, maxLineBytes) => {
      const f = new MessageFramer({ maxLineBytes });
      let sent = 0;
      let counted = 0;
      const count = (items: Received[]) => {
        for (const item of items) counted += item.bytes;
      };
      for (const step of steps) {
        if (step === "<pause>") {
          count(f.pause());
          continue;
        }
        sent += step.length;
        count(f.push(new Uint8Array(step)));
      }
      count(f.end());
      equal(counted, sent);
    }),
  );
});
