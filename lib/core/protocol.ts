/**
 * The tcpchat wire grammar: every line the server sends, how to write it and how to read it.
 *
 * Lines are UTF-8 text ending in LF. Each server line is readable in `nc` as it stands, and its
 * first characters say what it is (docs/PROTOCOL.md has the full grammar and a sample session):
 *
 * | line                                   | kind      | meaning                              |
 * | -------------------------------------- | --------- | ------------------------------------ |
 * | `* code: text` / `* code id: text`     | notice    | something happened                   |
 * | `! code: text` / `! code id: text`     | error     | your last line was refused           |
 * | `? code: text` / `? code id: text`     | prompt    | the server waits for this input      |
 * | `<alice> text`                         | private   | alice wrote to you in a private chat |
 * | `#room <alice> text`                   | room      | alice wrote in the common room       |
 * | `[127.0.0.1:53278] text`               | broadcast | broadcast mode: a line from that peer|
 *
 * Peer text only ever appears after a sender tag, and IDs cannot contain spaces or `<>#*!?:`,
 * so no user can make a line that starts like a server line.
 *
 * @example
 * ```ts
 * import { formatSystem, parseServerLine } from "./protocol.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const line = formatSystem("prompt", "request", "alice wants to chat with you. Accept? (y/n)", "alice");
 * deepEqual(parseServerLine(line), {
 *   kind: "prompt",
 *   code: "request",
 *   subject: "alice",
 *   text: "alice wants to chat with you. Accept? (y/n)",
 * });
 * ```
 * @module
 */

import type { Place } from "./place.ts";

/** Codes of `*` notices. */
export const NOTICE_CODES = [
  "welcome",
  "hello",
  "who",
  "waiting",
  "chat",
  "declined",
  "withdrawn",
  "timeout",
  "chat-ended",
  "room",
  "joined",
  "left",
  "room-left",
  "bye",
  "stopping",
  "operator",
  "here",
] as const;
/** Codes of `!` errors. */
export const ERROR_CODES = [
  "id-empty",
  "id-too-long",
  "id-invalid",
  "id-reserved",
  "id-taken",
  "choice",
  "alone",
  "no-such-user",
  "self",
  "busy",
  "still-waiting",
  "answer",
  "line-too-long",
  "full",
  "too-slow",
  "too-many-from-ip",
  "flood",
  "login-timeout",
  "idle",
  "kicked",
] as const;
/** Codes of `?` prompts: each one names the input the server now waits for. */
export const PROMPT_CODES = ["id", "menu", "target", "request"] as const;

/** One of {@link NOTICE_CODES}. */
export type NoticeCode = typeof NOTICE_CODES[number];
/** One of {@link ERROR_CODES}. */
export type ErrorCode = typeof ERROR_CODES[number];
/** One of {@link PROMPT_CODES}. */
export type PromptCode = typeof PROMPT_CODES[number];

/** The three kinds of server-authored line and the sigil that starts each. */
export const SIGILS = { notice: "*", error: "!", prompt: "?" } as const;
/** `notice`, `error` or `prompt`. */
export type SystemKind = keyof typeof SIGILS;
/** The codes that go with one kind of system line. */
export type CodeOf<K extends SystemKind> = K extends "notice" ? NoticeCode
  : K extends "error" ? ErrorCode
  : PromptCode;

/** A parsed server line. */
export type ServerLine =
  | {
    readonly kind: "notice";
    readonly code: NoticeCode;
    readonly subject?: string;
    readonly text: string;
  }
  | {
    readonly kind: "error";
    readonly code: ErrorCode;
    readonly subject?: string;
    readonly text: string;
  }
  | {
    readonly kind: "prompt";
    readonly code: PromptCode;
    readonly subject?: string;
    readonly text: string;
  }
  | { readonly kind: "private"; readonly from: string; readonly text: string }
  | { readonly kind: "room"; readonly from: string; readonly text: string }
  | { readonly kind: "broadcast"; readonly from: string; readonly text: string }
  /** Anything else: echo-mode replies, or lines from a server that is not tcpchat. */
  | { readonly kind: "text"; readonly text: string };

