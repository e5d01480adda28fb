import { deepEqual } from "node:assert/strict";
import { ESCAPE_TIMEOUT_MS, type Key, KeyDecoder } from "./keys.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const enc = new TextEncoder();

/** Chunks read `gapMs` apart (the same instant unless told): the keys they make. */
function decodeApart(gapMs: number, ...chunks: (string | Uint8Array)[]): Key[] {
  const decoder = new KeyDecoder();
  return chunks.flatMap((c, i) =>
    decoder.push(typeof c === "string" ? enc.encode(c) : c, i * gapMs)
  );
}

function decode(...chunks: (string | Uint8Array)[]): Key[] {
  return decodeApart(0, ...chunks);
}

/** A person's pause between two keys: far longer than the bytes of one sequence ever take. */
const PAUSE_MS = 300;

/** Joins neighbouring text keys: how typed text is split into chunks does not matter. */
function merged(keys: Key[]): Key[] {
  const out: Key[] = [];
  for (const key of keys) {
    const last = out.at(-1);
    if (key.kind === "text" && last?.kind === "text") {
      out[out.length - 1] = { kind: "text", text: last.text + key.text };
    } else out.push(key);
  }
  return out;
}

test("keys: control keys of a shell", () => {
  const table: [string, Key["kind"]][] = [
    ["\r", "enter"],
    ["\x7f", "backspace"],
    ["\x08", "backspace"],
    ["\x01", "home"],
    ["\x05", "end"],
    ["\x02", "left"],
    ["\x06", "right"],
    ["\x15", "kill-before"],
    ["\x0b", "kill-after"],
    ["\x17", "kill-word"],
    ["\x10", "up"],
    ["\x0e", "down"],
    ["\x0c", "clear-screen"],
    ["\x03", "interrupt"],
    ["\x04", "end-of-input"],
    ["\x1a", "suspend"],
    ["\x1c", "interrupt"],
  ];
  for (const [bytes, kind] of table) deepEqual(decode(bytes), [{ kind }], JSON.stringify(bytes));
});

/** The keys terminals send as escape sequences, in every spelling they use. */
const SEQUENCES: readonly [string, Key["kind"]][] = [
  ["\x1b[A", "up"],
  ["\x1b[B", "down"],
  ["\x1b[C", "right"],
  ["\x1b[D", "left"],
  ["\x1bOA", "up"],
  ["\x1bOD", "left"],
  ["\x1b[H", "home"],
  ["\x1b[F", "end"],
  ["\x1bOH", "home"],
  ["\x1bOF", "end"],
  ["\x1b[1~", "home"],
  ["\x1b[4~", "end"],
  ["\x1b[7~", "home"],
  ["\x1b[8~", "end"],
  ["\x1b[3~", "delete"],
  ["\x1b[1;5D", "word-left"],
  ["\x1b[1;5C", "word-right"],
  ["\x1bb", "word-left"],
  ["\x1bf", "word-right"],
  ["\x1b\x7f", "kill-word"],
];

test("keys: arrows, Home, End and Delete in every spelling terminals use", () => {
  for (const [bytes, kind] of SEQUENCES) {
    deepEqual(decode(bytes), [{ kind }], JSON.stringify(bytes));
  }
});

test("keys: UTF-8 text, wide characters and emoji come through whole", () => {
  deepEqual(decode("ce faceți? 世界 👍🏽"), [{ kind: "text", text: "ce faceți? 世界 👍🏽" }]);
});

test("keys: every split of the input between two reads gives the same keys", () => {
  const bytes = enc.encode("a\x1b[Db世🙂\x1b[3~\x1b[1;5Cé\r\n\x1bOH");
  const whole = merged(decode(bytes));
  deepEqual(whole, [
    { kind: "text", text: "a" },
    { kind: "left" },
    { kind: "text", text: "b世🙂" },
    { kind: "delete" },
    { kind: "word-right" },
    { kind: "text", text: "é" },
    { kind: "enter" },
    { kind: "home" },
  ]);
  for (let cut = 0; cut <= bytes.length; cut++) {
    deepEqual(merged(decode(bytes.subarray(0, cut), bytes.subarray(cut))), whole, `cut ${cut}`);
  }
});

test("keys: CR LF is one Enter, two CRs are two", () => {
  deepEqual(decode("a\r\nb\n"), [
    { kind: "text", text: "a" },
    { kind: "enter" },
    { kind: "text", text: "b" },
    { kind: "enter" },
  ]);
  deepEqual(decode("\r\r"), [{ kind: "enter" }, { kind: "enter" }]);
});

