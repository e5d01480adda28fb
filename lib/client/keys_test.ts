import { deepEqual } from "node:assert/strict";
import { type Key, KeyDecoder } from "./keys.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const enc = new TextEncoder();

function decode(...chunks: (string | Uint8Array)[]): Key[] {
  const decoder = new KeyDecoder();
  return chunks.flatMap((c) => decoder.push(typeof c === "string" ? enc.encode(c) : c));
}

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

test("keys: arrows, Home, End and Delete in every spelling terminals use", () => {
  const table: [string, Key["kind"]][] = [
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
  for (const [bytes, kind] of table) deepEqual(decode(bytes), [{ kind }], JSON.stringify(bytes));
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
  // A lone ESC followed by an ordinary key: the key is kept.
  deepEqual(decode("\x1b", "x"), [{ kind: "text", text: "x" }]);
  deepEqual(decode("a\tb"), [{ kind: "text", text: "a b" }]);
});
