// Fuzzing the framer: random bytes, random chunking, random limits.
import fc from "../../testing/fast_check.ts";
import { deepEqual, ok } from "node:assert/strict";
import { type Framed, LineFramer } from "./line_framer.ts";

function frameAll(
  chunks: readonly Uint8Array[],
  maxLineBytes: number,
): { out: Framed[]; peak: number } {
  const framer = new LineFramer({ maxLineBytes });
  const out: Framed[] = [];
  let peak = 0;
  for (const chunk of chunks) {
    out.push(...framer.push(chunk));
    peak = Math.max(peak, framer.pendingBytes);
  }
  out.push(...framer.end());
  return { out, peak };
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

// Bytes rich in what matters to framing: LF, CR, multi-byte UTF-8 and invalid sequences.
const interesting = fc.oneof(
  fc.constantFrom(0x0a, 0x0d, 0xc3, 0xa9, 0xf0, 0x9f, 0x91, 0x8b, 0xff, 0x00, 0x1b),
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

Deno.test({
  name: "framer fuzz: any chunking frames exactly like one chunk, within the memory bound",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        (bytes, offsets, maxLineBytes) => {
          const whole = frameAll([bytes], maxLineBytes);
          const chunked = frameAll(cut(bytes, offsets), maxLineBytes);
          deepEqual(chunked.out, whole.out);
          ok(
            chunked.peak <= maxLineBytes + 1,
            `held ${chunked.peak} bytes for a ${maxLineBytes}-byte limit`,
          );
          for (const item of chunked.out) {
            if (item.kind === "line") ok(!item.text.includes("\n"), "a line never contains LF");
          }
        },
      ),
      { numRuns: 500 },
    );
  },
});

Deno.test({
  name: "framer fuzz: every LF-terminated line under the limit comes out intact",
  permissions: "none",
  fn() {
    const line = fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));
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
