// Fuzzing the framer: random bytes, random chunking, random limits, with and without editing.
import fc from "../../testing/fast_check.ts";
import { deepEqual, equal, ok } from "node:assert/strict";
import { type Framed, LineFramer } from "./line_framer.ts";

function frameAll(
  chunks: readonly Uint8Array[],
  maxLineBytes: number,
  editing = false,
): { out: Framed[]; peak: number } {
  const framer = new LineFramer({ maxLineBytes, editing });
  const out: Framed[] = [];
  let peak = 0;
  for (const chunk of chunks) {
    out.push(...framer.push(chunk));
    peak = Math.max(peak, framer.pendingBytes);
  }
  out.push(...framer.end());
  return { out, peak };
}

/**
 * The items with each over-long line's discarded rest counted in its overflow: how much of such
 * a line had come when it was found too long depends on the reads, and nothing else does.
 */
function merged(out: readonly Framed[]): Framed[] {
  const result: Framed[] = [];
  for (const item of out) {
    const last = result.at(-1);
    if (item.kind === "discarded" && last?.kind === "overflow") {
      result[result.length - 1] = { ...last, bytes: last.bytes + item.bytes };
    } else result.push(item);
  }
  return result;
}

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

// Bytes rich in what matters to framing: LF, CR, BS, DEL, multi-byte UTF-8, invalid sequences.
const interesting = fc.oneof(
  fc.constantFrom(0x0a, 0x0d, 0x08, 0x7f, 0xc3, 0xa9, 0xf0, 0x9f, 0x91, 0x8b, 0xff, 0x00, 0x1b),
  fc.integer({ min: 0x20, max: 0x7e }),
);
const stream = fc.uint8Array({ maxLength: 400, size: "max" }).chain((noise) =>
  fc.array(interesting, { maxLength: 400, size: "max" }).map((picked) => {
    const bytes = new Uint8Array(noise.length + picked.length);
    bytes.set(noise);
    bytes.set(picked, noise.length);
    return bytes;
  })
);

/** A stream, where to cut it into reads, a line limit, and whether BS and DEL edit. */
const framing = [
  stream,
  fc.array(fc.nat(), { maxLength: 30 }),
  fc.integer({ min: 1, max: 64 }),
  fc.boolean(),
] as const;

Deno.test({
  name: "framer fuzz: any chunking frames exactly like one chunk, within the memory bound",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        ...framing,
        (bytes, offsets, maxLineBytes, editing) => {
          const whole = frameAll([bytes], maxLineBytes, editing);
          const chunked = frameAll(cut(bytes, offsets), maxLineBytes, editing);
          deepEqual(merged(chunked.out), merged(whole.out));
          ok(
            chunked.peak <= maxLineBytes + 1,
            `held ${chunked.peak} bytes for a ${maxLineBytes}-byte limit`,
          );
          for (const item of chunked.out) {
            if (item.kind !== "line") continue;
            ok(!item.text.includes("\n"), "a line never contains LF");
            if (editing) ok(!/[\b\x7f]/.test(item.text), "an edit key never reaches the text");
          }
        },
      ),
      { numRuns: 500 },
    );
  },
});

Deno.test({
  name: "framer fuzz: a pause at any read boundary never turns a late LF or NUL into a line",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        ...framing,
        (bytes, offsets, maxLineBytes, editing) => {
          const whole = frameAll([bytes], maxLineBytes, editing).out;
          // A pause after every read: settle() releases a line its CR ended.
          const framer = new LineFramer({ maxLineBytes, editing });
          const paused: Framed[] = [];
          for (const chunk of cut(bytes, offsets)) {
            paused.push(...framer.push(chunk), ...framer.settle());
          }
          paused.push(...framer.end());
          const lines = (out: Framed[]) =>
            out.flatMap((i) =>
              i.kind === "partner" || i.kind === "discarded"
                ? []
                : [i.kind === "line" ? i.text : "<long>"]
            );
          const wire = (out: Framed[]) => out.reduce((sum, i) => sum + i.bytes, 0);
          deepEqual(lines(paused), lines(whole));
          equal(wire(paused), bytes.length, "every byte counted once, over-long lines too");
          equal(wire(whole), bytes.length, "every byte counted once in one read");
        },
      ),
      { numRuns: 300 },
    );
  },
});

/** Text with BS and DEL typed in it, no CR or LF. */
const typedLine = fc.array(
  fc.oneof(fc.string({ unit: "grapheme", maxLength: 3 }), fc.constantFrom("\b", "\x7f")),
  { maxLength: 12 },
).map((parts) => parts.join("")).filter((s) => !/[\r\n]/.test(s));

Deno.test({
  name: "framer fuzz: every LF-terminated line under the limit comes out intact, BS and DEL too",
  permissions: "none",
  fn() {
    const line = typedLine;
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (lines, offsets) => {
          const bytes = new TextEncoder().encode(lines.map((l) => l + "\n").join(""));
          const { out } = frameAll(cut(bytes, offsets), 1024);
          deepEqual(out.map((i) => i.kind === "line" ? i.text : "<overflow>"), lines);
        },
      ),
      { numRuns: 300 },
    );
  },
});

/** What a terminal showed: each BS or DEL took back the character (code point) before it. */
function asTyped(line: string): string {
  const kept: string[] = [];
  for (const ch of line) {
    if (ch === "\b" || ch === "\x7f") kept.pop();
    else kept.push(ch);
  }
  return kept.join("");
}

Deno.test({
  name: "framer fuzz: with editing, each line is what its BS and DEL keys left, in any chunking",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        fc.array(typedLine, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (lines, offsets) => {
          const bytes = new TextEncoder().encode(lines.map((l) => l + "\r\n").join(""));
          const { out } = frameAll(cut(bytes, offsets), 1024, true);
          deepEqual(out.map((i) => i.kind === "line" ? i.text : "<overflow>"), lines.map(asTyped));
        },
      ),
      { numRuns: 300 },
    );
  },
});
