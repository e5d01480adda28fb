/**
 * Grading a server for a lab, from start to end: start it (`--server-cmd`) or find it running,
 * run the lab's checks, stop it, then judge its log. Returns the results, or the one line that
 * says why grading could not start (exit code 2).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { formatPeer } from "../core/protocol.ts";
import { BROADCAST_REQUIRED } from "./broadcast.ts";
import { BROADCAST_ROBUST } from "./broadcast_robust.ts";
import { CHAT_CHECKS } from "./chat.ts";
import { type CheckId, CHECKS } from "./checks.ts";
import { ECHO_CHECKS } from "./echo.ts";
import { judgeLog, type LabRecord } from "./log_check.ts";
import type { LabOptions } from "./options.ts";
import { isProbe, Probe } from "./probe.ts";
import type { CheckResult, Say } from "./result.ts";
import { type CheckRun, runChecks } from "./run_check.ts";
import { describeExit, ServerCommand } from "../process/server_command.ts";
import { portInUse } from "../process/port_busy.ts";
import { ownerOf } from "../process/run_tree.ts";
import { HeadAndTail } from "./bounded_bytes.ts";
import { showOutputTail } from "./escape.ts";
import { DEFAULT_TIMING, type Journal, type Target, type Timing } from "./session.ts";

/** How each check of every lab runs (the log checks are judged afterwards, from the log). */
const RUNS: Readonly<Partial<Record<CheckId, CheckRun>>> = {
  ...BROADCAST_REQUIRED,
  ...BROADCAST_ROBUST,
  ...ECHO_CHECKS,
  ...CHAT_CHECKS,
};

/**
 * The most of a server's output kept as its log (its first half and its last half); a server that
 * floods its log costs no more.
 */
export const DEFAULT_LOG_BYTES = 8 * 1024 * 1024;

/** How long a started server may take to listen, in ms. */
export const LISTEN_TIMEOUT_MS = 15_000;
const RETRY_MS = 100;

/** What grading needs from outside: a clock, and the log file's text when asked for. */
export interface LabEdge {
  readonly clock: Clock;
  readonly timing?: Timing;
  readonly readLog: (path: string) => Promise<string | Say>;
  /** Chooses the port for `--port 0` (default: one the system gives, free right now). */
  readonly freePort?: () => number;
}

/** The results, or why grading could not start. */
export type LabRun =
  | {
    readonly ok: true;
    readonly results: CheckResult[];
    readonly where: string;
    /** What the user should know besides the results (the server went to the background). */
    readonly notes: readonly Say[];
  }
  | { readonly ok: false; readonly message: Say };

/**
 * How many ports `--port 0` tries: a port chosen free can be taken by another program before the
 * student's server listens on it (two graders at once, as a class loop or a test suite runs them).
 */
const PORT_ATTEMPTS = 3;

/** A port another program listens on: refused, or, when the grader chose it, chosen again. */
interface Taken {
  readonly taken: number;
}

/** Grades a server as `options` say. */
export async function gradeLab(options: LabOptions, edge: LabEdge): Promise<LabRun> {
  for (let attempt = 1;; attempt++) {
    const chosen = options.port === 0 ? (edge.freePort ?? freePort)() : options.port;
    const run = await gradeOn(chosen, options, edge);
    if (!("taken" in run)) return run;
    if (options.port !== 0 || attempt === PORT_ATTEMPTS) {
      return { ok: false, message: (t) => t.errors.portBusy(run.taken) };
    }
  }
}

async function gradeOn(port: number, options: LabOptions, edge: LabEdge): Promise<LabRun | Taken> {
  const target: Target = { host: options.host, port };
  let server: Started | undefined;
  if (options.serverCmd !== undefined) {
    // A server already there would be graded in place of the one started here, which dies at bind.
    if (await portInUse(port)) return { taken: port };
    const output = new HeadAndTail(DEFAULT_LOG_BYTES);
    try {
      const command = ServerCommand.start(options.serverCmd, port, {
        output: (bytes) => output.push(bytes),
        clock: edge.clock,
      });
      server = { command, output, background: false };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, message: (t) => t.errors.cannotStart(detail) };
    }
  }
  try {
    return await grade(options, edge, target, server);
  } finally {
    // Whatever happened, the server started here stops here.
    await server?.command.stop();
  }
}

/** A server started with `--server-cmd`, and its output so far (bounded). */
interface Started {
  readonly command: ServerCommand;
  readonly output: HeadAndTail;
  /** Its command ended while a process it started went on serving (a daemon). */
  background: boolean;
}

/** Its output as text: what was kept of it, its first and last part on lines of their own. */
function textOf(server: Started): string {
  const { head, tail } = server.output.parts();
  const decoder = new TextDecoder();
  return decoder.decode(head) + (server.output.left > 0 ? "\n" : "") + decoder.decode(tail);
}

