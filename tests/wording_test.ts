// The project names the course's documents the way students and teachers do: "the lab" (the lab
// handout) and "the course's chat project". A private shorthand for them must not come back in
// code, tests, scripts or docs. (A random generator's seed is another sense, and stays.)
import { deepEqual } from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const SKIPPED = new Set([".git", "dist", "captures", "node_modules"]);
const TEXT = /\.(ts|md|lua|py|sh|json|yml)$|^run$/;

/** Every text file of the project, as paths from its root. */
function textFiles(dir = ""): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(join(ROOT, dir))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && !SKIPPED.has(entry.name)) files.push(...textFiles(path));
    else if (entry.isFile && TEXT.test(entry.name)) files.push(path);
  }
  return files;
}

// Built from parts, so that this file does not match itself.
const WORD = "se" + "ed";
const SHORTHAND = new RegExp(
  `\\b${WORD} \\d{3}\\b|\\bthe ${WORD}\\b|\\b${WORD}'s\\b|\\b${WORD}s/|\\b${WORD} (?:project|document)`,
  "i",
);

Deno.test("wording: the course's documents are called the lab or the course's chat project", () => {
  const found: string[] = [];
  for (const file of textFiles()) {
    Deno.readTextFileSync(join(ROOT, file)).split("\n").forEach((line, i) => {
      if (SHORTHAND.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  deepEqual(found, []);
});
