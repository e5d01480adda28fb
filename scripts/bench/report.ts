/**
 * The benchmark's report: medians over repeated runs, the Markdown tables written into
 * docs/BENCHMARKS.md between its markers, and the raw runs as JSON beside it.
 *
 * @module
 */

import type { RunResult } from "./run.ts";
import type { Scenario, Size } from "./scenarios.ts";
import type { Peer } from "./servers.ts";
import { median } from "./stats.ts";
import { checkTargets } from "./targets.ts";

/** Everything one `deno task bench` produced. */
export interface Bench {
  readonly date: string;
  readonly command: string;
  readonly size: Size;
  readonly repeats: number;
  readonly workers: number;
  readonly seconds: number;
  readonly machine: Machine;
  readonly scenarios: readonly Scenario[];
  readonly runs: readonly RunResult[];
}

/** What the numbers were measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly deno: string;
  readonly ncat: string;
  readonly python: string;
}

/** One scenario × server × pinning: medians of its runs, and the worst of what went wrong. */
export interface Summary {
  readonly scenario: string;
  readonly peer: Peer;
  readonly pinned: boolean;
  readonly runs: number;
  readonly status: RunResult["status"];
  readonly note: string;
  readonly clients: number;
  readonly connected: number;
  readonly lost: number;
  readonly untagged: number;
  readonly deliveriesPerSecond: number;
  readonly cpuNsPerDelivery: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly serverCores: number;
  readonly generatorCores: number;
  readonly restRssKb: number;
  readonly idleRssKb: number;
  readonly peakRssKb: number;
  readonly kbPerConnection: number;
}

export const BEGIN = "<!-- bench:begin -->";
export const END = "<!-- bench:end -->";
const STATUS_ORDER: readonly RunResult["status"][] = [
  "ok",
  "lost lines",
  "refused clients",
  "crashed",
];

/** Groups runs by scenario, server and pinning, in the order they ran. */
export function summarize(runs: readonly RunResult[]): Summary[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const key = `${r.scenario}|${r.peer}|${r.pinned}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const m = (pick: (r: RunResult) => number) => median(g.map(pick));
    const rank = (r: RunResult) => STATUS_ORDER.indexOf(r.status) * 1e15 + r.lost;
    const worst = g.reduce((a, b) => rank(b) > rank(a) ? b : a);
    return {
      scenario: g[0].scenario,
      peer: g[0].peer,
      pinned: g[0].pinned,
      runs: g.length,
      status: worst.status,
      note: worst.note || (g.find((r) => r.note)?.note ?? ""),
      clients: g[0].clients,
      connected: Math.min(...g.map((r) => r.connected)),
      lost: Math.max(...g.map((r) => r.lost)),
      untagged: Math.max(...g.map((r) => r.untagged)),
      deliveriesPerSecond: m((r) => r.deliveriesPerSecond),
      cpuNsPerDelivery: m((r) => r.cpuNsPerDelivery),
      p50Us: m((r) => r.p50Us),
      p99Us: m((r) => r.p99Us),
      maxUs: m((r) => r.maxUs),
      serverCores: m((r) => r.serverCores),
      generatorCores: m((r) => r.generatorCores),
      restRssKb: m((r) => r.restRssKb),
      idleRssKb: m((r) => r.idleRssKb),
      peakRssKb: m((r) => r.peakRssKb),
      kbPerConnection: m((r) => r.kbPerConnection),
    };
  });
}

/** The generated part of docs/BENCHMARKS.md. */
export function renderMarkdown(bench: Bench): string {
  const summaries = summarize(bench.runs);
  const m = bench.machine;
  const titles = new Map(bench.scenarios.map((s) => [s.name, s.title]));
  const lines = [
    `Measured ${bench.date.slice(0, 16).replace("T", " ")} UTC with \`${bench.command}\` ` +
    `(${bench.size} size, ${bench.repeats} run${bench.repeats === 1 ? "" : "s"} each, medians; ` +
    `${bench.workers} generator thread${bench.workers === 1 ? "" : "s"}; ` +
    `${Math.round(bench.seconds)} s in all).`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, Linux ${m.kernel}, ` +
    `Deno ${m.deno}, ${m.ncat}, ${m.python}. A shared machine: other work ran beside the benchmark.`,
    "",
    "### Targets",
    "",
    "| target | measured | result |",
    "| --- | --- | --- |",
    ...checkTargets(summaries).map((t) => `| ${t.target} | ${t.measured} | ${t.result} |`),
    "",
    "### Load",
    "",
    "CPUs: `any` = server and generator share both cores; `pinned` = server on CPU 0, generator on",
    "CPU 1. Server CPU is per line that arrived intact. Lost = expected deliveries that did not",
    "arrive intact with their sender tag; untagged = intact but missing the sender tag.",
    "",
    "| scenario | server | CPUs | deliveries/s | server CPU / delivery | p50 | p99 | max | lost | untagged | server cores | generator cores | status |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...summaries.filter((s) => s.status !== "crashed" || s.connected > 0).map((s) =>
      `| ${s.scenario} | ${s.peer} | ${s.pinned ? "pinned" : "any"} | ${
        rate(s.deliveriesPerSecond)
      } | ` +
      `${ns(s.cpuNsPerDelivery)} | ${us(s.p50Us)} | ${us(s.p99Us)} | ${
        us(s.maxUs)
      } | ${s.lost} | ` +
      `${s.untagged} | ${fixed(s.serverCores)} | ${fixed(s.generatorCores)} | ${status(s)} |`
    ),
    "",
    "### Memory",
    "",
    "| scenario | server | clients held | RSS at rest | RSS with the clients idle | per idle connection | peak RSS |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...summaries.filter((s) => !s.pinned).map((s) =>
      `| ${s.scenario} | ${s.peer} | ${s.connected} of ${s.clients} | ${mb(s.restRssKb)} | ` +
      `${mb(s.idleRssKb)} | ${s.clients >= 1000 ? kb(s.kbPerConnection) : "–"} | ${
        mb(s.peakRssKb)
      } |`
    ),
    "",
    "Per idle connection is shown from 1,000 clients up; below that, the heap's own growth",
    "outweighs what the clients cost.",
    "",
    "Scenarios:",
    "",
    ...[...titles].map(([name, title]) => `- \`${name}\`: ${title}`),
  ];
  return lines.join("\n");
}

