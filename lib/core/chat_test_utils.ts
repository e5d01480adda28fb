/**
 * Test support shared by the model-based tests of the chat mode (against the pure machine, and
 * against a real server): random sessions described by user slots, and what a user in each place
 * might type.
 *
 * @module
 */

import fc from "fast-check";
import { type ChatState, isNamed } from "./chat_state.ts";
import type { ConnId } from "./machine.ts";

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
