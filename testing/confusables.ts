/**
 * Unicode's confusables.txt (the data of UTS #39, "Unicode Security Mechanisms"), for tests only:
 * each character that can pass for another, mapped to its prototype, as the npm package
 * unhomoglyph ships it (Unicode 13 data). Imported here with its pinned version rather than
 * through deno.json's import map, so that no program downloads it (see fast_check.ts).
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- pinned here, not in deno.json: see fast_check.ts.
import data from "npm:unhomoglyph@1.0.6/data.json" with { type: "json" };

/** Character → its prototype (one or more characters); a character not listed is its own. */
export const CONFUSABLES: Readonly<Record<string, string>> = data;
