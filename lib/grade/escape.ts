/**
 * Bytes shown so a student can see every one of them: printable text as it is (diacritics and
 * emoji too), and `\n`, `\r`, `\t`, `\\`, `\"` and `\xNN` for everything else, so a missing `\n`,
 * a stray `\r` or a broken UTF-8 character is visible in a report.
 *
 * @example
 * ```ts
 * import { showBytes } from "./escape.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(showBytes("[127.0.0.1:5000] bună\r\n"), '"[127.0.0.1:5000] bună\\r\\n"');
 * equal(showBytes(new Uint8Array([0x68, 0xc8])), '"h\\xc8"');
 * ```
 * @module
 */

import { escapeUnsafe, hasUnsafe, replaceUnsafe } from "../core/unsafe_chars.ts";

/** Characters shown by default before a long value is cut. */
export const DEFAULT_SHOWN_CHARS = 120;

const encoder = new TextEncoder();
const strict = new TextDecoder("utf-8", { fatal: true });
const NAMED: Readonly<Record<number, string>> = {
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x5c: "\\\\",
  0x22: '\\"',
};

/** Length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot lead one. */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

const hex = (byte: number) => `\\x${byte.toString(16).padStart(2, "0")}`;

/**
 * A character a terminal would act on instead of showing (C1 controls, bidi controls, line
 * separators): the project's one list, lib/core/unsafe_chars.ts.
 */
const invisible = hasUnsafe;

/**
 * `bytes` (or a string's UTF-8) as a quoted, escaped string, cut after `maxChars` characters
 * with the number of bytes left out: `"aaaa…" (+65000 bytes)`.
 */
export function showBytes(bytes: Uint8Array | string, maxChars = DEFAULT_SHOWN_CHARS): string {
  const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  let out = "";
  let shown = 0;
  let i = 0;
  while (i < data.length && shown < maxChars) {
    const byte = data[i];
    const named = NAMED[byte];
    const n = sequenceLength(byte);
    if (named !== undefined) {
      out += named;
      i++;
    } else if (n === 1) {
      out += byte < 0x20 || byte === 0x7f ? hex(byte) : String.fromCharCode(byte);
      i++;
    } else {
      const char = n > 0 && i + n <= data.length ? decodeOrNull(data.subarray(i, i + n)) : null;
      if (char === null || invisible(char)) {
        out += char === null ? hex(byte) : `\\u{${char.codePointAt(0)!.toString(16)}}`;
        i += char === null ? 1 : n;
      } else {
        out += char;
        i += n;
      }
    }
    shown++;
  }
  const left = data.length - i;
  return left > 0 ? `"${out}…" (+${left} bytes)` : `"${out}"`;
}

function decodeOrNull(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/** The most of a program's own output (its last lines) a one-line message shows, in characters. */
export const DEFAULT_SHOWN_OUTPUT = 300;

/**
 * The end of a program's output (`text`, its last `lines` non-empty lines joined with ` | `) for
 * a one-line message: every character of lib/core/unsafe_chars.ts escaped (`\u001b`, `\r`), and
 * at most `maxChars` characters, the earlier ones cut: `(… 199700 bytes before) …end`.
 */
export function showOutputTail(
  text: string,
  lines = 3,
  maxChars = DEFAULT_SHOWN_OUTPUT,
): string {
  const last = text.split("\n").map((l) => l.replace(/\r$/, "").trim()).filter((l) => l !== "");
  const joined = last.slice(-lines).join(" | ");
  if (joined === "") return "(no output)";
  const chars = [...joined];
  const kept = chars.length > maxChars ? chars.slice(-maxChars).join("") : joined;
  const shown = replaceUnsafe(kept, escapeUnsafe);
  if (kept === joined) return shown;
  const before = encoder.encode(joined).length - encoder.encode(kept).length;
  return `(… ${before} bytes before) ${shown}`;
}

/**
 * One line of a file or of a program's output, for a message: every character of
 * lib/core/unsafe_chars.ts escaped, cut after `maxChars` characters: `start… (N bytes more)`.
 */
export function showLine(text: string, maxChars = DEFAULT_SHOWN_OUTPUT): string {
  const chars = [...text];
  if (chars.length <= maxChars) return replaceUnsafe(text, escapeUnsafe);
  const kept = chars.slice(0, maxChars).join("");
  const more = encoder.encode(text).length - encoder.encode(kept).length;
  return `${replaceUnsafe(kept, escapeUnsafe)}… (${more} bytes more)`;
}
