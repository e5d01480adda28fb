import { deepEqual, equal } from "node:assert/strict";
import { CONFUSABLES as TR39 } from "../../testing/confusables.ts";
import fc from "../../testing/fast_check.ts";
import {
  checkId,
  idKeys,
  idsClash,
  LOOK_ALIKES,
  MAX_ID_LENGTH,
  MAX_READ_DIGITS,
  RESERVED_IDS,
  skeletons,
} from "./user_id.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** Every character an ID may contain (`checkId`). */
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_CHARS = [...LETTERS, ..."0123456789_-"];

/** First names students and their friends have (Romanian and others), written as usual. */
const NAMES = `Ali Alia Alin Alina Al Alan Allan Allen Alex Alexandru Alexandra Ana Anca Andrei
  Andreea Amie Arnie Arne Ari Bill Bogdan Carmen Cosmin Cornel Cornelia Dan Dana Daniel Daniela
  Eli Elena Elia Ella Emil Emilia Emma Florin Gil Ian Ida Ila Ilan Ilia Ilie Ilinca Ilona Ilya
  Ines Ioan Ioana Ion Ionel Ionela Iris Isla Iulia Iulian Iuliana Ivan Ivo Jill Lara Lea Lee Lia
  Liam Lili Lily Lina Liviu Livia Lola Lorna Luca Lucia Mara Maria Marian Mariana Mario Mia
  Mihai Mihaela Mila Milo Mircea Mirela Mo Neil Nell Niall Nil Nils Oana Octavian Ola Olga Oli
  Oliver Olivia Omar Oscar Otto Ovidiu Radu Raluca Ramona Simona Sorin Vlad Wil Will Willa Zoe`
  .split(/\s+/);

/** `name` as people type it: as written, all lower case, all capitals. */
const typings = (name: string) => [name, name.toLowerCase(), name.toUpperCase()];

test("id: valid IDs are accepted and trimmed", () => {
  deepEqual(checkId("  alice "), { ok: true, id: "alice" });
  deepEqual(checkId("Bob_2-x"), { ok: true, id: "Bob_2-x" });
  deepEqual(checkId("a".repeat(MAX_ID_LENGTH)), { ok: true, id: "a".repeat(MAX_ID_LENGTH) });
});

test("id: each rejection says why", () => {
  deepEqual(checkId("   "), { ok: false, problem: "empty" });
  deepEqual(checkId("a".repeat(MAX_ID_LENGTH + 1)), { ok: false, problem: "too-long" });
  for (const bad of ["1abc", "a b", "<bob>", "*", "alice:", "ana\u200b", "аlice", "exit()"]) {
    deepEqual(checkId(bad), { ok: false, problem: "invalid" }, bad);
  }
});

test("id: a reserved word is refused in any case and as its look-alikes as written", () => {
  for (const word of ["Server", "WHO", "ALL", "All", "a1l", "aIl", "al1", "heIp", "he1p", "EXIT"]) {
    deepEqual(checkId(word), { ok: false, problem: "reserved" }, word);
  }
});

test("id: names that only a case fold after a letter's look-alike turns into a word are free", () => {
  // ALI reads ALl (I looks like l), and ALl is all in other case: chaining the two folds is
  // what refused the name Ali, so a letter's look-alike is never chained with case.
  for (const id of ["Ali", "ALI", "ali", "AIl", "Who1", "Helper", "rooms"]) {
    deepEqual(checkId(id), { ok: true, id }, id);
  }
  // A digit's reading is: no name holds a digit, so A1l (All) and WH0 (WHO) are fakes.
  for (const id of ["A1l", "WH0", "R00M", "He1p"]) {
    deepEqual(checkId(id), { ok: false, problem: "reserved" }, id);
  }
});

test("id: a digit read as a letter, then case ignored, clashes; a letter's look-alike does not", () => {
  for (
    const [a, b] of [["B0B", "bob"], ["A1ice", "alice"], ["AL1CE", "alice"], ["0SCAR", "oscar"]]
  ) {
    equal(idsClash(a, b), true, `${a} ${b}`);
  }
  // Capital I shows as l in many fonts, so AIice may read Alice; refusing it would take
  // refusing ALI for all (see above). docs/RELIABILITY.md says so.
  for (const [a, b] of [["AIice", "alice"], ["ALI", "all"], ["Ida", "LDA"]]) {
    equal(idsClash(a, b), false, `${a} ${b}`);
  }
});

