/**
 * The chat mode's timers, as the generic `timer` / `cancel-timer` effects of `machine.ts`: a
 * connection's time to choose an ID (`login 3`), and a private request's wait for y/n
 * (`request 3 7`: requester #3's request number 7, so that a timer of an earlier request can
 * never end a later one). The edge never reads a key; only this module writes and parses them.
 *
 * @example
 * ```ts
 * import { parseTimerKey, timerKey } from "./chat_timers.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * equal(timerKey({ kind: "login", conn: 3 }), "login 3");
 * deepEqual(parseTimerKey("request 3 7"), { kind: "request", conn: 3, request: 7 });
 * equal(parseTimerKey("pause 3"), undefined);
 * ```
 * @module
 */

import type { Transaction } from "./chat_state.ts";
import type { ConnId, TimerKey } from "./machine.ts";

/** One of the chat's timers. */
export type ChatTimer =
  | { readonly kind: "login"; readonly conn: ConnId }
  | { readonly kind: "request"; readonly conn: ConnId; readonly request: number };

/** The key of a timer. */
export function timerKey(timer: ChatTimer): TimerKey {
  return timer.kind === "login" ? `login ${timer.conn}` : `request ${timer.conn} ${timer.request}`;
}

/** The timer a key names, or `undefined` for a key that is not the chat's. */
export function parseTimerKey(key: TimerKey): ChatTimer | undefined {
  const m = /^(?:login (\d+)|request (\d+) (\d+))$/.exec(key);
  if (!m) return undefined;
  if (m[1] !== undefined) return { kind: "login", conn: Number(m[1]) };
  return { kind: "request", conn: Number(m[2]), request: Number(m[3]) };
}

/** Arms `timer` for `seconds` (replacing the one with its key, if armed). */
export function armTimer(tx: Transaction, timer: ChatTimer, seconds: number): void {
  tx.emit({ type: "timer", key: timerKey(timer), ms: seconds * 1000 });
}

/** Disarms `timer`. */
export function cancelTimer(tx: Transaction, timer: ChatTimer): void {
  tx.emit({ type: "cancel-timer", key: timerKey(timer) });
}

/** The request `requester` sent last is over (answered, withdrawn, or a user left). */
export function requestOver(tx: Transaction, requester: { conn: ConnId; request: number }): void {
  cancelTimer(tx, { kind: "request", conn: requester.conn, request: requester.request });
}