/** The last lines of its output, escaped and bounded, for a one-line message. */
function tail(server: Started): string {
  const { head, tail } = server.output.parts();
  return showOutputTail(new TextDecoder().decode(tail.length > 0 ? tail : head));
}

async function grade(
  options: LabOptions,
  edge: LabEdge,
  target: Target,
  server: Started | undefined,
): Promise<LabRun | Taken> {
  const where = formatPeer(target.host, target.port);
  const ready = await waitForListener(target, edge.clock, server);
  if (typeof ready === "function") return { ok: false, message: ready };
  if ("taken" in ready) return ready;
  const labChecks = options.checks.filter((id) => CHECKS[id].lab !== "log");
  const runs = Object.fromEntries(labChecks.map((id) => [id, RUNS[id]!])) as Record<
    CheckId,
    CheckRun
  >;
  const journals = new Map<CheckId, Journal>();
  const results = await runChecks(labChecks, runs, {
    target,
    clock: edge.clock,
    timing: edge.timing ?? DEFAULT_TIMING,
    connected: [ready],
    afterEach: (result) => noteExit(result, server),
  }, journals);
  await server?.command.stop();
  const log = server !== undefined
    ? textOf(server)
    : options.logFile !== undefined
    ? await edge.readLog(options.logFile)
    : undefined;
  if (typeof log === "function") return { ok: false, message: log };
  const cut = server === undefined || server.output.left === 0
    ? undefined
    : { total: server.output.total, kept: server.output.limit };
  const record: LabRecord = { lab: options.lab, results, journals, log, ...(cut && { cut }) };
  const logChecks = options.checks.filter((id) => CHECKS[id].lab === "log");
  const notes: Say[] = server?.background ? [(t) => t.errors.background()] : [];
  if (cut) notes.push((t) => t.live.outputCut(cut.total, cut.kept));
  return { ok: true, results: [...results, ...judgeLog(logChecks, record)], where, notes };
}

/**
 * Connects until the server accepts: at once for a running server, retrying for one just
 * started. Returns that first client (it stays connected: a client that leaves is a check of its
 * own), or the one line saying why there is none.
 */
async function waitForListener(
  target: Target,
  clock: Clock,
  server: Started | undefined,
): Promise<Probe | Say | Taken> {
  const where = formatPeer(target.host, target.port);
  const deadline = clock.now() + (server ? LISTEN_TIMEOUT_MS : 0);
  while (true) {
    const probe = await Probe.open("ready", target.host, target.port, { clock });
    if (isProbe(probe)) {
      const why = server === undefined ? null : await notOurs(server, target.port);
      if (why === null) return probe;
      probe.destroy();
      return why;
    }
    const exit = server?.command.exit;
    if (server !== undefined && exit !== undefined) {
      // A daemon's command ends while what it started is still on its way to listening.
      server.background = (await server.command.marked()).length > 0;
      if (!server.background) {
        return (t) => t.errors.serverExited(describeExit(exit), tail(server));
      }
    }
    if (server === undefined) return (t) => t.errors.unreachable(where, probe.kind);
    if (clock.now() >= deadline) {
      // A server that listens, but elsewhere: it did not read the port it was given.
      const elsewhere = (await server.command.scan())?.ourPorts() ?? [];
      if (elsewhere.length > 0) {
        return (t) => t.live.otherPort(elsewhere, target.port, LISTEN_TIMEOUT_MS / 1000);
      }
      return (t) => t.errors.notListening(where, LISTEN_TIMEOUT_MS / 1000);
    }
    const retry = new Promise<void>((resolve) => clock.setTimeout(() => resolve(), RETRY_MS));
    await (server.command.hasExited ? retry : Promise.race([retry, server.command.exited]));
  }
}

/**
 * Why the listener on `port` is not the started server's, or `null` when it is (or where that
 * cannot be told: then at least the command, or a process it started, is alive).
 */
async function notOurs(server: Started, port: number): Promise<Say | Taken | null> {
  const owner = ownerOf(await server.command.scan(), port);
  if (owner === "other") return { taken: port };
  if (server.command.hasExited) {
    const alive = owner === "ours" || (await server.command.marked()).length > 0;
    if (!alive) {
      const exit = server.command.exit!;
      return (t) => t.errors.serverExited(describeExit(exit), tail(server));
    }
    server.background = true;
  }
  return null;
}

/** Adds to a result that the server process ended during it, with its last output. */
function noteExit(result: CheckResult, server: Started | undefined): CheckResult {
  const exit = server?.command.exit;
  // A daemon's command ended by design: what serves is the process it left running.
  if (exit === undefined || server!.background || result.outcome.status !== "fail") return result;
  const outcome = result.outcome;
  return {
    ...result,
    outcome: {
      ...outcome,
      hint: (t) =>
        `${outcome.hint(t)} (${t.report.serverExited(describeExit(exit), tail(server!))})`,
    },
  };
}

/** A loopback port nobody listens on right now, for `--port 0`. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}
