/**
 * The grader's sentences about a running server that name a fault the other checks' words
 * cannot: a line that came late or cut short, a sender's tag in another form, an echo in place
 * of a relay, a flood, a client closed after its first line, a server on another port, an output
 * too big to keep whole, and grading that could not start (for --junit and --json). English
 * defines the shape; Romanian addresses the student with "tu", as the rest of the grader does.
 *
 * @module
 */

import type { Shape } from "../core/texts.ts";

/** The sentences in English. */
export const LIVE_EN = {
  /** The one test case --junit writes, and the "error" --json prints, when grading cannot start. */
  cannotGrade: "the grader starts (or reaches) the server and it listens on the port",
};

/** The shape every language's sentences have. */
export type LiveTexts = Shape<typeof LIVE_EN>;

/** The sentences in Romanian. */
export const LIVE_RO: LiveTexts = {
  cannotGrade: "evaluatorul pornește (sau găsește) serverul și acesta ascultă pe port",
};
