/**
 * The parts of a hand-in's log the student writes around the server's output (the lab's
 * section 7, "Dovada de lucru"): "comanda de pornire a serverului" first, and "5–7 propoziții"
 * at the end, below the line `deno task record` ends the server's output with (`OUTPUT_END`).
 *
 * @example
 * ```ts
 * import { countSentences } from "./handin_form.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(countSentences("S1. S2. S3. S4. S5."), 0);
 * equal(countSentences("Each client has its own port. The server runs on 127.0.0.1 here."), 2);
 * ```
 * @module
 */

import type { Problem } from "./handin.ts";
import { splitAtOutputEnd } from "./server_log.ts";

/** The handout, section 7: "5–7 propoziții". */
export const MIN_SENTENCES = 5;
/**
 * The words a sentence needs to count: the lab asks for explanations, so `S1.` is none. A word
 * is a run of letters (digits and signs may follow): "The log shows it." has four.
 */
export const MIN_SENTENCE_WORDS = 3;

/**
 * A shell's or a console's prompt in front of the command (`$ `, `# `, `> `, `PS C:\lab> `,
 * `C:\lab>`), or a command that names how it ran the server (`python3 server.py 3333`).
 */
const COMMAND =
  /^\s*(?:[$#>]\s*\S|PS [^>]*>\s*\S|[A-Za-z]:\\[^>]*>\s*\S|(?:python3?|py|node|deno|java|\.\/)\S*\s)/;

/**
 * How many sentences of at least {@link MIN_SENTENCE_WORDS} words `text` holds: each ends with
 * `.`, `!` or `?` before a space or the end (so `127.0.0.1` is not four), and a last one may
 * lack its stop.
 */
export function countSentences(text: string): number {
  return text.split(/(?<=[.!?…])\s+/).filter((sentence) =>
    (sentence.match(/\p{L}[\p{L}\p{N}'’-]*/gu)?.length ?? 0) >= MIN_SENTENCE_WORDS
  ).length;
}

/** The command line, the end-of-output line and the student's sentences. */
export function formProblems(log: string): Problem[] {
  const problems: Problem[] = [];
  const first = log.split("\n").find((line) => line.trim() !== "") ?? "";
  if (!COMMAND.test(first)) {
    problems.push({ kind: "handin.command", say: (t) => t.handin.noCommand() });
  }
  const { explanation } = splitAtOutputEnd(log);
  if (explanation === undefined) {
    problems.push({ kind: "handin.explanation", say: (t) => t.handin.noOutputEnd() });
    return problems;
  }
  const n = countSentences(explanation);
  if (n < MIN_SENTENCES) {
    problems.push({ kind: "handin.explanation", say: (t) => t.handin.fewSentences(n) });
  }
  return problems;
}
