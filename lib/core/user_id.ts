/**
 * User IDs: what a valid ID is, and when two IDs are "the same".
 *
 * IDs are ASCII letters, digits, `_` and `-`, start with a letter, and are 1 to
 * {@link MAX_ID_LENGTH} characters long. Keeping them ASCII rules out look-alike letters from
 * other scripts and invisible characters; no ID can contain a space, `<`, `>`, `#`, `:` or `*`,
 * so an ID can never make a chat line look like a server line (docs/PROTOCOL.md).
 *
 * Two IDs are the same when their {@link idKey}s are equal: case is ignored, and so are the
 * ASCII look-alikes `0`/`o` and `1`/`i`/`l`, so `Alice`, `ALICE` and `al1ce` are one user.
 *
 * @example
 * ```ts
 * import { checkId, idKey } from "./user_id.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * deepEqual(checkId("alice"), { ok: true, id: "alice" });
 * deepEqual(checkId("9lives"), { ok: false, problem: "invalid" });
 * equal(idKey("AL1CE"), idKey("alice"));
 * ```
 * @module
 */

/** Longest ID, in characters (all ASCII, so also bytes). */
export const MAX_ID_LENGTH = 16;

/** Words that would confuse a reader or a command if used as an ID. */
export const RESERVED_IDS: readonly string[] = ["server", "room", "all", "who", "exit", "help"];

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Why a proposed ID was refused. */
export type IdProblem = "empty" | "too-long" | "invalid" | "reserved";

/** The outcome of {@link checkId}: rejections are values, never exceptions. */
export type IdCheck =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly problem: IdProblem };

/** Checks a typed ID (surrounding spaces ignored) against the rules above. */
export function checkId(typed: string): IdCheck {
  const id = typed.trim();
  if (id.length === 0) return { ok: false, problem: "empty" };
  if (id.length > MAX_ID_LENGTH) return { ok: false, problem: "too-long" };
  if (!ID_PATTERN.test(id)) return { ok: false, problem: "invalid" };
  const key = idKey(id);
  if (RESERVED_IDS.some((word) => idKey(word) === key)) return { ok: false, problem: "reserved" };
  return { ok: true, id };
}

/** The identity of an ID: equal keys mean the same user. */
export function idKey(id: string): string {
  return id.trim().toLowerCase().replace(/[1i]/g, "l").replace(/0/g, "o");
}
