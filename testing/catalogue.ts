/**
 * Test support: the checks every catalogue of sentences must pass, the server's and the client's.
 * The type checker already makes each language fill English's shape; these checks hold at run
 * time too (a cast or a spread cannot hide a missing key) and read every sentence a catalogue
 * can produce.
 *
 * @module
 */

import { deepEqual, equal, notEqual } from "node:assert/strict";
import { type Language, LANGUAGES } from "../lib/core/texts.ts";

/** Every sentence of a catalogue by key, each function called so that each of its branches runs. */
export type Exercised = Readonly<Record<string, readonly string[]>>;

/** Every entry of a catalogue as `path → value`, nested objects flattened. */
function entries(catalogue: object, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === "object" && value !== null) {
      for (const [k, v] of entries(value, `${prefix}${key}.`)) out.set(k, v);
    } else {
      out.set(prefix + key, value);
    }
  }
  return out;
}

/**
 * Asserts that every language's catalogue has exactly English's keys, each of the same type, and
 * that each of its sentences is a non-empty single line.
 */
export function assertComplete<T extends object>(
  catalogues: Readonly<Record<Language, T>>,
  exercise: (catalogue: T) => Exercised,
): void {
  const english = entries(catalogues.en);
  for (const language of LANGUAGES) {
    const catalogue = entries(catalogues[language]);
    deepEqual([...catalogue.keys()].sort(), [...english.keys()].sort(), language);
    for (const [key, value] of catalogue) {
      equal(typeof value, typeof english.get(key), `${language}.${key}`);
    }
    for (const [key, list] of Object.entries(exercise(catalogues[language]))) {
      for (const sentence of list) {
        notEqual(sentence.trim(), "", `${language}.${key} is empty`);
        equal(/[\n\r]/.test(sentence), false, `${language}.${key} spans lines: ${sentence}`);
      }
    }
  }
}

/** Asserts that no Romanian entry is left as the English one, and that none uses a cedilla ş ţ. */
export function assertRomanian(english: Exercised, romanian: Exercised): void {
  const same: string[] = [];
  for (const [key, list] of Object.entries(romanian)) {
    const ro = list.join(" ");
    if (ro === english[key]?.join(" ")) same.push(key);
    equal(/[şţŞŢ]/.test(ro), false, `ro.${key} uses a cedilla: ${ro}`);
  }
  deepEqual(same, [], "Romanian sentences identical to English");
}