test("id: two IDs clash when equal ignoring case, or when their skeletons are equal", () => {
  const clash = [
    ["Alice", "ALICE"],
    ["a1ice", "alice"],
    ["Ion", "lon"],
    ["ION", "lON"],
    ["0scar", "Oscar"],
    ["b0b", "bOb"],
    ["Ian", "lan"],
    ["I1l", "lll"],
    ["al1ce", "alice"], // 1 stands for i too
    ["0scar", "oscar"], // 0 stands for o too
    ["b0b", "bob"],
    ["B0B", "BOB"],
    ["m1h41", "mihai"].map((id) => id.replace("4", "a")),
  ];
  const free = [
    ["Ion", "LON"], // I looks like l, and l is L in capitals, but I is not L
    ["ALI", "all"],
    ["Ida", "LDA"],
    ["Amie", "Arnie"], // m -> rn is left out (see LOOK_ALIKES)
    ["bob_", "bob-"],
    ["alice", "alicia"],
  ];
  for (const [a, b] of clash) equal(idsClash(a, b) && idsClash(b, a), true, `${a} ${b}`);
  for (const [a, b] of free) equal(idsClash(a, b) || idsClash(b, a), false, `${a} ${b}`);
});

test("id: the look-alikes are confusables.txt's for ID characters, m -> rn left out", () => {
  const fromStandard = Object.fromEntries(
    ID_CHARS.filter((c) => TR39[c] !== undefined).map((c) => [c, TR39[c]]),
  );
  const first = Object.fromEntries(Object.entries(LOOK_ALIKES).map(([c, p]) => [c, p[0]]));
  deepEqual(fromStandard, { ...first, m: "rn" });
  for (const c of ID_CHARS) equal(skeletons(c)[0], c === "m" ? "m" : TR39[c] ?? c, c);
  // The second readings, beyond the standard, are the digits' only.
  deepEqual(Object.keys(LOOK_ALIKES).filter((c) => LOOK_ALIKES[c].length > 1), ["0", "1"]);
});

test("id: at most 2^MAX_READ_DIGITS skeletons, however many digits an ID has", () => {
  equal(skeletons("a" + "1".repeat(MAX_ID_LENGTH - 1)).length, 2 ** MAX_READ_DIGITS);
  equal(new Set(skeletons("a1b0c1d0")).size, 2 ** MAX_READ_DIGITS);
  deepEqual(skeletons("Ion"), ["lon"]);
});

test("id: no two of many real names clash, however they are typed, and none is reserved", () => {
  const ids = NAMES.flatMap(typings);
  for (const id of ids) deepEqual(checkId(id), { ok: true, id }, id);
  for (const a of ids) {
    for (const b of ids) {
      if (a.toLowerCase() !== b.toLowerCase()) equal(idsClash(a, b), false, `${a} ${b}`);
    }
  }
});

/** Sets of ID characters that share a UTS #39 prototype: {0, O} and {1, I, l}. */
const CONFUSABLE_SETS = Object.values(
  Object.groupBy(ID_CHARS, (c) => TR39[c] ?? c),
).filter((set) => set !== undefined && set.length > 1) as string[][];

const validId = fc.tuple(
  fc.constantFrom(...LETTERS),
  fc.array(fc.constantFrom(...ID_CHARS), { maxLength: MAX_ID_LENGTH - 1 }),
).map(([first, rest]) => first + rest.join(""));

test("id: every single-character confusable substitution, and every case change, clashes", () => {
  deepEqual(CONFUSABLE_SETS.map((set) => set.toSorted().join("")).toSorted(), ["0O", "1Il"]);
  fc.assert(
    fc.property(validId, fc.nat(), fc.nat(), (id, at, pick) => {
      const i = at % id.length;
      const set = CONFUSABLE_SETS.find((s) => s.includes(id[i]));
      if (set) {
        const others = set.filter((c) => c !== id[i]);
        const twin = id.slice(0, i) + others[pick % others.length] + id.slice(i + 1);
        equal(idsClash(twin, id), true, `${twin} ${id}`);
      }
      const flipped = [...id].map((c, j) => (pick >> j) & 1 ? c.toUpperCase() : c.toLowerCase());
      equal(idsClash(flipped.join(""), id), true);
    }),
    { numRuns: 500 },
  );
});

test("id: keys name the two readings, and equal keys are exactly a clash", () => {
  deepEqual(idKeys(" Ion "), ["case ion", "look lon"]);
  fc.assert(
    fc.property(validId, validId, (a, b) => {
      const shared = idKeys(a).some((key) => idKeys(b).includes(key));
      equal(shared, idsClash(a, b));
    }),
  );
  for (const word of RESERVED_IDS) {
    deepEqual(skeletons(word), [word], "reserved words are prototypes");
  }
});
