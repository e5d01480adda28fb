/**
 * tcpchat as a library: the pure rules behind the server and the client, with no I/O.
 *
 * - The wire grammar: {@link formatSystem}, {@link parseServerLine}, {@link placeAfter}.
 * - The modes as state machines, `(state, event) -> (state, effects)`: {@link createChatMachine},
 *   {@link broadcastMachine}, {@link echoMachine}.
 * - Framing a TCP byte stream into bounded messages: {@link LineFramer}, {@link MessageFramer}.
 * - Every sentence a user reads, in English and Romanian: {@link TEXTS}.
 *
 * @example A client connects in chat mode: the server's lines, and where the client now is
 * ```ts
 * import { createChatMachine, parseServerLine, placeAfter } from "./mod.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const chat = createChatMachine({ requestTimeoutSeconds: 60, loginTimeoutSeconds: 120 });
 * const { effects } = chat.step(chat.initial, { type: "connect", conn: 1, peer: "127.0.0.1:5001" });
 * const lines = effects.flatMap((e) => e.type === "send" ? [e.line] : []);
 * deepEqual(lines, [
 *   "* welcome: Welcome to tcpchat (chat mode). 0 other users online.",
 *   "? id: Enter your ID (1-16 letters, digits, _ or -, starting with a letter):",
 * ]);
 * deepEqual(placeAfter(parseServerLine(lines[1])), { kind: "naming" });
 * ```
 *
 * @example Bytes from a socket become bounded lines
 * ```ts
 * import { LineFramer } from "./mod.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const framer = new LineFramer({ maxLineBytes: 8 });
 * const items = framer.push(new TextEncoder().encode("ping\r\nfar too long\n"));
 * deepEqual(items.map((i) => i.kind === "line" ? i.text : i.kind), ["ping", "overflow"]);
 * ```
 * @module
 */

export * from "./core/protocol.ts";
export * from "./core/machine.ts";
export type { Place, PlaceKind } from "./core/place.ts";
export {
  createChatMachine,
  DEFAULT_LOGIN_TIMEOUT_SECONDS,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  MAX_LISTED_USERS,
} from "./core/chat.ts";
export type { ChatConfig } from "./core/chat.ts";
export type { ChatState, Named, NamedPlace, Session, Unnamed } from "./core/chat_state.ts";
export * from "./core/broadcast.ts";
export * from "./core/member_list.ts";
export * from "./core/echo.ts";
export * from "./core/line_framer.ts";
export * from "./core/message_framer.ts";
export type { TelnetCommand, TelnetVerb } from "./core/telnet_commands.ts";
export * from "./core/texts.ts";
export { sanitizePeerText } from "./core/sanitize.ts";
export * from "./core/user_id.ts";
