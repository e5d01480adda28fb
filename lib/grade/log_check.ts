/**
 * The log checks: does the server's log show what the grader did, by the lab's tags? A
 * `[CONNECT]` for every client, a `[RECV]` for every message, and a `[FWD]` or `[SEND]` for
 * every delivery, each naming the client's port (server_log.ts reads the log by meaning).
 *
 * Only what the passing required checks did is asked for: a server that failed a check is not
 * blamed twice, and the robustness checks' floods need not be logged line by line.
 *
 * @module
 */

import { type CheckId, CHECKS, type Lab } from "./checks.ts";
import { type CheckResult, fail, pass, type Say, type Verdict } from "./result.ts";
import { type LabLogEvent, type LabTag, parseLabLog } from "./server_log.ts";
import type { Journal } from "./session.ts";

/** What the grader did, and the log to judge. */
export interface LabRecord {
  readonly lab: Lab;
  readonly results: readonly CheckResult[];
  readonly journals: ReadonlyMap<CheckId, Journal>;
  /** The server's log, or `undefined` when there is none to judge. */
  readonly log?: string;
  /**
   * The log is only part of the server's output (grade_lab.ts keeps its first and last bytes):
   * `total` bytes were printed, `kept` kept. A line missing may be in the part left out.
   */
  readonly cut?: { readonly total: number; readonly kept: number };
}

const SHOWN_PORTS = 12;

function list(ports: readonly number[]): string {
  const shown = ports.slice(0, SHOWN_PORTS).join(", ");
  return ports.length > SHOWN_PORTS ? `${shown}, … (${ports.length})` : shown;
}

/**
 * Counts per port of the events with one of `tags`. A line that says it went to more clients
 * than it names (`and 12 more`) counts, unverifiably but in good faith, for every port it does
 * not name: `anyone`.
 */
function counts(events: readonly LabLogEvent[], tags: readonly LabTag[]) {
  const found = new Map<number, number>();
  const unnamed = new Map<number, number>();
  let anyone = 0;
  for (const e of events) {
    if (!tags.includes(e.tag)) continue;
    for (const port of e.ports) found.set(port, (found.get(port) ?? 0) + 1);
    if (e.unnamed) {
      anyone++;
      for (const port of e.ports) unnamed.set(port, (unnamed.get(port) ?? 0) + 1);
    }
  }
  // A port named in a line with unnamed recipients was counted there already.
  const count = (port: number) => (found.get(port) ?? 0) + anyone - (unnamed.get(port) ?? 0);
  return { found, count };
}

/** The ports whose count is below what `wanted` says. */
function short(wanted: ReadonlyMap<number, number>, count: (port: number) => number) {
  const missing: number[] = [];
  let lines = 0;
  for (const [port, n] of wanted) {
    const lack = n - count(port);
    if (lack > 0) {
      missing.push(port);
      lines += lack;
    }
  }
  return { missing, lines };
}

function judge(
  tag: string,
  tags: readonly LabTag[],
  events: readonly LabLogEvent[],
  wanted: ReadonlyMap<number, number>,
  hint: (lines: number, ports: string) => Say,
): Verdict {
  const { found, count } = counts(events, tags);
  const { missing, lines } = short(wanted, count);
  const total = [...found.values()].reduce((a, b) => a + b, 0);
  const evidence = {
    sent: (t: Parameters<Say>[0]) => t.evidence.logSent(),
    expected: (t: Parameters<Say>[0]) => t.evidence.logExpected(tag, list([...wanted.keys()])),
    got: (t: Parameters<Say>[0]) => t.evidence.logGot(tag, total, list(missing)),
  };
  return missing.length === 0 ? pass(evidence) : fail(evidence, hint(lines, list(missing)));
}

/** Judges the log checks `ids` for a finished run. */
export function judgeLog(ids: readonly CheckId[], record: LabRecord): CheckResult[] {
  const passed = record.results.filter((r) =>
    r.outcome.status === "pass" && CHECKS[r.id].kind === "required"
  );
  if (record.log === undefined || passed.length === 0) {
    const reason: Say = record.log === undefined
      ? (t) => t.report.noLog()
      : (t) => t.report.needs([record.results[0]?.id ?? "broadcast.connect"]);
    return ids.map((id) => ({ id, outcome: { status: "skipped", reason }, ms: 0 }));
  }
  const journals = passed.flatMap((r) => record.journals.get(r.id) ?? []);
  const events = parseLabLog(record.log);
  const sum = (pick: (j: Journal) => ReadonlyMap<number, number>) => {
    const out = new Map<number, number>();
    for (const j of journals) {
      for (const [p, n] of pick(j)) if (n > 0) out.set(p, (out.get(p) ?? 0) + n);
    }
    return out;
  };
  const connected = new Map(journals.flatMap((j) => j.ports.map((p) => [p, 1] as const)));
  // With nothing to look for (the checks that passed sent nothing), a log check would pass
  // whatever the log says: it is skipped for the check whose failure left it nothing.
  const firstFailed = record.results.find((r) => r.outcome.status !== "pass")?.id;
  const wantedOf = (id: CheckId) =>
    id === "log.connect" ? connected : sum((j) => id === "log.recv" ? j.linesSent : j.deliveries);
  return ids.map((id) => {
    if (wantedOf(id).size === 0) {
      const reason: Say = (t) => t.report.needs([firstFailed ?? "broadcast.relay"]);
      return { id, outcome: { status: "skipped", reason }, ms: 0 };
    }
    let verdict: Verdict;
    switch (id) {
      case "log.connect":
        verdict = judge(
          "[CONNECT]",
          ["CONNECT"],
          events,
          connected,
          (_, ports) => (t) => t.hints.log.connect(ports),
        );
        break;
      case "log.recv":
        verdict = judge(
          "[RECV]",
          ["RECV"],
          events,
          sum((j) => j.linesSent),
          (n, ports) => (t) => t.hints.log.recv(n, ports),
        );
        break;
      default:
        verdict = judge("[FWD]/[SEND]", ["FWD", "SEND"], events, sum((j) => j.deliveries), (
          n,
          ports,
        ) =>
        (t) => t.hints.log.fwd(n, ports));
    }
    return { id, outcome: tooBig(verdict, record.cut), ms: 0 };
  });
}

/**
 * A failure judged on a log that was cut says so instead of blaming lines that may be in the
 * part left out: the fault to fix is the size.
 */
function tooBig(verdict: Verdict, cut: LabRecord["cut"]): Verdict {
  if (verdict.status === "pass" || cut === undefined) return verdict;
  return fail(verdict.evidence, (t) => t.live.logTooBig(cut.total, cut.kept));
}
