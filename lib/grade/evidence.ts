/**
 * The evidence lines of a report, built from what the clients sent and saw: `A → "hello\n"`,
 * `B ← "[127.0.0.1:5001] hello\n"`, `C ← nothing within 3 s`. Bytes are escaped (escape.ts).
 *
 * @module
 */

import { showBytes } from "./escape.ts";
import type { Say } from "./result.ts";
import type { Seen } from "./seen.ts";

/** `A → "bytes"` for each thing sent, joined with `; `. */
export function sentBy(...items: readonly (readonly [string, Uint8Array | string])[]): Say {
  return () => items.map(([name, bytes]) => `${name} → ${showBytes(bytes)}`).join("; ");
}

/** `B, C ← "bytes"`: what each of `names` should get. */
export function expectedAt(names: readonly string[], bytes: Uint8Array | string): string {
  return `${names.join(", ")} ← ${showBytes(bytes)}`;
}

/** What each client got, and how its connection ended if it did. */
export function gotBy(seen: readonly Seen[], waitedMs: number): Say {
  return (t) =>
    seen.map((s) => {
      const what = s.total === 0 ? t.evidence.nothing(waitedMs) : showBytes(s.bytes);
      const ending = s.ending === undefined || s.ending.by === "grader"
        ? ""
        : `, ${t.evidence.ended(s.ending.by)}`;
      const flood = s.overflowed ? `, ${t.evidence.flood(s.total)}` : "";
      return `${s.name} ← ${what}${flood}${ending}`;
    }).join("; ");
}
