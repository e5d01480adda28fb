/**
 * The chat as the server's operator sees it (the console's `who` and `kick alice`): which user a
 * typed ID names, and where each connection is, in words.
 *
 * @example
 * ```ts
 * import { createChatMachine } from "./chat.ts";
 * import { findUser, whereIs } from "./chat_lookup.ts";
 * import type { Event } from "./machine.ts";
 * import { equal } from "node:assert/strict";
 *
 * const chat = createChatMachine({ requestTimeoutSeconds: 60, loginTimeoutSeconds: 120 });
 * const events: Event[] = [
 *   { type: "connect", conn: 1, peer: "127.0.0.1:5001" },
 *   { type: "line", conn: 1, text: "alice" },
 *   { type: "connect", conn: 2, peer: "127.0.0.1:5002" },
 * ];
 * const state = events.reduce((s, e) => chat.step(s, e).state, chat.initial);
 * equal(findUser(state, "ALICE"), 1);
 * equal(whereIs(state, 1), "in the menu");
 * equal(whereIs(state, 2), "choosing an ID");
 * ```
 * @module
 */

import { type ChatState, isNamed } from "./chat_state.ts";
import type { ConnId } from "./machine.ts";
import { idKeys } from "./user_id.ts";

/**
 * The connection of the user `typed` names, found as a chat request finds its target: the user
 * it equals ignoring case first, else the one whose look-alike skeleton it shares (user_id.ts).
 */
export function findUser(state: ChatState, typed: string): ConnId | undefined {
  for (const key of idKeys(typed)) {
    const conn = state.byKey.get(key);
    if (conn !== undefined) return conn;
  }
  return undefined;
}

/** Where connection `conn` is, for the operator: `chatting with bob`; `undefined` if unknown. */
export function whereIs(state: ChatState, conn: ConnId): string | undefined {
  const place = state.sessions.get(conn)?.place;
  const name = (other: ConnId) => {
    const session = state.sessions.get(other);
    return session && isNamed(session) ? session.id : `#${other}`;
  };
  switch (place?.kind) {
    case undefined:
      return undefined;
    case "naming":
      return "choosing an ID";
    case "menu":
      return "in the menu";
    case "choosing":
      return "choosing whom to chat with";
    case "requesting":
      return `asking ${name(place.target)} for a chat`;
    case "answering":
      return `asked by ${name(place.requester)} for a chat`;
    case "private":
      return `chatting with ${name(place.partner)}`;
    case "room":
      return "in the common room";
  }
}
