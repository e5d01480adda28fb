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
  return items.map((i) => i.kind === "line" ? i.text : `<overflow ${i.maxLineBytes}>`);
}

test("framer: every split point of two CRLF lines gives the same lines", () => {
  const wire = enc.encode("héllo wörld 👋\r\nsecond\n");
  for (let a = 0; a <= wire.length; a++) {
    for (let b = a; b <= wire.length; b++) {
      const framer = new LineFramer({ maxLineBytes: 64 });
      const out = feed(framer, [wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]);
      deepEqual(out, [
        { kind: "line", text: "héllo wörld 👋", bytes: 20 },
        { kind: "line", text: "second", bytes: 7 },
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

test("framer: LF alone, empty lines and a lone CR inside a line", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  deepEqual(texts(feed(framer, ["x\n\n\r\nmid\rdle\n"])), ["x", "", "", "mid\rdle"]);
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

test("framer: an endless line overflows once, holds at most limit+1 bytes, then recovers", () => {
  const framer = new LineFramer({ maxLineBytes: 8 });
  const out: Framed[] = [];
  for (let i = 0; i < 1000; i++) {
    out.push(...framer.push(enc.encode("xxx")));
    equal(framer.pendingBytes <= 9, true);
  }
  out.push(...framer.push(enc.encode("tail\nnext\n")));
  deepEqual(texts(out), ["<overflow 8>", "next"]);
});

test("framer: overflow detected when the LF arrives with the crossing chunk", () => {
  const framer = new LineFramer({ maxLineBytes: 4 });
  deepEqual(texts(feed(framer, ["abc", "defg\nhi\n"])), ["<overflow 4>", "hi"]);
});

test("framer: invalid UTF-8 becomes U+FFFD, valid text around it survives", () => {
  const framer = new LineFramer({ maxLineBytes: 64 });
  const out = feed(framer, [new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x0a])]);
  deepEqual(out, [{ kind: "line", text: "a\uFFFDb\uFFFD", bytes: 5 }]);
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
  deepEqual(framer.end(), [{ kind: "line", text: "last words", bytes: 10 }]);
  deepEqual(framer.end(), []);
});

test("framer: end() during a discarded over-long line returns nothing", () => {
  const framer = new LineFramer({ maxLineBytes: 2 });
  deepEqual(texts(feed(framer, ["abcdef"])), ["<overflow 2>"]);
  deepEqual(framer.end(), []);
});

test("framer: rejects a non-positive limit", () => {
  throws(() => new LineFramer({ maxLineBytes: 0 }), RangeError);
});

test("framer survives garbage: random bytes and random chunking never exceed the bound", () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const framer = new LineFramer({ maxLineBytes: 32 });
  for (let i = 0; i < 2000; i++) {
    const chunk = new Uint8Array(Math.floor(random() * 50));
    for (let j = 0; j < chunk.length; j++) chunk[j] = Math.floor(random() * 256);
    for (const item of framer.push(chunk)) {
      if (item.kind === "line") equal(enc.encode(item.text).length <= 32 * 3, true);
    }
    equal(framer.pendingBytes <= 33, true);
  }
});
