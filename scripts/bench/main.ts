/**
 * `deno task bench`: tcpchat against `ncat --chat` and the course's threaded Python server, on
 * loopback, every scenario in a fresh server process. Writes a Markdown report into
 * docs/BENCHMARKS.md (between its `bench:begin`/`bench:end` markers) and the raw runs as JSON.
 *
 *   deno task bench                 # quick: small counts, about a minute, tables printed only
 *   deno task bench --full          # the published numbers: 3 repeats, pinned and not
 *   deno task bench --smoke --peers tcpchat --out /tmp/b   # what the test suite runs
 *
 * Reading another process's /proc/PID/stat needs `deno run --allow-all`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { type Bench, machine, renderMarkdown, writeReport } from "./report.ts";
import { runOnce, type RunResult } from "./run.ts";
import { type Scenario, scenarios, type Size } from "./scenarios.ts";
import { type Peer, PEERS, pinSelf, raiseOwnFileLimit } from "./servers.ts";

const HELP = `deno task bench [options]

  --smoke | --quick | --full   size of the run (default --quick)
  --repeats N                  runs of each scenario; the table shows medians (full: 3, else 1)
  --pin off|on|both            pin the server to CPU 0 and the generator to CPU 1 (full: both)
  --peers LIST                 tcpchat,ncat,python (default all)
  --scenarios LIST             e.g. fan-out,latency (default all of the size)
  --workers N                  generator threads (default 1)
  --out DIR                    write BENCHMARKS.md and benchmarks.json there (--full: docs/)
  -h, --help                   this help`;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    smoke: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    full: { type: "boolean", default: false },
    repeats: { type: "string" },
    pin: { type: "string" },
    peers: { type: "string" },
    scenarios: { type: "string" },
    workers: { type: "string", default: "1" },
    out: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

function fail(message: string): never {
  console.error(`bench: ${message} (see --help)`);
  Deno.exit(2);
}

if (values.help) {
  console.log(HELP);
  Deno.exit(0);
}

const size: Size = values.full ? "full" : values.smoke ? "smoke" : "quick";
const repeats = Number(values.repeats ?? (size === "full" ? 3 : 1));
if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20) fail("--repeats must be 1..20");
const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1 || workers > 8) fail("--workers must be 1..8");
const pin = values.pin ?? (size === "full" ? "both" : "off");
if (!["off", "on", "both"].includes(pin)) fail("--pin must be off, on or both");
const cpus = navigator.hardwareConcurrency;
if (pin !== "off" && cpus < 2) fail("pinning needs at least 2 CPUs");
const peers = (values.peers?.split(",") ?? [...PEERS]) as Peer[];
for (const p of peers) if (!PEERS.includes(p)) fail(`unknown peer ${p}`);
let chosen: Scenario[] = scenarios(size);
if (values.scenarios) {
  const names = values.scenarios.split(",");
  for (const n of names) if (!chosen.some((s) => s.name === n)) fail(`unknown scenario ${n}`);
  chosen = chosen.filter((s) => names.includes(s.name));
}
// Only the full size is published; smaller runs print their tables unless --out says where.
const outDir = values.out ??
  (size === "full" ? new URL("../../docs/", import.meta.url).pathname : undefined);

await raiseOwnFileLimit(Math.max(...chosen.map((s) => s.clients)) + 256);
const passes = pin === "both" ? [false, true] : [pin === "on"];
const runs: RunResult[] = [];
const started = performance.now();
for (const pinned of passes) {
  if (pinned) await pinSelf("1");
  try {
    for (const scenario of chosen) {
      if (pinned && !scenario.pinnable) continue;
      for (let repeat = 0; repeat < repeats; repeat++) {
        // Peers take turns within a repeat, so a busy moment of the machine hits all of them.
        for (const peer of scenario.peers.filter((p) => peers.includes(p))) {
          const result = await runOnce(scenario, peer, {
            pinned,
            workers,
            host: "127.0.0.1",
            settleMs: size === "smoke" ? 100 : 500,
          });
          runs.push(result);
          console.error(progress(result, repeat));
        }
      }
    }
  } finally {
    if (pinned) await pinSelf(`0-${cpus - 1}`);
  }
}

const bench: Bench = {
  date: new Date().toISOString(),
  command: ["deno", "task", "bench", ...Deno.args].join(" "),
  size,
  repeats,
  workers,
  seconds: (performance.now() - started) / 1000,
  machine: await machine(),
  scenarios: chosen,
  runs,
};
console.log(renderMarkdown(bench));
if (outDir !== undefined) await writeReport(bench, outDir);

function progress(r: RunResult, repeat: number): string {
  const pinned = r.pinned ? " pinned" : "";
  const what = r.status === "crashed" || r.status === "refused clients"
    ? `${r.status}: ${r.note}`
    : `${Math.round(r.deliveriesPerSecond)} deliveries/s, ${
      r.cpuNsPerDelivery.toFixed(0)
    } ns CPU each, p99 ${r.p99Us} µs, lost ${r.lost}${r.note ? ` (${r.note})` : ""}`;
  return `[bench] ${r.scenario}${pinned} #${repeat + 1} ${r.peer}: ${what}`;
}
