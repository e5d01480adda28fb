/**
 * Running checks: each in a {@link Session} of its own, within its deadline, skipped when a check
 * it needs did not pass. A check that throws (a bug, or something the runtime did that nobody
 * foresaw) fails with what it threw instead of stopping the grader.
 *
 * @module
 */

import { type Clock, settlesWithin } from "../clock.ts";
import type { CheckId } from "./checks.ts";
import type { ConnectFailure, Probe } from "./probe.ts";
import {
  type CheckResult,
  fail,
  literal,
  type Outcome,
  skippedFor,
  unmetNeeds,
  type Verdict,
} from "./result.ts";
import {
  type CheckContext,
  type Journal,
  newJournal,
  Session,
  type Target,
  type Timing,
} from "./session.ts";

/** How to run one check. */
export interface CheckRun {
  /** The most the whole check may take, in ms. */
  readonly deadlineMs: number;
  /**
   * Keep this check's clients connected until a check without this mark runs (or the end):
   * clients leave only in the checks about leaving, so a server that cannot bear a client
   * leaving fails there, with the hint that says so, and not in the first check after one left.
   */
  readonly keepClients?: boolean;
  run(ctx: CheckContext): Promise<Verdict>;
}

/** What the runner needs. */
export interface RunOptions {
  readonly target: Target;
  readonly clock: Clock;
  readonly timing: Timing;
  /** Clients already connected (the one that found the server listening): kept like a check's. */
  readonly connected?: readonly Probe[];
  /** Called after each check: the edge uses it to notice a server process that died. */
  readonly afterEach?: (result: CheckResult) => CheckResult | Promise<CheckResult>;
}

/** Runs `ids` in order; `runs` says how to run each; `journals` gets what each check did. */
export async function runChecks<I extends CheckId>(
  ids: readonly I[],
  runs: Readonly<Record<I, CheckRun>>,
  options: RunOptions,
  journals: Map<CheckId, Journal>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const first = (options.connected ?? []).map((p) => ({
    close: () => p.end(),
    destroy: () => p.destroy(),
    probes: [p],
  }));
  const kept: Closable[] = [...first];
  // Every client is released only at the end: one that left (a FIN) reads on until then.
  const all: Closable[] = [...first];
  for (const id of ids) {
    const unmet = unmetNeeds(id, results);
    if (unmet.length > 0) {
      results.push({ id, outcome: skippedFor(unmet), ms: 0 });
      continue;
    }
    const started = options.clock.now();
    const journal = newJournal();
    journals.set(id, journal);
    if (!runs[id].keepClients) { for (const session of kept.splice(0)) session.close(); }
    const session = new Session(options.target, options.clock, journal);
    all.push(session);
    const bystanders = kept.flatMap((k) => k.probes);
    const outcome = await runOne(runs[id], options, session, bystanders);
    if (runs[id].keepClients && outcome.status !== "fail") kept.push(session);
    else session.close();
    const result = { id, outcome, ms: options.clock.now() - started };
    results.push(options.afterEach ? await options.afterEach(result) : result);
  }
  for (const session of all) session.destroy();
  return results;
}

/** Clients of a check, or the first one, as the runner keeps them. */
interface Closable {
  close(): void;
  destroy(): void;
  readonly probes: readonly Probe[];
}

async function runOne(
  check: CheckRun,
  options: RunOptions,
  session: Session,
  bystanders: readonly Probe[],
): Promise<Outcome> {
  const ctx = {
    target: options.target,
    clock: options.clock,
    timing: options.timing,
    session,
    bystanders,
  };
  let verdict: Verdict | undefined;
  let thrown: unknown;
  const running = check.run(ctx).then((v) => verdict = v, (e) => thrown = e);
  const inTime = await settlesWithin(running, check.deadlineMs, options.clock);
  if (!inTime) return timedOut(check.deadlineMs);
  if (verdict !== undefined) return verdict;
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return fail(
    { sent: literal("-"), expected: literal("-"), got: literal(detail) },
    (t) => t.hints.graderError(detail),
  );
}

function timedOut(ms: number): Verdict {
  return fail(
    { sent: literal("-"), expected: literal("-"), got: (t) => t.evidence.deadline(ms) },
    (t) => t.hints.deadline(ms),
  );
}

/** The verdict for a client that could not connect. */
export function cannotConnect(failure: ConnectFailure): Verdict {
  return fail(
    {
      sent: (t) => t.evidence.connecting(failure.name),
      expected: (t) => t.evidence.accepted(failure.name),
      got: literal(`${failure.name}: ${failure.kind} (${failure.detail})`),
    },
    (t) => t.hints.cannotConnect(failure.name, failure.kind),
  );
}
