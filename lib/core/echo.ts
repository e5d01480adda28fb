/**
 * Echo mode, the lab's example server: each line comes back to its sender, and nothing else is
 * ever sent, so the course's `send` / `recv` client sees exactly one reply per message.
 *
 * The course's example server answers with Python's `bytes.capitalize()` of what it received
 * (`hello World` → `Hello world`); {@link capitalizingEchoMachine} answers the same way, so a
 * teacher demoing with tcpchat shows exactly the example's answers.
 *
 * @example
 * ```ts
 * import { capitalizeLikePython } from "./echo.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(capitalizeLikePython("hello World"), "Hello world");
 * equal(capitalizeLikePython("ștefan SPUNE"), "ștefan spune");
 * ```
 * @module
 */

import { type Machine, unchanged } from "./machine.ts";

/** Echo keeps no state. */
export type EchoState = null;

/** The echo mode machine. */
export const echoMachine: Machine<EchoState> = echoing((text) => text);

/** Echo mode answering like the course's example server: {@link capitalizeLikePython}. */
export const capitalizingEchoMachine: Machine<EchoState> = echoing(capitalizeLikePython);

function echoing(answer: (text: string) => string): Machine<EchoState> {
  return {
    initial: null,
    step(state, event) {
      if (event.type !== "line") return unchanged(state);
      // The sender's own text goes back unsanitised: it can only affect the terminal that sent it.
      return { state, effects: [{ type: "send", to: event.conn, line: answer(event.text) }] };
    },
  };
}

/**
 * What Python's `bytes.capitalize()` does to UTF-8 text: the first byte upper-cased if it is an
 * ASCII letter, every other ASCII letter lower-cased, and every other byte (so every non-ASCII
 * character, `ș` included) left as it is. Source: the Python documentation of
 * `bytes.capitalize()` ("only ASCII characters are affected").
 */
export function capitalizeLikePython(text: string): string {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return /^[a-z]/.test(lower) ? lower[0].toUpperCase() + lower.slice(1) : lower;
}
