import { deepEqual, equal, throws } from "node:assert/strict";
import { type Framed, LineFramer } from "./line_framer.ts";

const enc = new TextEncoder();
const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

function feed(framer: LineFramer, chunks: (string | Uint8Array)[]): Framed[] {
  const out: Framed[] = [];
  for (const c of chunks) out.push(...framer.push(typeof c === "string" ? enc.encode(c) : c));
  return out;
}

function texts(items: Framed[]): string[] {
  return items.map((i) =>
    i.kind === "line"
      ? i.text
      : i.kind === "overflow"
      ? `<overflow ${i.maxLineBytes}>`
      : i.kind === "discarded"
      ? `<discarded ${i.bytes}>`
      : `<${i.byte}>`
  );
}

test("framer: every split point of two CRLF lines gives the same lines", () => {
  const wire = enc.encode("héllo wörld 👋\r\nsecond\n");
  for (let a = 0; a <= wire.length; a++) {
    for (let b = a; b <= wire.length; b++) {
      const framer = new LineFramer({ maxLineBytes: 64 });
      const out = feed(framer, [wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]);
      deepEqual(out, [
        { kind: "line", text: "héllo wörld 👋", bytes: 20, end: "newline", newline: "\r\n" },
        { kind: "line", text: "second", bytes: 7, end: "newline", newline: "\n" },
      ], `split at ${a},${b}`);
      equal(framer.pendingBytes, 0);
    }
  }
});

test("framer: ReadableStream chunks split mid-CRLF are framed like one chunk", async () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  const out: Framed[] = [];
  for await (const chunk of ReadableStream.from(["a\r", "\nb", "\r", "\n", "c\n"])) {
    out.push(...framer.push(enc.encode(chunk)));
  }
  deepEqual(texts(out), ["a", "b", "c"]);
});

test("framer: LF alone, empty lines, CR NUL and a lone CR all end lines", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  const out = feed(framer, ["x\n\n\r\nmid\rdle\n", "telnet\r\0putty\r"]);
  deepEqual(texts(out), ["x", "", "", "mid", "dle", "telnet"]);
  // A CR at the end of a read may still get its LF: the line waits for the next byte.
  equal(framer.awaitsNextByte, true);
  deepEqual(framer.push(enc.encode("next")), [
    { kind: "line", text: "putty", bytes: 6, end: "newline", newline: "\r" },
  ]);
  equal(framer.awaitsNextByte, false);
});

test("framer: a held CR line takes a LF or NUL from the next read into its byte count", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  deepEqual(feed(framer, ["a\r", "\nb\r", "\0c\r"]), [
    { kind: "line", text: "a", bytes: 3, end: "newline", newline: "\r\n" },
    { kind: "line", text: "b", bytes: 3, end: "newline", newline: "\r\0" },
  ]);
  // No byte follows: settle() (a pause) says the CR alone ended it.
  deepEqual(framer.settle(), [{
    kind: "line",
    text: "c",
    bytes: 2,
    end: "newline",
    newline: "\r",
  }]);
  deepEqual(framer.settle(), []);
});

test("framer: the LF or NUL of a CR is the CR's however late it comes, never an empty line", () => {
  for (const partner of ["\n", "\0"]) {
    const framer = new LineFramer({ maxLineBytes: 64 });
    deepEqual(feed(framer, ["first\r\n", "hello\r"]), [
      { kind: "line", text: "first", bytes: 7, end: "newline", newline: "\r\n" },
    ]);
    // A pause: the caller takes the line the CR ended.
    deepEqual(framer.settle(), [{
      kind: "line",
      text: "hello",
      bytes: 6,
      end: "newline",
      newline: "\r",
    }]);
    equal(framer.awaitsNextByte, false, "nothing left to wait for");
    deepEqual(framer.settle(), [], "a second pause changes nothing");
    deepEqual(framer.flush(), [], "nor does a pause that ends unfinished lines");
    deepEqual(feed(framer, [partner + "world\r\n"]), [
      { kind: "partner", byte: partner === "\n" ? "LF" : "NUL", bytes: 1 },
      { kind: "line", text: "world", bytes: 7, end: "newline", newline: "\r\n" },
    ]);
  }
});