/**
 * Writes BENCHMARKS.md (only the part between the markers changes) and benchmarks.json, then
 * formats both with `deno fmt`, so that the repository's format check stays clean.
 */
export async function writeReport(bench: Bench, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const base = dir.replace(/\/$/, "");
  const markdown = `${base}/BENCHMARKS.md`;
  const json = `${base}/benchmarks.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(markdown);
  } catch {
    text = `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  }
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`${markdown} lacks the ${BEGIN} markers`);
  const generated = `${BEGIN}\n\n${renderMarkdown(bench)}\n\n${END}`;
  await Deno.writeTextFile(
    markdown,
    text.slice(0, begin) + generated + text.slice(end + END.length),
  );
  await Deno.writeTextFile(json, JSON.stringify({ ...bench, summaries: summarize(bench.runs) }));
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", markdown, json] }).output();
}

/** The machine, from /proc and the tools' own version lines. */
export async function machine(): Promise<Machine> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const meminfo = await Deno.readTextFile("/proc/meminfo");
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? NaN);
  return {
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1].trim() ?? "unknown CPU",
    cores: navigator.hardwareConcurrency,
    memoryGiB: memKb / 1024 / 1024,
    kernel: Deno.osRelease(),
    deno: Deno.version.deno,
    ncat: await versionLine("ncat", ["--version"]),
    python: await versionLine("python3", ["--version"]),
  };
}

async function versionLine(tool: string, args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(tool, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return text.trim().split("\n")[0].replace(/ \( https?:\S+ \)/, "");
  } catch {
    return `${tool} not installed`;
  }
}

function status(s: Summary): string {
  const text = s.status === "ok" ? "ok" : `**${s.status}**`;
  return s.note ? `${text}: ${s.note.replaceAll("|", "/")}` : text;
}

export function rate(n: number): string {
  if (!Number.isFinite(n)) return "–";
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} k`;
}

export function ns(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(0)} ns` : "–";
}

export function us(n: number): string {
  if (!Number.isFinite(n)) return "–";
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)} ms` : `${n.toFixed(0)} µs`;
}

export function kb(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(1)} KiB` : "–";
}

function mb(n: number): string {
  return Number.isFinite(n) ? `${(n / 1024).toFixed(1)} MiB` : "–";
}

function fixed(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : "–";
}
