/**
 * Test support: what each user sees of a server mode's effects. The tests that drive a pure
 * machine (and the one that predicts a real server with it) read its effects the way the edge
 * performs them: a `send` reaches one connection, a `forward` every listed connection but its
 * sender, a `close` ends a connection, a `drop` shows its last words and ends it. Effects no user
 * sees (timers) are left to the test.
 *
 * @example
 * ```ts
 * import { Inboxes } from "./effects.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const inboxes = new Inboxes();
 * inboxes.apply([
 *   { type: "send", to: 1, line: "? menu: 1) private chat  2) exit" },
 *   { type: "forward", from: 1, to: [1, 2], line: "#room <ann> hi" },
 *   { type: "close", conn: 1, why: "user chose exit" },
 * ]);
 * deepEqual(inboxes.take(1), ["? menu: 1) private chat  2) exit"]);
 * deepEqual(inboxes.take(2), ["#room <ann> hi"]);
 * deepEqual(inboxes.closed, [1]);
 * deepEqual(inboxes.places.get(1), { kind: "menu" });
 * ```
 * @module
 */

import type { ConnId, Effect } from "../lib/core/machine.ts";
import type { Place } from "../lib/core/place.ts";
import { parseServerLine, placeAfter } from "../lib/core/protocol.ts";

/** One thing a user sees: a line arriving, or the server closing the connection. */
type Seen =
  | { readonly kind: "line"; readonly to: ConnId; readonly line: string }
  | { readonly kind: "close"; readonly conn: ConnId };

/** What users see of `effects`, in order; effects no user sees are skipped. */
function seenBy(effects: readonly Effect[]): Seen[] {
  const seen: Seen[] = [];
  for (const e of effects) {
    // Only the kinds below reach a user; any other kind (a timer) is the test's own business.
    if (e.type === "send") seen.push({ kind: "line", to: e.to, line: e.line });
    if (e.type === "forward") {
      for (const to of e.to) if (to !== e.from) seen.push({ kind: "line", to, line: e.line });
    }
    if (e.type === "close") seen.push({ kind: "close", conn: e.conn });
    if (e.type === "drop") {
      seen.push({ kind: "line", to: e.conn, line: e.lastWords });
      seen.push({ kind: "close", conn: e.conn });
    }
  }
  return seen;
}

/** Every user's screen: the lines each connection received, and where each user thinks it is. */
export class Inboxes {
  /** Every line each connection received, in order. */
  readonly lines = new Map<ConnId, string[]>();
  /** Where each user is, as a client that follows its lines with `placeAfter()` believes. */
  readonly places = new Map<ConnId, Place<string>>();
  /** The connections the server closed, in order. */
  readonly closed: ConnId[] = [];
  readonly #taken = new Map<ConnId, number>();

  /** Delivers one step's effects; returns the connections they close. */
  apply(effects: readonly Effect[]): ConnId[] {
    const closed: ConnId[] = [];
    for (const seen of seenBy(effects)) {
      if (seen.kind === "close") {
        closed.push(seen.conn);
        continue;
      }
      this.lines.set(seen.to, [...this.received(seen.to), seen.line]);
      const place = placeAfter(parseServerLine(seen.line));
      if (place) this.places.set(seen.to, place);
    }
    this.closed.push(...closed);
    return closed;
  }

  /** Every line `conn` received. */
  received(conn: ConnId): string[] {
    return this.lines.get(conn) ?? [];
  }

  /** The lines `conn` received since the last `take(conn)`. */
  take(conn: ConnId): string[] {
    const all = this.received(conn);
    const from = this.#taken.get(conn) ?? 0;
    this.#taken.set(conn, all.length);
    return all.slice(from);
  }
}