test("framer: after a late LF, a CR, another byte or a second LF is framed as usual", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  deepEqual(texts(feed(framer, ["a\r"])), []);
  deepEqual(texts([...framer.settle(), ...feed(framer, ["\n", "\n"])]), ["a", "<LF>", ""]);
  deepEqual(texts([...feed(framer, ["b\r"]), ...framer.settle(), ...feed(framer, ["\r"])]), [
    "b",
  ]);
  // PuTTY's Enter twice, a pause between: two lines, the second one empty.
  deepEqual(texts([...framer.settle(), ...feed(framer, ["c\n"])]), ["", "c"]);
  deepEqual(texts([...feed(framer, ["d\r"]), ...framer.settle(), ...feed(framer, ["e\n"])]), [
    "d",
    "e",
  ]);
});

test("framer: every split of CR newlines, with a settle at any split, keeps texts and bytes", () => {
  const wire = enc.encode("héllo\r\nbye\r\0\rlast\r\n");
  const whole = texts(feed(new LineFramer({ maxLineBytes: 64 }), [wire]));
  deepEqual(whole, ["héllo", "bye", "", "last"]);
  for (let a = 0; a <= wire.length; a++) {
    for (let b = a; b <= wire.length; b++) {
      for (const pauses of [[], [a], [b], [a, b]]) {
        const framer = new LineFramer({ maxLineBytes: 64 });
        const out: Framed[] = [];
        for (const [from, to] of [[0, a], [a, b], [b, wire.length]]) {
          out.push(...framer.push(wire.subarray(from, to)));
          // A pause at a split where no line is unfinished (settle leaves unfinished ones).
          if (pauses.includes(to)) out.push(...framer.settle());
        }
        const lines = texts(out).filter((t) => t !== "<LF>" && t !== "<NUL>");
        deepEqual(lines, whole, `split at ${a},${b}, pauses at ${pauses}`);
        const bytes = out.reduce((sum, i) => sum + i.bytes, 0);
        equal(bytes, wire.length, `every byte counted once, split at ${a},${b}`);
      }
    }
  }
});

test("framer: the LF of a CR that ended a discarded line is not a line either, but is counted", () => {
  // As for a line, a CR at the end of a read waits for its LF, which is counted with it...
  const framer = new LineFramer({ maxLineBytes: 4 });
  deepEqual(feed(framer, ["toolong\r"]), []);
  equal(framer.awaitsNextByte, true);
  deepEqual(feed(framer, ["\nok\n"]), [
    { kind: "overflow", maxLineBytes: 4, bytes: 9, head: "tool" },
    { kind: "line", text: "ok", bytes: 3, end: "newline", newline: "\n" },
  ]);
  // ...or, after a pause, comes as the CR's partner: counted, never a line.
  const paused = new LineFramer({ maxLineBytes: 4 });
  deepEqual(texts([...feed(paused, ["toolong\r"]), ...paused.settle()]), ["<overflow 4>"]);
  deepEqual(texts(feed(paused, ["\nok\n"])), ["<LF>", "ok"]);
});

test("framer: a line of exactly the limit passes, one byte more overflows once", () => {
  const framer = new LineFramer({ maxLineBytes: 5 });
  deepEqual(texts(feed(framer, ["12345\n", "12345\r\n", "123456\n", "ok\n"])), [
    "12345",
    "12345",
    "<overflow 5>",
    "ok",
  ]);
});

test("framer: an endless line overflows once, holds at most limit bytes, then recovers", () => {
  const framer = new LineFramer({ maxLineBytes: 8 });
  const out: Framed[] = [];
  for (let i = 0; i < 1000; i++) {
    out.push(...framer.push(enc.encode("xxx")));
    equal(framer.pendingBytes <= 8, true);
  }
  out.push(...framer.push(enc.encode("tail\nnext\n")));
  deepEqual(texts(out), ["<overflow 8>", "<discarded 2996>", "next"]);
  deepEqual(out[0], { kind: "overflow", maxLineBytes: 8, bytes: 9, head: "xxxxxxxx" });
});

