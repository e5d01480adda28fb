/**
 * User IDs: what a valid ID is, and when two IDs clash (one could pass for the other).
 *
 * IDs are ASCII letters, digits, `_` and `-`, start with a letter, and are 1 to
 * {@link MAX_ID_LENGTH} characters long. Keeping them ASCII rules out look-alike letters from
 * other scripts (a Cyrillic `а` for a Latin `a`) and invisible characters; no ID can contain a
 * space, `<`, `>`, `#`, `:` or `*`, so an ID can never make a chat line look like a server line
 * (docs/PROTOCOL.md).
 *
 * Two IDs clash when they are equal ignoring case, OR when their look-alike skeletons are equal
 * (Unicode Technical Standard #39, section 4, "Confusable Detection"). The skeleton is taken of
 * the ID as typed, never of a lower-cased one, and case is never folded after it: `I` looks like
 * `l`, and `l` is `L` in another case, but `I` does not look like `L`. Chaining the two would
 * make `ALI` read as `all` and `Ida` as `LDA`. So the relation is not transitive on purpose:
 * `Ion` clashes with `lon` (look-alike) and `lon` with `LON` (case), but `Ion` and `LON` are
 * both free while the other is online.
 *
 * @example
 * ```ts
 * import { checkId, idsClash } from "./user_id.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * deepEqual(checkId("alice"), { ok: true, id: "alice" });
 * deepEqual(checkId("9lives"), { ok: false, problem: "invalid" });
 * deepEqual(checkId("Ali"), { ok: true, id: "Ali" }); // a name, not the word "all"
 * equal(idsClash("ALICE", "alice"), true); // case
 * equal(idsClash("a1ice", "alice"), true); // 1 looks like l
 * equal(idsClash("al1ce", "alice"), true); // ... and stands for i
 * equal(idsClash("0scar", "Oscar"), true); // 0 looks like O, and stands for o
 * equal(idsClash("Ali", "all"), false); // i is no look-alike of l
 * equal(idsClash("B0B", "bob"), true); // a digit's reading, then case: no name holds a digit
 * equal(idsClash("AIice", "alice"), false); // a letter's look-alike is never chained with case
 * ```
 * @module
 */

/** Longest ID, in characters (all ASCII, so also bytes). */
export const MAX_ID_LENGTH = 16;

/**
 * Words that would confuse a reader or a command if used as an ID. An ID is refused as one only
 * when it clashes ({@link idsClash}) with the word as written here, in lower case.
 */
export const RESERVED_IDS: readonly string[] = ["server", "room", "all", "who", "exit", "help"];

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The prototypes Unicode's confusables.txt (the data of UTS #39) gives the characters an ID may
 * contain; every other ID character is its own prototype. The source lines are
 * `0030 ; 004F` (`0` → `O`), `0031 ; 006C` (`1` → `l`) and `0049 ; 006C` (`I` → `l`): each
 * list below starts with that prototype.
 *
 * The digits have a second reading on purpose, beyond the standard: `1` also stands for `i` and
 * `0` for `o`, the way names are faked by hand (`al1ce` for `alice`, `b0b` for `bob`). An ID
 * with such a digit has one skeleton per reading. No real name holds a digit, so this merges no
 * two names people have; it only refuses fakes of one.
 *
 * One mapping of the file is left out on purpose: `006D ; 0072 006E` (`m` → `rn`). Every
 * terminal shows `rn` in two cells and `m` in one, so they never pass for each other where
 * IDs are read, and it would make real names one user (`Amie` and `Arnie`). The Ergo IRC
 * server leaves it out of its nickname skeletons for the same reason.
 */
export const LOOK_ALIKES: Readonly<Record<string, readonly string[]>> = {
  "0": ["O", "o"],
  "1": ["l", "i"],
  "I": ["l"],
};

/**
 * At most this many digits of an ID get both readings, so an ID has at most 2^4 = 16 skeletons;
 * further digits take the standard's prototype. Four is more digits than any fake of a name
 * needs, and keeps what one login costs bounded (an ID may be 16 digits long after its letter).
 */
export const MAX_READ_DIGITS = 4;

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
  if (RESERVED_IDS.some((word) => idsClash(id, word))) return { ok: false, problem: "reserved" };
  return { ok: true, id };
}

/**
 * The UTS #39 skeletons of an ID as typed: each character replaced by its prototype
 * ({@link LOOK_ALIKES}); case is kept. The first is the standard's; a digit's second reading
 * adds one skeleton for each choice (up to {@link MAX_READ_DIGITS} digits). (The standard also
 * normalizes to NFD before and after; that changes nothing in ASCII.)
 */
export function skeletons(id: string): string[] {
  return readAs(id, (char) => LOOK_ALIKES[char]);
}

/** `id` with each character read as `prototypes` says (itself when it says nothing). */
function readAs(id: string, prototypesOf: (char: string) => readonly string[] | undefined) {
  let readings = [""];
  let digits = 0;
  for (const char of id) {
    const prototypes = prototypesOf(char) ?? [char];
    const choices = prototypes.length > 1 && digits++ < MAX_READ_DIGITS
      ? prototypes
      : prototypes.slice(0, 1);
    readings = readings.flatMap((r) => choices.map((c) => r + c));
  }
  return readings;
}

/**
 * The keys an index finds an ID by: the ID ignoring case, then its {@link skeletons}, the
 * standard's first. Two IDs clash exactly when they share a key; looking the keys up in this
 * order finds an exact reading (other case) before a look-alike.
 *
 * An ID with a digit is also read with its digits as letters and then ignoring case (`B0B` is
 * `bob`, `A1ice` is `alice`): the one place where a look-alike and case are chained, since no
 * real name holds a digit. Letters are never chained so (see the module's notes), so `AIice`
 * (capital i) stays apart from `alice` (docs/RELIABILITY.md, "Identity").
 */
export function idKeys(id: string): readonly string[] {
  const typed = id.trim();
  const keys = [`case ${typed.toLowerCase()}`];
  if (/\d/.test(typed)) {
    for (
      const reading of readAs(typed, (char) => /\d/.test(char) ? LOOK_ALIKES[char] : undefined)
    ) {
      const key = `case ${reading.toLowerCase()}`;
      if (!keys.includes(key)) keys.push(key);
    }
  }
  return [...keys, ...skeletons(typed).map((s) => `look ${s}`)];
}

/** True when `a` and `b` are equal ignoring case or share a skeleton. */
export function idsClash(a: string, b: string): boolean {
  const keysOfB = new Set(idKeys(b));
  return idKeys(a).some((key) => keysOfB.has(key));
}
