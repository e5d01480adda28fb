import { deepEqual, equal } from "node:assert/strict";
import fc from "../../testing/fast_check.ts";
import { TelnetFilter, type TelnetPiece } from "./telnet.ts";
import { formatTelnet, MAX_SUBNEGOTIATION_BYTES } from "./telnet_commands.ts";
import {
  PUTTY_TELNET_OPENING,
  TELNET_A_BREVE,
  TELNET_CTRL_C,
  TELNET_MODE_CHARACTER,
  TELNET_SEND_AYT_MID_LINE,
} from "../../testing/recorded.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const enc = new TextEncoder();
const [IAC, WILL, WONT, DO, DONT, SB, SE] = [0xff, 0xfb, 0xfc, 0xfd, 0xfe, 0xfa, 0xf0];

/** What the filter makes of chunks: the text bytes, the commands, and every byte's piece. */
function filterAll(
  chunks: readonly Uint8Array[],
  filter = new TelnetFilter(),
  options: { pauseAfterEach?: boolean } = {},
) {
  const data: number[] = [];
  const commands: string[] = [];
  let bytes = 0;
  const take = (pieces: TelnetPiece[]) => {
    for (const piece of pieces) {
      if (piece.type === "data") {
        data.push(...piece.bytes);
        bytes += piece.wire;
      } else {
        commands.push(formatTelnet(piece.command));
        bytes += piece.bytes;
      }
    }
  };
  for (const chunk of chunks) {
    take(filter.push(chunk));
    if (options.pauseAfterEach) take(filter.flush());
  }
  take(filter.end());
  return { data, commands, bytes, telnet: filter.telnet };
}

const text = (data: number[]) => new TextDecoder().decode(new Uint8Array(data));
const bytesOf = (...parts: (string | number[] | Uint8Array)[]) =>
  new Uint8Array(parts.flatMap((p) => typeof p === "string" ? [...enc.encode(p)] : [...p]));

test("telnet: PuTTY's opening, split at every byte, is never text", () => {
  const wire = bytesOf(PUTTY_TELNET_OPENING, "alice\r\n");
  for (let cut = 0; cut <= wire.length; cut++) {
    const out = filterAll([wire.subarray(0, cut), wire.subarray(cut)]);
    deepEqual(out, {
      data: [...enc.encode("alice\r\n")],
      commands: [
        "WILL NAWS",
        "WILL TSPEED",
        "WILL TTYPE",
        "WILL NEW-ENVIRON",
        "DO ECHO",
        "WILL SGA",
        "DO SGA",
      ],
      bytes: wire.length,
      telnet: true,
    }, `cut at ${cut}`);
  }
});

test("telnet: inetutils telnet, which negotiates nothing until its user acts, becomes telnet", () => {
  // Line mode: whole lines, then Ctrl+C (IP and DO TIMING-MARK) at the start of the next one.
  let out = filterAll([enc.encode("alice\r\n"), TELNET_CTRL_C, enc.encode("4\r\n")]);
  deepEqual([text(out.data), out.commands], ["alice\r\n4\r\n", ["IP", "DO TIMING-MARK"]]);
  // `mode character` after a line, or after part of one: negotiation is telnet anywhere.
  for (const before of ["", "carol\r\n", "ca"]) {
    out = filterAll([
      enc.encode(before),
      TELNET_MODE_CHARACTER,
      ...[..."x\r\0"].map((c) => enc.encode(c)),
    ]);
    deepEqual([text(out.data), out.commands, out.telnet], [
      `${before}x\r\0`,
      ["DO SGA", "DO ECHO"],
      true,
    ]);
  }
  // A key's command mid-line followed by DO TIMING-MARK, as telnet sends it for "ă": telnet.
  for (let cut = 0; cut <= TELNET_A_BREVE.length; cut++) {
    out = filterAll([TELNET_A_BREVE.subarray(0, cut), TELNET_A_BREVE.subarray(cut)]);
    deepEqual([out.data, out.commands, out.bytes, out.telnet], [
      [0x61, 0xc4],
      ["IP", "DO TIMING-MARK"],
      TELNET_A_BREVE.length,
      true,
    ], `cut at ${cut}`);
  }
  // Without DO TIMING-MARK after it, or with a pause before it, a mid-line IP is still text.
  out = filterAll([bytesOf("a", [IAC, 244, IAC, DO], "x")]);
  deepEqual([out.commands, out.telnet], [[], false]);
  // `send ayt` typed after part of a line, before anything else telnet: one of its limits.
  out = filterAll([TELNET_SEND_AYT_MID_LINE]);
  deepEqual([out.data, out.commands], [[...TELNET_SEND_AYT_MID_LINE], []]);
});