test("framer: an over-long line's bytes are all counted: what came, then its discarded rest", () => {
  const long = "é".repeat(30) + "x".repeat(100); // 160 bytes, 130 characters
  const whole = new LineFramer({ maxLineBytes: 100 });
  deepEqual(feed(whole, [long + "\r\n"]), [
    { kind: "overflow", maxLineBytes: 100, bytes: 162, head: "é".repeat(30) + "x".repeat(10) },
  ]);
  const split = new LineFramer({ maxLineBytes: 64 });
  const bytes = enc.encode(long + "\n");
  const out = feed(split, [bytes.subarray(0, 50), bytes.subarray(50, 70), bytes.subarray(70)]);
  deepEqual(out.map((i) => [i.kind, i.bytes]), [["overflow", 70], ["discarded", 91]]);
  // Ended by a pause or a close instead of a newline, the rest is counted all the same.
  const paused = new LineFramer({ maxLineBytes: 4 });
  deepEqual(texts([...feed(paused, ["abcdef", "gh"]), ...paused.flush()]), [
    "<overflow 4>",
    "<discarded 2>",
  ]);
  deepEqual(paused.flush(), [], "nothing left");
});

test("framer: overflow detected when the LF arrives with the crossing chunk", () => {
  const framer = new LineFramer({ maxLineBytes: 4 });
  deepEqual(texts(feed(framer, ["abc", "defg\nhi\n"])), ["<overflow 4>", "hi"]);
});

test("framer: invalid UTF-8 becomes U+FFFD, valid text around it survives", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  const out = feed(framer, [new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x0a])]);
  deepEqual(out, [{
    kind: "line",
    text: "a\uFFFDb\uFFFD",
    bytes: 5,
    end: "newline",
    newline: "\n",
    raw: new Uint8Array([0x61, 0xff, 0x62, 0xc3]),
  }]);
});

test("framer: a 4-byte character split over four reads stays whole", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  const bytes = enc.encode("🎉\n");
  const out = feed(framer, [...bytes].map((b) => new Uint8Array([b])));
  deepEqual(texts(out), ["🎉"]);
});

test("framer: end() returns an unfinished line instead of losing it", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  deepEqual(feed(framer, ["done\nlast words"]).length, 1);
  deepEqual(framer.end(), [{ kind: "line", text: "last words", bytes: 10, end: "close" }]);
  deepEqual(framer.end(), []);
});

test("framer: end() during a discarded over-long line returns nothing", () => {
  const framer = new LineFramer({ maxLineBytes: 2 });
  deepEqual(texts(feed(framer, ["abcdef"])), ["<overflow 2>"]);
  deepEqual(framer.end(), []);
});

test("framer: flush() ends the unfinished line where a pause was seen", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  deepEqual(feed(framer, ["hel", "lo"]), []);
  equal(framer.unfinished, true);
  deepEqual(framer.flush(), [{ kind: "line", text: "hello", bytes: 5, end: "pause" }]);
  equal(framer.unfinished, false);
  deepEqual(framer.flush(), []);
});

test("framer: flush() during a discarded over-long line ends the discard", () => {
  const framer = new LineFramer({ maxLineBytes: 4 });
  deepEqual(texts(feed(framer, ["abcdef"])), ["<overflow 4>"]);
  deepEqual(framer.flush(), []);
  deepEqual(texts(feed(framer, ["ok\n"])), ["ok"]);
});

test("framer: by default BS and DEL are text, byte for byte, like any other byte", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  equal(framer.editing, false);
  deepEqual(feed(framer, ["ab\x7fc\x08d\n", "\x7f\x08\r\n", "é\x7f\n"]), [
    { kind: "line", text: "ab\x7fc\x08d", bytes: 7, end: "newline", newline: "\n" },
    { kind: "line", text: "\x7f\x08", bytes: 4, end: "newline", newline: "\r\n" },
    { kind: "line", text: "é\x7f", bytes: 4, end: "newline", newline: "\n" },
  ]);
  // One byte per read, as a terminal would send them: still text.
  const keys = [..."alicx\x7fe\r\0"].map((c) => enc.encode(c));
  deepEqual(texts(feed(framer, keys)), ["alicx\x7fe"]);
});

