/**
 * From what the recipients saw to a verdict: the evidence lines, and the hint that fits the
 * first problem found (judge_delivery.ts), worded for the check it happened in.
 *
 * @module
 */

import { showLine } from "./escape.ts";
import type { CheckId } from "./checks.ts";
import { expectedAt, gotBy, sentBy } from "./evidence.ts";
import { expectedLine, judgeDelivery, type Sent, type Where } from "./judge_delivery.ts";
import {
  type Beyond,
  beyondProblem,
  type Recipient,
  type VerdictProblem,
} from "./beyond_delivery.ts";

export type { Recipient };
import { fail, pass, type Say, type Verdict } from "./result.ts";

/** The hint for a problem, in a given check. */
export function deliveryHint(
  problem: VerdictProblem,
  check: CheckId,
  others: { someGotIt: boolean },
): Say {
  // The faults these checks exist for all come from one: a recv taken for a message.
  const named = ["nothing", "flood", "late", "echo-only"];
  if (/\.(split|merged|many)$/.test(check) && !named.includes(problem.kind)) {
    return (t) => t.hints.recvIsNotAMessage();
  }
  switch (problem.kind) {
    case "nothing":
    case "missing":
      if (check === "broadcast.fin") return (t) => t.hints.afterFin();
      if (check === "broadcast.rst") return (t) => t.hints.afterRst();
      if (check === "broadcast.many") return (t) => t.hints.recvIsNotAMessage();
      return others.someGotIt ? (t) => t.hints.onlySome() : (t) => t.hints.nothingRelayed();
    case "closed":
      // A server that serves one line per connection: the client's own line came, then a close.
      if (problem.afterLines === 1) return (t) => t.live.closedAfterLine(problem.name);
      return (t) => t.hints.closedByServer(problem.how);
    case "no-newline":
      return (t) => t.hints.noNewline();
    case "no-prefix":
      return (t) => t.hints.noPrefix(problem.line.peer);
    case "server-address":
      return (t) => t.hints.serverAddress(problem.line.peer);
    case "wrong-peer":
      return (t) => t.hints.wrongPeer(showLine(problem.shown, 60), problem.line.peer);
    case "bytes-repr":
      return (t) => t.hints.bytesRepr();
    case "encoding":
      return (t) => t.hints.encoding();
    case "changed":
    case "unexpected":
    case "order":
      return (t) => t.hints.changed();
    case "twice":
      return (t) => t.hints.twice();
    case "own-line":
      return (t) => t.hints.toSender();
    case "flood":
      return (t) => t.live.flood(problem.name, problem.total, problem.earlier);
    case "cut":
      return (t) => t.live.cut(problem.got, problem.of);
    case "tag-format":
      return (t) => t.live.tagFormat(showLine(problem.shown, 60), problem.line.peer);
    case "late":
      return (t) => t.live.late(problem.afterMs);
    case "echo-only":
      return (t) => t.live.echoOnly();
  }
}

/** Judges every recipient; passes when all got their lines, else fails with the first problem. */
export function deliveryVerdict(
  check: CheckId,
  sent: Say,
  recipients: readonly Recipient[],
  where: Where,
  waitedMs: number,
  beyond: Beyond = {},
): Verdict {
  const problems = recipients.map((r) => judgeDelivery(r.seen, r.lines, where, r.own));
  const firstAt = problems.findIndex((p) => p !== null);
  // Of many clients (10 in broadcast.many), the one the hint is about: ten screens of evidence
  // would hide it.
  const shown = firstAt !== -1 && recipients.length > MAX_SHOWN
    ? [recipients[firstAt]]
    : recipients;
  const more: Say = (t) =>
    shown.length < recipients.length ? ` ${t.evidence.more(recipients.length - 1)}` : "";
  const expected: Say = (t) =>
    shown.map((r) => expectedAt([r.seen.name], r.lines.map((l) => expectedLine(l) + "\n").join("")))
      .join("; ") + more(t);
  const got = gotBy(shown.map((r) => r.seen), waitedMs);
  const evidence = { sent, expected, got: (t: Parameters<Say>[0]) => got(t) + more(t) };
  const first = problems[firstAt];
  if (firstAt === -1 || !first) return pass(evidence);
  const someGotIt = beyond.othersGotIt === true ||
    problems.some((p) => p === null || p.kind === "missing");
  const problem = beyondProblem(recipients, where, beyond) ?? first;
  return fail(evidence, deliveryHint(problem, check, { someGotIt }));
}

/** The most recipients a failure's evidence shows all of; beyond, only the one that failed. */
const MAX_SHOWN = 3;

/** `A → "text\n"` for lines sent. */
export function sentLines(lines: readonly Sent[], ending = "\n"): Say {
  return sentBy(...lines.map((l) => [l.from, l.text + ending] as const));
}