test("telnet: a 0xFF from a client that is not telnet is text, and nothing is answered", () => {
  const cases = [
    bytesOf("na\xefve ", [IAC, SB], " oops\n"), // Latin-1 text, and 0xFF 0xFA: IAC SB
    new Uint8Array([0xff, 0xfe, ...[..."carol\n"].flatMap((c) => [c.charCodeAt(0), 0])]), // UTF-16
    bytesOf("bad ", [IAC, DONT], " utf8\n"), // DONT TSPEED: a refusal opens nothing
    bytesOf([IAC, DO], "x\n"), // DO of option 120: no such option
    bytesOf([IAC, DO], " x\n"), // DO TSPEED: only a terminal has a speed; no client asks for it
    bytesOf([IAC, WILL, 200, IAC, WONT, 1, IAC, DO, 99, IAC, IAC, IAC, SE]),
    bytesOf("hello ", [IAC, 244], " world\n"), // IP in the middle of a line
    bytesOf([IAC, SB, 24, 1, IAC, SE]), // subnegotiation of an option never agreed on
  ];
  for (const wire of cases) {
    for (let cut = 0; cut <= wire.length; cut++) {
      const out = filterAll([wire.subarray(0, cut), wire.subarray(cut)]);
      deepEqual(out, { data: [...wire], commands: [], bytes: wire.length, telnet: false });
    }
  }
  equal(text([...cases[1]]).startsWith("\uFFFD\uFFFDc"), true, "decoded, each 0xFF is U+FFFD");
});

/** Bytes that can never start telnet: text, and every IAC that opens nothing where it is. */
const notTelnet = fc.array(
  fc.oneof(
    fc.uint8Array({ maxLength: 6 }).map((b) => [...b].filter((x) => x !== IAC)),
    fc.constantFrom([IAC], [IAC, IAC], [IAC, WONT, 1], [IAC, DONT, 32], [IAC, SB, 24], [IAC, SE]),
    fc.integer({ min: 50, max: 137 }).map((o) => [IAC, DO, o]),
    fc.constantFrom(23, 24, 28, 31, 32, 33, 34, 35, 36, 37, 39, 44, 49).map((o) => [IAC, DO, o]),
    fc.integer({ min: 141, max: 254 }).map((o) => [IAC, WILL, o]),
    // A key command, but after text that ends no line.
    fc.integer({ min: 236, max: 249 }).map((c) => [0x78, IAC, c]),
  ),
  { maxLength: 12 },
).map((parts) => new Uint8Array(parts.flat())).filter((bytes) => !opensTelnet(bytes));

/** The rule, written out plainly: where is the first byte that makes a stream telnet? */
function opensTelnet(bytes: Uint8Array): boolean {
  let lineStart = true;
  let last = -1;
  for (let i = 0; i < bytes.length; i++) {
    const [b, next, option] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const registered = option <= 49 || (option >= 138 && option <= 140) || option === 255;
    const terminal = [23, 24, 28, 31, 32, 33, 34, 35, 36, 37, 39, 44, 49].includes(option);
    if (b === IAC && next === WILL && option !== undefined && registered) return true;
    if (b === IAC && next === DO && option !== undefined && registered && !terminal) return true;
    if (b === IAC && lineStart && next !== undefined && next >= 236 && next <= 249) {
      if (next !== 239 && next !== 240) return true;
    }
    lineStart = b === 0x0a || b === 0x0d || (b === 0 && last === 0x0d);
    last = b;
  }
  return false;
}

test("telnet: bytes that start no command pass as text, however cut and paused", () => {
  fc.assert(
    fc.property(notTelnet, fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (wire, cuts, p) => {
      const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((from, i) => wire.slice(from, [...points, wire.length][i]));
      deepEqual(
        filterAll(chunks, new TelnetFilter(), { pauseAfterEach: p }),
        { data: [...wire], commands: [], bytes: wire.length, telnet: false },
      );
    }),
  );
});

