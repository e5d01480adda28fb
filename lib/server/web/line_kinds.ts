/**
 * What the live view calls each line, and whether it may show its text: the kind of a line a
 * client sent (from where the sender was when it arrived, as the mode's rules read it), and the
 * protocol's marks of the lines the server wrote (`* hello alice`, `? menu`, `<alice>`), read
 * with the wire grammar itself (`parseServerLine`).
 *
 * @example
 * ```ts
 * import { hiddenBecause, receivedKind, serverLineLook } from "./line_kinds.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * equal(receivedKind("chat", { kind: "naming" }), "id");
 * deepEqual(serverLineLook("#room <alice> hi"), { kind: "room", tag: "#room <alice>", text: "hi" });
 * equal(hiddenBecause("public", true), "private");
 * equal(hiddenBecause("public", false), undefined);
 * ```
 * @module
 */

import { COMMANDS, parseServerLine, SIGILS } from "../../core/protocol.ts";
import type { Mode } from "../options.ts";
import type { PlaceView, WebText } from "./view.ts";

/** Kinds of what clients send, keys of the page's words. */
const RECEIVED_IN_CHAT: Readonly<Record<PlaceView["kind"], string>> = {
  naming: "id",
  menu: "choice",
  choosing: "target",
  requesting: "line",
  answering: "answer",
  private: "private",
  room: "room",
};

/** The kind of a line a client sent while at `place` (chat mode), in `mode`. */
export function receivedKind(mode: Mode, place: PlaceView | undefined): string {
  if (mode === "broadcast") return "broadcast";
  if (mode === "echo") return "echo";
  return place ? RECEIVED_IN_CHAT[place.kind] : "line";
}

/** True when a line from a user at `place` is private chat text (`exit()` is a command). */
export function isPrivateText(place: PlaceView | undefined, text: string): boolean {
  return place?.kind === "private" && text.trim().toLowerCase() !== COMMANDS.exit;
}

/** Why text must not be shown under `policy`, or `undefined` when it may be. */
export function hiddenBecause(policy: WebText, isPrivate: boolean): "private" | "text" | undefined {
  if (policy === "none") return "text";
  if (policy === "public" && isPrivate) return "private";
  return undefined;
}

/** A server line as the diagram labels it. */
export interface ServerLineLook {
  /** `notice`, `error`, `prompt`, `private`, `room`, `broadcast` or `text` (an echo). */
  readonly kind: string;
  /** The line's own mark, as a user sees it in nc; empty for an echo. */
  readonly tag: string;
  /** What follows the mark. */
  readonly text: string;
}

/** Reads one line the server wrote. */
export function serverLineLook(line: string): ServerLineLook {
  const parsed = parseServerLine(line);
  switch (parsed.kind) {
    case "notice":
    case "error":
    case "prompt": {
      const subject = parsed.subject === undefined ? "" : " " + parsed.subject;
      return {
        kind: parsed.kind,
        tag: `${SIGILS[parsed.kind]} ${parsed.code}${subject}`,
        text: parsed.text,
      };
    }
    case "private":
      return { kind: "private", tag: `<${parsed.from}>`, text: parsed.text };
    case "room":
      return { kind: "room", tag: `#room <${parsed.from}>`, text: parsed.text };
    case "broadcast":
      return { kind: "broadcast", tag: `[${parsed.from}]`, text: parsed.text };
    case "text":
      return { kind: "text", tag: "", text: parsed.text };
  }
}