/** The words a user types that the server treats as commands rather than text. */
export const COMMANDS = {
  exit: "exit()",
  who: "who",
  privateChat: "1",
  quit: "2",
  room: "3",
  whoChoice: "4",
} as const;

/** Writes a server-authored line: `* code: text`, or `* code subject: text` about a user. */
export function formatSystem<K extends SystemKind>(
  kind: K,
  code: CodeOf<K>,
  text: string,
  subject?: string,
): string {
  return `${SIGILS[kind]} ${code}${subject === undefined ? "" : " " + subject}: ${text}`;
}

/** A private-chat line as the partner sees it. `text` must already be sanitised. */
export function formatPrivate(from: string, text: string): string {
  return `<${from}> ${text}`;
}

/** A common-room line as the other members see it. `text` must already be sanitised. */
export function formatRoom(from: string, text: string): string {
  return `#room <${from}> ${text}`;
}

/** The lab's broadcast format, exactly: `[ip:port] text`. `text` must already be sanitised. */
export function formatBroadcast(peer: string, text: string): string {
  return `[${peer}] ${text}`;
}

/** `ip:port` as the lab writes it, with an IPv6 address in brackets: `[::1]:53278`. */
export function formatPeer(hostname: string, port: number): string {
  return hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}

const SYSTEM = /^([*!?]) ([a-z][a-z-]*)(?: ([A-Za-z][A-Za-z0-9_-]*))?: (.*)$/s;
const PRIVATE = /^<([A-Za-z][A-Za-z0-9_-]*)> (.*)$/s;
const ROOM = /^#room <([A-Za-z][A-Za-z0-9_-]*)> (.*)$/s;
const BROADCAST = /^\[(\[[0-9A-Fa-f:.%\w]+\]:\d+|[^\s[\]]+:\d+)\] (.*)$/s;
const KIND_OF_SIGIL: Record<string, SystemKind> = { "*": "notice", "!": "error", "?": "prompt" };
const CODES: Record<SystemKind, readonly string[]> = {
  notice: NOTICE_CODES,
  error: ERROR_CODES,
  prompt: PROMPT_CODES,
};

/** Classifies one line received from a server (without its LF). Never throws. */
export function parseServerLine(line: string): ServerLine {
  const system = SYSTEM.exec(line);
  if (system) {
    const kind = KIND_OF_SIGIL[system[1]];
    const code = system[2];
    if (CODES[kind].includes(code)) {
      const text = system[4];
      const subject = system[3];
      const base = subject === undefined ? { text } : { subject, text };
      // The includes() check above is what makes these casts true.
      if (kind === "notice") return { kind, code: code as NoticeCode, ...base };
      if (kind === "error") return { kind, code: code as ErrorCode, ...base };
      return { kind, code: code as PromptCode, ...base };
    }
  }
  const room = ROOM.exec(line);
  if (room) return { kind: "room", from: room[1], text: room[2] };
  const priv = PRIVATE.exec(line);
  if (priv) return { kind: "private", from: priv[1], text: priv[2] };
  const broadcast = BROADCAST.exec(line);
  if (broadcast) return { kind: "broadcast", from: broadcast[1], text: broadcast[2] };
  return { kind: "text", text: line };
}

/**
 * The place a chat-mode user is in after receiving `line`, or `undefined` when the line does not
 * move them. This is how the client follows the server's state machine without guessing at words.
 */
export function placeAfter(line: ServerLine): Place<string> | undefined {
  if (line.kind === "prompt") {
    switch (line.code) {
      case "id":
        return { kind: "naming" };
      case "menu":
        return { kind: "menu" };
      case "target":
        return { kind: "choosing" };
      case "request":
        return line.subject === undefined
          ? undefined
          : { kind: "answering", requester: line.subject };
    }
  }
  if (line.kind === "notice" && line.subject !== undefined) {
    if (line.code === "waiting") return { kind: "requesting", target: line.subject };
    if (line.code === "chat") return { kind: "private", partner: line.subject };
  }
  if (line.kind === "notice" && line.code === "room") return { kind: "room" };
  return undefined;
}
