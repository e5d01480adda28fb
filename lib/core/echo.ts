/**
 * Echo mode, the lab's example server: each line comes back to its sender, and nothing else is
 * ever sent, so the course's `send` / `recv` client sees exactly one reply per message.
 *
 * @module
 */

import { type Machine, unchanged } from "./machine.ts";

/** Echo keeps no state. */
export type EchoState = null;

/** The echo mode machine. */
export const echoMachine: Machine<EchoState> = {
  initial: null,
  step(state, event) {
    if (event.type !== "line") return unchanged(state);
    // The sender's own text goes back unsanitised: it can only affect the terminal that sent it.
    return { state, effects: [{ type: "send", to: event.conn, line: event.text }] };
  },
};