test("framer: by default BS and DEL count toward the limit like any other byte", () => {
  const framer = new LineFramer({ maxLineBytes: 4 });
  deepEqual(texts(feed(framer, ["abc\x7f\n", "abcd\x7f\n", "ok\n"])), [
    "abc\x7f",
    "<overflow 4>",
    "ok",
  ]);
});

test("framer: by default every split of a line with BS and DEL frames like one chunk", () => {
  const wire = enc.encode("ab\x7fc\r\0dé\x08f\r\x7f\n");
  const one = new LineFramer({ maxLineBytes: 16 });
  const whole = [...one.push(wire), ...one.end()];
  deepEqual(texts(whole), ["ab\x7fc", "dé\x08f", "\x7f"]);
  for (let a = 0; a <= wire.length; a++) {
    for (let b = a; b <= wire.length; b++) {
      const framer = new LineFramer({ maxLineBytes: 16 });
      const out = feed(framer, [wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]);
      deepEqual([...out, ...framer.end()], whole, `split at ${a},${b}`);
    }
  }
});

test("framer, editing: DEL and BS erase the character before them, keystroke by keystroke", () => {
  const framer = new LineFramer({ maxLineBytes: 64, editing: true });
  const keys = [..."alicx\x7fe\r\0bop\x08b\r\n"].map((c) => enc.encode(c));
  deepEqual(feed(framer, keys), [
    { kind: "line", text: "alice", bytes: 9, end: "newline", newline: "\r\0" },
    { kind: "line", text: "bob", bytes: 7, end: "newline", newline: "\r\n" },
  ]);
});

test("framer, editing: erasing removes a whole UTF-8 character, and nothing before the line", () => {
  const framer = new LineFramer({ maxLineBytes: 64, editing: true });
  deepEqual(texts(feed(framer, ["\x7f\x7fxé👋\x7f\x7fy\n", "ă", "\x7f", "\x7fz\n"])), [
    "xy",
    "z",
  ]);
});

test("framer, editing: the limit counts the line as edited; typing past it overflows", () => {
  const framer = new LineFramer({ maxLineBytes: 4, editing: true });
  deepEqual(texts(feed(framer, ["abcd\x7fe\n", "abcd", "\x7f", "\x7f", "xy\n"])), [
    "abce",
    "abxy",
  ]);
  deepEqual(texts(feed(framer, ["abcd", "e\x7f\n", "ok\n"])), ["<overflow 4>", "ok"]);
  equal(framer.pendingBytes, 0);
});

test("framer, editing: every split of telnet, PuTTY and netcat input frames like one chunk", () => {
  const wire = enc.encode("ab\x7fc\r\0dé\x08f\r\rg\r\nh\n\r");
  const one = new LineFramer({ maxLineBytes: 8, editing: true });
  const whole = [...one.push(wire), ...one.end()];
  deepEqual(texts(whole), ["ac", "df", "", "g", "h", ""]);
  for (let a = 0; a <= wire.length; a++) {
    for (let b = a; b <= wire.length; b++) {
      const framer = new LineFramer({ maxLineBytes: 8, editing: true });
      const out = feed(framer, [wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]);
      deepEqual([...out, ...framer.end()], whole, `split at ${a},${b}`);
    }
  }
});

test("framer: rejects a non-positive limit", () => {
  throws(() => new LineFramer({ maxLineBytes: 0 }), RangeError);
});

test("framer survives garbage: random bytes and random chunking never exceed the bound", () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const editing of [false, true]) {
    const framer = new LineFramer({ maxLineBytes: 32, editing });
    for (let i = 0; i < 2000; i++) {
      const chunk = new Uint8Array(Math.floor(random() * 50));
      for (let j = 0; j < chunk.length; j++) chunk[j] = Math.floor(random() * 256);
      for (const item of framer.push(chunk)) {
        if (item.kind === "line") equal(enc.encode(item.text).length <= 32 * 3, true);
      }
      equal(framer.pendingBytes <= 32, true);
    }
  }
});
