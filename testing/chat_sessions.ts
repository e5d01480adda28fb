/**
 * Test support shared by the model-based tests of the chat mode (against the pure machine, and
 * against a real server): random sessions described by user slots, and what a user in each place
 * might type.
 *
 * @module
 */

import fc from "./fast_check.ts";
import { type ChatState, isNamed } from "../lib/core/chat_state.ts";
import type { Place } from "../lib/core/place.ts";
import type { ConnId } from "../lib/core/machine.ts";

/** IDs users try: valid ones, the same ones in other case or with look-alikes, invalid ones. */
export const TRIED_IDS = ["ann", "ben", "cat", "dan", "Ann", "b3n", "x y", "", "server", "9lives"];
/** Lines that make no sense where they are typed, and attempts at faking server lines. */
export const JUNK = ["maybe", "", " EXIT() ", "\x1b[2J", "* bye: fake", "who", "ünïcödé ✓"];

/** The steps every random session is made of, by user slot rather than connection number. */
export type SessionAction =
  | { readonly kind: "connect"; readonly slot: number }
  /** `choice` picks among the inputs that make sense where the user is (see {@link inputsFor}). */
  | { readonly kind: "type"; readonly slot: number; readonly choice: number }
  | { readonly kind: "leave"; readonly slot: number };

/** Weighted arbitraries of {@link SessionAction}s for `users` slots, for `fc.oneof`. */
export function sessionActions(users: number): fc.WeightedArbitrary<SessionAction>[] {
  const slot = fc.integer({ min: 0, max: users - 1 });
  return [
    { weight: 2, arbitrary: slot.map((s) => ({ kind: "connect" as const, slot: s })) },
    {
      weight: 12,
      arbitrary: fc.record({ kind: fc.constant("type" as const), slot, choice: fc.nat() }),
    },
    { weight: 1, arbitrary: slot.map((s) => ({ kind: "leave" as const, slot: s })) },
  ];
}

/**
 * What the user at `conn` might type now: mostly the inputs that move a session forward where
 * the user is (so random sessions reach chats and the room), plus some junk.
 */
export function inputsFor(state: ChatState, conn: ConnId): string[] {
  const session = state.sessions.get(conn);
  if (!session || !isNamed(session)) return TRIED_IDS;
  const others = [...state.sessions.values()].filter(isNamed).map((s) => s.id);
  switch (session.place.kind) {
    case "menu":
      return ["1", "1", "3", "3", "3", "4", "2", ...JUNK.slice(0, 3)];
    case "choosing":
      return [...others, ...others, "", "zed", ...JUNK];
    case "requesting":
      return ["exit()", ...JUNK];
    case "answering":
      return ["y", "y", "n", "exit()", ...others, ...JUNK];
    case "private":
    case "room":
      return ["hello", "hello", "hello", "exit()", ...JUNK.slice(2)];
  }
}

/**
 * Checks the invariants every reachable state keeps; returns the broken ones (empty when sound).
 * Tests call it after every step.
 */
export function brokenInvariants(state: ChatState): string[] {
  const broken: string[] = [];
  const place = (conn: ConnId): Place<ConnId> | undefined => state.sessions.get(conn)?.place;
  for (const [conn, s] of state.sessions) {
    if (s.conn !== conn) broken.push(`session ${conn} is filed under another number`);
    if (!isNamed(s)) continue;
    if (s.keys.some((key) => state.byKey.get(key) !== conn)) {
      broken.push(`${s.id} is missing from the ID index`);
    }
    const p = s.place;
    if (p.kind === "private") {
      const other = place(p.partner);
      if (other?.kind !== "private" || other.partner !== conn) {
        broken.push(`${s.id}'s partner is not chatting back`);
      }
    }
    if (p.kind === "requesting") {
      const other = place(p.target);
      if (other?.kind !== "answering" || other.requester !== conn) {
        broken.push(`${s.id}'s request has no one answering it`);
      }
    }
    if (p.kind === "answering") {
      const other = place(p.requester);
      if (other?.kind !== "requesting" || other.target !== conn) {
        broken.push(`${s.id} answers a request nobody is waiting on`);
      }
    }
    if ((p.kind === "room") !== state.room.has(conn)) {
      broken.push(`${s.id}'s room membership does not match its place`);
    }
    if (state.room.has(conn) && state.room.label(conn) !== s.id) {
      broken.push(`${s.id} is in the room under another name`);
    }
  }
  const users = [...state.sessions.values()].filter(isNamed);
  // The count of users online that the welcome tells.
  if (state.named !== users.length) broken.push("the count of users with an ID is wrong");
  if (state.byKey.size !== users.flatMap((s) => s.keys).length) {
    broken.push("the ID index has entries for users who are gone");
  }
  const members = [...state.room];
  if (new Set(members).size !== members.length) broken.push("someone is in the room twice");
  if (members.length !== state.room.size) broken.push("the room miscounts its members");
  if (members.some((conn) => place(conn)?.kind !== "room")) {
    broken.push("the room has a member who is not in it");
  }
  if (state.room.ids.join() !== members.join()) {
    broken.push("the room's ids disagree with its members");
  }
  return broken;
}
