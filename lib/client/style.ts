/**
 * Colours for what the client prints: each kind of server line in its own colour, as the shared
 * grammar classifies it, so notices, errors, the menu and each kind of message are told apart at a
 * glance. Without colour every function returns its text unchanged.
 *
 * @example
 * ```ts
 * import { styleServerLine } from "./style.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(styleServerLine("<bob> hi", false), "<bob> hi");
 * equal(styleServerLine("<bob> hi", true), "\x1b[1m\x1b[35m<bob>\x1b[39m\x1b[22m hi");
 * ```
 * @module
 */

import { styleText } from "node:util";
import { parseServerLine, type ServerLine } from "../core/protocol.ts";

type Format = Parameters<typeof styleText>[0];

const SYSTEM_FORMAT: Record<"notice" | "error" | "prompt", Format> = {
  notice: "cyan",
  error: ["bold", "red"],
  prompt: "yellow",
};
const TAG_FORMAT: Record<"private" | "room" | "broadcast", Format> = {
  private: ["bold", "magenta"],
  room: ["bold", "green"],
  broadcast: ["bold", "blue"],
};

function paint(format: Format, text: string, color: boolean): string {
  return color ? styleText(format, text, { validateStream: false }) : text;
}

function tagOf(line: ServerLine & { kind: "private" | "room" | "broadcast" }): string {
  if (line.kind === "private") return `<${line.from}>`;
  if (line.kind === "room") return `#room <${line.from}>`;
  return `[${line.from}]`;
}

/** One server line, coloured by its kind: a whole system line, or a message's sender tag. */
export function styleServerLine(text: string, color: boolean): string {
  if (!color) return text;
  const line = parseServerLine(text);
  switch (line.kind) {
    case "notice":
    case "error":
    case "prompt":
      return paint(SYSTEM_FORMAT[line.kind], text, color);
    case "private":
    case "room":
    case "broadcast": {
      const tag = tagOf(line);
      return paint(TAG_FORMAT[line.kind], tag, color) + text.slice(tag.length);
    }
    case "text":
      return text;
  }
}

/** The client's own lines (connected, closed): dim, so they stand apart from the server's. */
export function styleStatus(text: string, color: boolean): string {
  return paint("dim", text, color);
}

/** The prompt: bold. */
export function stylePrompt(text: string, color: boolean): string {
  return paint("bold", text, color);
}
