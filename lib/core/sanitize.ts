/**
 * Makes peer text safe to print on another user's terminal.
 *
 * A netcat user's terminal executes whatever escape codes arrive, so text typed by one user must
 * not be able to clear, retitle or recolour another's screen, ring its bell, fake a new line, or
 * make text read in another order. Every character of the list in `unsafe_chars.ts` is replaced:
 * C0 controls and DEL by visible caret notation (`ESC` → `^[`), which also shows a student what was
 * attempted; TAB by a space; the others (C1 controls, line separators, bidi and invisible format
 * characters, lone surrogates) by U+FFFD.
 *
 * @example
 * ```ts
 * import { sanitizePeerText } from "./sanitize.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(sanitizePeerText("\x1b[2Jhi\x07"), "^[[2Jhi^G");
 * equal(sanitizePeerText("one\u2028two"), "one\uFFFDtwo");
 * ```
 * @module
 */

import { replaceUnsafe } from "./unsafe_chars.ts";

/** How a terminal shows an unsafe character. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x09) return " ";
  if (code < 0x20) return "^" + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return "^?";
  return "\uFFFD";
}

/** Returns `text` with every unsafe character replaced by something harmless and visible. */
export function sanitizePeerText(text: string): string {
  return replaceUnsafe(text, visible);
}
