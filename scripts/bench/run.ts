/**
 * One benchmark run: a fresh server, the clients connected, memory at rest and with the clients
 * idle, the send phase, and what it cost the server and the generator.
 *
 * @module
 */

import { LoadGenerator } from "./generator.ts";
import { PAYLOAD_BYTES, type Scenario } from "./scenarios.ts";
import { LivePages } from "./live_pages.ts";
import { type Peer, processCpuSeconds, ServerProcess } from "./servers.ts";

/** What one run measured; times in µs, memory in KiB. */
export interface RunResult {
  readonly scenario: string;
  readonly peer: Peer;
  readonly pinned: boolean;
  /** "ok", or what went wrong: the server crashed, refused clients, or lost lines. */
  readonly status: "ok" | "lost lines" | "refused clients" | "crashed";
  readonly note: string;
  readonly clients: number;
  readonly connected: number;
  readonly sent: number;
  readonly expected: number;
  readonly delivered: number;
  readonly untagged: number;
  readonly mangled: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly stalls: number;
  readonly seconds: number;
  readonly deliveriesPerSecond: number;
  readonly serverCpuSeconds: number;
  /** Server CPU time per line that arrived intact (tagged or not). */
  readonly cpuNsPerDelivery: number;
  /** The generator's CPU time over the time lines flowed (1 = one core busy). */
  readonly generatorCores: number;
  readonly serverCores: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly restRssKb: number;
  readonly idleRssKb: number;
  readonly peakRssKb: number;
  /** (RSS with the clients idle − RSS at rest) / clients. */
  readonly kbPerConnection: number;
}

/** How to run: pinned or not, how many generator threads, and how long to let memory settle
 * after the server started and after the clients connected, before reading it. */
export interface RunOptions {
  readonly pinned: boolean;
  readonly workers: number;
  readonly host: string;
  readonly settleMs: number;
}

/** Runs one scenario against one server; a server that fails yields a result that says so. */
export async function runOnce(
  scenario: Scenario,
  peer: Peer,
  options: RunOptions,
): Promise<RunResult> {
  const logFile = scenario.logging
    ? await Deno.makeTempFile({ prefix: "tcpchat-bench-" })
    : undefined;
  const server = await ServerProcess.start({
    peer,
    mode: scenario.mode,
    logFile,
    clients: scenario.clients,
    web: (scenario.pages ?? 0) > 0,
    cpu: options.pinned ? 0 : undefined,
  });
  let generator: LoadGenerator | undefined;
  let pages: LivePages | undefined;
  try {
    await sleep(options.settleMs);
    const restRssKb = server.rssKb();
    generator = await LoadGenerator.connect({
      host: options.host,
      port: server.port,
      login: scenario.mode === "chat",
      clients: scenario.clients,
      senders: scenario.senders,
      payloadBytes: PAYLOAD_BYTES,
      send: scenario.send,
      maxSendSeconds: scenario.maxSendSeconds,
      workers: options.workers,
    });
    if (server.webUrl !== undefined) {
      pages = await LivePages.open(server.webUrl, scenario.pages ?? 0);
    }
    await sleep(options.settleMs);
    const idleRssKb = server.rssKb();
    const base = {
      scenario: scenario.name,
      peer,
      pinned: options.pinned,
      clients: scenario.clients,
      connected: generator.connected,
      restRssKb,
      idleRssKb,
      kbPerConnection: (idleRssKb - restRssKb) / Math.max(1, generator.connected),
    };
    if (server.exit !== undefined) {
      const why = (await server.stderr()).trim().split("\n").pop() ?? "";
      return failed(base, "crashed", `${server.exit} with ${generator.connected} clients: ${why}`);
    }
    const cpu0 = server.cpuSeconds();
    const self0 = processCpuSeconds(Deno.pid);
    const t0 = performance.now();
    await generator.run();
    const wall = (performance.now() - t0) / 1000;
    const serverCpuSeconds = server.cpuSeconds() - cpu0;
    const generatorCpu = processCpuSeconds(Deno.pid) - self0;
    const peakRssKb = server.peakRssKb();
    await pages?.close();
    const r = await generator.result();
    const intact = r.delivered + r.untagged;
    const crashed = server.exit !== undefined;
    const refused = generator.connected < scenario.clients;
    const status = crashed
      ? "crashed"
      : refused
      ? "refused clients"
      : r.lost > 0
      ? "lost lines"
      : "ok";
    const notes = [
      crashed ? `${server.exit} during the run` : "",
      refused
        ? `${generator.connected} of ${scenario.clients} connected: ${generator.problems[0]}`
        : "",
      r.mangled > 0 ? `${r.mangled} mangled lines` : "",
      r.untagged > 0 ? `${r.untagged} lines without a sender tag` : "",
      r.duplicates > 0 ? `${r.duplicates} duplicates` : "",
      r.ended > 0 ? `${r.ended} connections ended` : "",
      pages ? pages.describe() : "",
    ];
    return {
      ...base,
      status,
      note: notes.filter((n) => n !== "").join("; "),
      sent: r.sent,
      expected: r.expected,
      delivered: r.delivered,
      untagged: r.untagged,
      mangled: r.mangled,
      duplicates: r.duplicates,
      lost: r.lost,
      stalls: r.stalls,
      seconds: r.seconds,
      deliveriesPerSecond: r.delivered / r.seconds,
      serverCpuSeconds,
      cpuNsPerDelivery: intact > 0 ? (serverCpuSeconds * 1e9) / intact : NaN,
      // Over the time lines flowed, not the quiet wait that ends a run of a lossy server.
      generatorCores: generatorCpu / Math.min(wall, r.seconds),
      serverCores: serverCpuSeconds / Math.min(wall, r.seconds),
      p50Us: r.latency.percentile(50),
      p90Us: r.latency.percentile(90),
      p99Us: r.latency.percentile(99),
      maxUs: r.latency.count > 0 ? r.latency.max : NaN,
      peakRssKb,
    };
  } finally {
    await pages?.close();
    await generator?.close();
    await server.stop();
    if (logFile) await Deno.remove(logFile).catch(() => {});
  }
}

type Base = Pick<
  RunResult,
  | "scenario"
  | "peer"
  | "pinned"
  | "clients"
  | "connected"
  | "restRssKb"
  | "idleRssKb"
  | "kbPerConnection"
>;

function failed(base: Base, status: RunResult["status"], note: string): RunResult {
  return {
    ...base,
    status,
    note,
    sent: 0,
    expected: 0,
    delivered: 0,
    untagged: 0,
    mangled: 0,
    duplicates: 0,
    lost: 0,
    stalls: 0,
    seconds: NaN,
    deliveriesPerSecond: NaN,
    serverCpuSeconds: NaN,
    cpuNsPerDelivery: NaN,
    generatorCores: NaN,
    serverCores: NaN,
    p50Us: NaN,
    p90Us: NaN,
    p99Us: NaN,
    maxUs: NaN,
    peakRssKb: NaN,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