test("keys: Ctrl+S and Ctrl+Q (flow control, off in raw mode) are neither text nor keys", () => {
  deepEqual(decode("a\x13b\x11c"), [{ kind: "text", text: "abc" }]);
});

test("keys: unknown sequences and stray control characters never become text", () => {
  deepEqual(decode("\x1b[15~\x1b[200~x\x00\x1b[?1;2c\x9b\u202e"), [{ kind: "text", text: "x" }]);
  // ESC then a key with no Alt meaning: the key is kept.
  deepEqual(decode("\x1b", "x"), [{ kind: "text", text: "x" }]);
  deepEqual(decode("a\tb"), [{ kind: "text", text: "a b" }]);
});

test("keys: after a lone Esc, what is typed a moment later is text, whole", () => {
  // Each of these would start a sequence (ESC O K, ESC [ 1 ], Alt+B) if it came with the Esc.
  for (const typed of ["OK thanks", "[1] see above", "bye", "fine", "\x7fx", "[A", "O", "["]) {
    const keys = decodeApart(PAUSE_MS, "\x1b", typed + "\r");
    const text = typed === "\x7fx" ? [{ kind: "backspace" }, { kind: "text", text: "x" }] : [{
      kind: "text",
      text: typed,
    }];
    deepEqual(keys, [...text, { kind: "enter" }], JSON.stringify(typed));
  }
  // Esc pressed twice, or Esc then a key with a sequence of its own.
  deepEqual(decodeApart(PAUSE_MS, "\x1b", "\x1b", "ok"), [{ kind: "text", text: "ok" }]);
  deepEqual(decodeApart(PAUSE_MS, "\x1b", "\x1b[D"), [{ kind: "left" }]);
  // A lone Esc does nothing, however long it waits.
  deepEqual(decodeApart(PAUSE_MS, "\x1b"), []);
});

test("keys: a sequence split across reads still decodes while its bytes come close together", () => {
  for (const [sequence, kind] of SEQUENCES) {
    // Two reads, cut anywhere, ESCAPE_TIMEOUT_MS apart; and one byte per read at that pace.
    for (let cut = 1; cut < sequence.length; cut++) {
      const parts = [sequence.slice(0, cut), sequence.slice(cut)];
      deepEqual(decodeApart(ESCAPE_TIMEOUT_MS, ...parts), [{ kind }], JSON.stringify(parts));
    }
    deepEqual(decodeApart(ESCAPE_TIMEOUT_MS, ...sequence), [{ kind }], JSON.stringify(sequence));
  }
  // Bracketed paste's markers, were a terminal to send them, never become text either.
  const paste = ["\x1b[20", "0~pasted\x1b", "[201~"];
  deepEqual(decodeApart(ESCAPE_TIMEOUT_MS, ...paste), [{ kind: "text", text: "pasted" }]);
});

test("keys: a sequence cut by a pause is dropped; what follows the pause is read afresh", () => {
  deepEqual(decodeApart(PAUSE_MS, "\x1b[1;5", "D"), [{ kind: "text", text: "D" }]);
  deepEqual(decodeApart(PAUSE_MS, "x\x1bO", "Hi"), [{ kind: "text", text: "x" }, {
    kind: "text",
    text: "Hi",
  }]);
  // Just over the bound is a pause; at the bound it is still one sequence.
  deepEqual(decodeApart(ESCAPE_TIMEOUT_MS + 1, "\x1b", "b"), [{ kind: "text", text: "b" }]);
  deepEqual(decodeApart(ESCAPE_TIMEOUT_MS, "\x1b", "b"), [{ kind: "word-left" }]);
});

test("keys: every unsafe character is dropped from typed and pasted text", () => {
  // One of each kind in lib/core/unsafe_chars.ts, C0 controls without a key's meaning among them.
  const unsafe = [
    "\x00",
    "\x07",
    "\x11",
    "\x13",
    "\x1f",
    "\x85",
    "\x9b",
    "\u061c",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u206a",
    "\u206f",
    "\ufeff",
    "\ufff9",
    "\ufffb",
  ];
  for (const ch of unsafe) {
    const hex = ch.charCodeAt(0).toString(16);
    deepEqual(merged(decode(`a${ch}b`)), [{ kind: "text", text: "ab" }], hex);
    deepEqual(decode(ch), [], hex);
  }
  // What the list leaves alone stays: joiners inside an emoji, marks, a no-break space.
  const safe = "👩\u200d💻 e\u0301 a\u00a0b";
  deepEqual(decode(safe), [{ kind: "text", text: safe }]);
});
