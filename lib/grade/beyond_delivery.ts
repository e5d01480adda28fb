/**
 * Faults that what each recipient got would misname, seen from the whole check: lines that
 * came, but late; an echo server (each line back to its sender, to nobody else); a client
 * flooded (its stream kept only in part, the server's sends to everyone stalled behind it).
 * The edge (broadcast.ts) gathers what the other clients saw and when the lines came; this
 * decides.
 *
 * @example
 * ```ts
 * import { beyondProblem } from "./beyond_delivery.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const seen = (name: string, text: string) => {
 *   const bytes = new TextEncoder().encode(text);
 *   return { name, peer: "127.0.0.1:5002", bytes, overflowed: false, total: bytes.length };
 * };
 * const a = { from: "A", peer: "127.0.0.1:5001", text: "hi" };
 * const where = { serverPeer: "127.0.0.1:3333", peers: [] };
 * const b = { seen: seen("B", ""), lines: [a] };
 * deepEqual(beyondProblem([b], where, { senders: [{ seen: seen("A", "hi\n"), own: [a] }] }), {
 *   kind: "echo-only",
 * });
 * deepEqual(beyondProblem([b], where, { lateMs: 3100 }), { kind: "late", afterMs: 3100 });
 * ```
 * @module
 */

import { type DeliveryProblem, judgeDelivery, type Sent, type Where } from "./judge_delivery.ts";
import { text } from "./lines.ts";
import type { Seen } from "./seen.ts";

/** One recipient and every line it should get. */
export interface Recipient {
  readonly seen: Seen;
  readonly lines: readonly Sent[];
  /** The lines it sent itself, which it must not get back. */
  readonly own?: readonly Sent[];
}

/** A problem of what a recipient got, or one only the whole check shows. */
export type VerdictProblem =
  | DeliveryProblem
  | { readonly kind: "late"; readonly afterMs: number }
  | { readonly kind: "echo-only" };

/** What the check saw besides its recipients. */
export interface Beyond {
  /** A client of an earlier check got the line: the server relays to some clients. */
  readonly othersGotIt?: boolean;
  /** The senders, each with the lines it sent, seen from the check's start. */
  readonly senders?: readonly { readonly seen: Seen; readonly own: readonly Sent[] }[];
  /** Every client connected meanwhile (this check's and earlier ones'), seen whole. */
  readonly clients?: readonly { readonly seen: Seen; readonly earlier: boolean }[];
  /** Every line reached every recipient this many ms after it was sent, past the deadline. */
  readonly lateMs?: number;
}

/**
 * True when lines are missing and nothing else is wrong (join lines that came late aside):
 * they may yet come, late. Then the check watches a while longer, and the hint says when.
 */
export function mayBeLate(recipients: readonly Recipient[], where: Where): boolean {
  const problems = recipients.map((r) => judgeDelivery(r.seen, r.lines, where, r.own, "any"));
  return problems.some((p) => p !== null) &&
    problems.every((p) => p === null || p.kind === "nothing" || p.kind === "missing");
}

/** The fault the whole check shows, when the recipients' streams alone would misname it. */
export function beyondProblem(
  recipients: readonly Recipient[],
  where: Where,
  beyond: Beyond,
): VerdictProblem | null {
  const flooded = (beyond.clients ?? []).find((c) => c.seen.overflowed) ??
    recipients.map((r) => ({ seen: r.seen, earlier: false })).find((c) => c.seen.overflowed);
  if (flooded !== undefined) {
    const { name, total } = flooded.seen;
    return { kind: "flood", name, total, earlier: flooded.earlier };
  }
  if (beyond.lateMs !== undefined && mayBeLate(recipients, where)) {
    return { kind: "late", afterMs: beyond.lateMs };
  }
  const senders = beyond.senders ?? [];
  // The example server capitalises its echo (bytes.capitalize()): an echo all the same.
  const echoed = senders.length > 0 &&
    senders.every((s) =>
      s.own.every((l) => text(s.seen.bytes).toLowerCase().includes(`${l.text.toLowerCase()}\n`))
    );
  const noneGotAny = recipients.every((r) =>
    r.lines.every((l) => !text(r.seen.bytes).includes(l.text))
  );
  return echoed && noneGotAny && mayBeLate(recipients, where) ? { kind: "echo-only" } : null;
}
