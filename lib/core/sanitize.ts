/**
 * Makes peer text safe to print on another user's terminal.
 *
 * A netcat user's terminal executes whatever escape codes arrive, so text typed by one user must
 * not be able to clear, retitle or recolour another's screen, ring its bell, or fake a new line.
 * C0 controls and DEL become visible caret notation (`ESC` → `^[`), which also shows a student
 * what was attempted; C1 controls and Unicode bidi overrides become U+FFFD; TAB becomes a space.
 *
 * @example
 * ```ts
 * import { sanitizePeerText } from "./sanitize.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(sanitizePeerText("\x1b[2Jhi\x07"), "^[[2Jhi^G");
 * ```
 * @module
 */

// C0 (0x00-0x1F), DEL, C1 (0x80-0x9F), and the bidi embedding/override/isolate controls that can
// make text display in a different order than it was typed.
// deno-lint-ignore no-control-regex -- matching control characters is the point.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x09) return " ";
  if (code < 0x20) return "^" + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return "^?";
  return "\uFFFD";
}

/** Returns `text` with every control character replaced by something harmless and visible. */
export function sanitizePeerText(text: string): string {
  // The fast path matters: almost every chat line is clean.
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, visible);
}
