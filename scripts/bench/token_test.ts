import { equal, throws } from "node:assert/strict";
import { LineKind, MIN_PAYLOAD_BYTES, TokenReader, writePayload } from "./token.ts";

const SIZE = 48;
const encoder = new TextEncoder();

function payload(sender: number, seq: number, timeUs = 1_700_000_000_123_456): string {
  const bytes = new Uint8Array(SIZE);
  writePayload(bytes, 0, SIZE, sender, seq, timeUs);
  return new TextDecoder().decode(bytes);
}

function kind(line: string, reader = new TokenReader(SIZE)): LineKind {
  const bytes = encoder.encode(line);
  return reader.read(bytes, 0, bytes.length);
}

Deno.test({
  name: "token: a tagged line gives back sender, sequence and time",
  permissions: "none",
}, () => {
  const reader = new TokenReader(SIZE);
  for (const tag of ["[127.0.0.1:53278]", "[[::1]:53278]", "<user5>", "#room <alice>"]) {
    equal(kind(`${tag} ${payload(12, 345_678)}`, reader), LineKind.Delivered, tag);
    equal(reader.sender, 12);
    equal(reader.seq, 345_678);
    equal(reader.timeUs, 1_700_000_000_123_456);
  }
});

Deno.test({ name: "token: a bare payload is untagged, not delivered", permissions: "none" }, () => {
  equal(kind(payload(1, 2)), LineKind.Untagged);
});

Deno.test(
  { name: "token: split, merged and corrupted lines are mangled", permissions: "none" },
  () => {
    const a = payload(1, 7);
    const b = payload(2, 9);
    equal(kind(`[h:1] ${a.slice(0, 20)}`), LineKind.Mangled, "first half of a split line");
    // The second half carries no mark: it cannot be told from a notice, but it is not counted.
    equal(kind(a.slice(20)), LineKind.Other, "second half of a split line");
    equal(kind(`[h:1] ${a.slice(0, 20)}[h:1] ${a.slice(20)}`), LineKind.Mangled, "prefix inside");
    equal(kind(`[h:1] ${a}${b}`), LineKind.Mangled, "two lines merged");
    equal(
      kind(`[h:1] ${a.slice(0, 30)}[h:2] ${b}`),
      LineKind.Mangled,
      "a cut line before a whole one",
    );
    const flipped = a.slice(0, 10) + (a[10] === "1" ? "2" : "1") + a.slice(11);
    equal(kind(`[h:1] ${flipped}`), LineKind.Mangled, "one digit changed");
    const badSum = a.slice(0, -1) + (a.endsWith("0") ? "1" : "0");
    equal(kind(`[h:1] ${badSum}`), LineKind.Mangled, "checksum changed");
    equal(kind(`h:1 ${a}`), LineKind.Mangled, "not a sender tag");
  },
);

Deno.test({ name: "token: other server lines are told apart", permissions: "none" }, () => {
  equal(kind("<announce> 127.0.0.1 is connected as <user5>."), LineKind.Other);
  equal(kind("* joined alice: alice joined the room."), LineKind.Other);
  equal(kind(""), LineKind.Other);
});

Deno.test({ name: "token: sizes and values are bounded", permissions: "none" }, () => {
  throws(() => new TokenReader(MIN_PAYLOAD_BYTES - 1), RangeError);
  throws(() => writePayload(new Uint8Array(64), 0, MIN_PAYLOAD_BYTES - 1, 0, 0, 0), RangeError);
  throws(() => writePayload(new Uint8Array(64), 0, SIZE, 1_000_000, 0, 0), RangeError);
  equal(kind(`[h:1] ${payload(999_999, 999_999_999, 9_007_199_254_740_991)}`), LineKind.Delivered);
});