test("telnet: held bytes wait for the byte that decides, and a pause makes them text", () => {
  const filter = new TelnetFilter();
  deepEqual(filter.push(bytesOf("ab", [IAC])), [{ type: "data", bytes: bytesOf("ab"), wire: 2 }]);
  equal(filter.holding, true);
  deepEqual(filter.push(new Uint8Array([DO])), []);
  deepEqual(filter.flush(), [{ type: "data", bytes: new Uint8Array([IAC, DO]), wire: 2 }]);
  equal(filter.holding, false);
  // The same bytes, then an option: a command after all, counted with the bytes before it.
  const again = new TelnetFilter();
  again.push(bytesOf("ab", [IAC]));
  again.push(new Uint8Array([DO]));
  deepEqual(again.push(bytesOf([1], "c")), [
    { type: "telnet", command: { type: "negotiation", verb: "DO", option: 1 }, bytes: 3 },
    { type: "data", bytes: bytesOf("c"), wire: 1 },
  ]);
});

test("telnet: once telnet, every IAC is a command, and IAC IAC is one data byte 255", () => {
  const out = filterAll([bytesOf([IAC, WILL, 31], "a", [IAC, IAC], "b", [IAC, DONT, 32, IAC, 16])]);
  deepEqual(out, {
    data: [0x61, IAC, 0x62],
    commands: ["WILL NAWS", "DONT TSPEED", "command 16"],
    bytes: 12,
    telnet: true,
  });
});

test("telnet: commands for keys are telnet at the start of the stream or of a line", () => {
  const names = [236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249].map((c) =>
    filterAll([bytesOf([IAC, DO, 1, IAC, c])]).commands[1]
  );
  deepEqual(names, [
    "EOF",
    "SUSP",
    "ABORT",
    "EOR",
    "SE",
    "NOP",
    "DM",
    "BRK",
    "IP",
    "AO",
    "AYT",
    "EC",
    "EL",
    "GA",
  ]);
  for (const before of ["", "a\n", "a\r", "a\r\n", "a\r\0"]) {
    deepEqual(filterAll([bytesOf(before, [IAC, 247])]).commands, ["EC"], JSON.stringify(before));
  }
  for (const before of ["a", "a\n\0", "\0"]) {
    deepEqual(filterAll([bytesOf(before, [IAC, 247])]).commands, [], JSON.stringify(before));
  }
});

test("telnet: a subnegotiation is dropped whole, with IAC IAC inside, but never past its bound", () => {
  // 0, the As and the 255 of IAC IAC: exactly the most a subnegotiation may hold.
  const long = new Uint8Array(MAX_SUBNEGOTIATION_BYTES - 2).fill(0x41);
  let out = filterAll([
    bytesOf("a", [IAC, WILL, 24, IAC, SB, 24, 0]),
    long,
    bytesOf([IAC, IAC, IAC]),
    bytesOf([SE], "b"),
  ]);
  deepEqual([text(out.data), out.commands], ["ab", ["WILL TTYPE", "SB TTYPE"]]);
  // No IAC SE: the subnegotiation ends at the bound, and the stream is read again after it.
  const endless = new Uint8Array(MAX_SUBNEGOTIATION_BYTES + 5).fill(0x41);
  out = filterAll([bytesOf([IAC, WILL, 24, IAC, SB, 24]), endless, bytesOf("\r\n")]);
  deepEqual(out.commands, [
    "WILL TTYPE",
    `SB TTYPE (no IAC SE within ${MAX_SUBNEGOTIATION_BYTES} bytes: cut)`,
  ]);
  deepEqual(text(out.data), "AAAAA\r\n");
  equal(out.bytes, 6 + endless.length + 2);
});

test("telnet: a command cut short by the end of the stream still has its bytes", () => {
  deepEqual(filterAll([bytesOf([IAC, WILL, 1, IAC, SB, 24, 1, 2])]), {
    data: [],
    commands: ["WILL ECHO", "(a command cut short by the end of the stream)"],
    bytes: 8,
    telnet: true,
  });
});

/** Any bytes, heavy in IAC, verbs, key commands and line ends. */
const wireBytes = fc.array(
  fc.oneof(
    fc.constantFrom(IAC, WILL, WONT, DO, DONT, SB, SE, 244, 246, 247, 248, 0x0a, 0x0d, 0, 1, 24),
    fc.integer({ min: 0, max: 255 }),
  ),
  { maxLength: 60 },
).map((b) => new Uint8Array(b));

test("telnet: however a stream is cut, the pieces are the same, and every byte is counted", () => {
  fc.assert(
    fc.property(wireBytes, fc.array(fc.nat(), { maxLength: 6 }), (wire, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((from, i) => wire.slice(from, [...points, wire.length][i]));
      const whole = filterAll([wire]);
      deepEqual(filterAll(chunks), whole);
      equal(whole.bytes, wire.length);
    }),
  );
});
