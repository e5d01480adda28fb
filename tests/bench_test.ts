// The benchmark in its smallest size, against tcpchat alone, so that it cannot rot: it must run,
// write its report, and count every line it sent as delivered. Timings are never asserted here;
// they belong to `deno task bench` and docs/BENCHMARKS.md.
import { equal, match, ok } from "node:assert/strict";
import { run } from "../testing/process.ts";

const SCENARIOS = [
  "throughput",
  "fan-out",
  "latency",
  "room",
  "log-file",
  "idle-300",
  "live-view",
  "live-view-20",
];

Deno.test("bench: the smoke run reports every scenario and loses no line of tcpchat's", async () => {
  const out = await Deno.makeTempDir({ prefix: "tcpchat-bench-test-" });
  try {
    const result = await run([
      "run",
      "--allow-all",
      "scripts/bench/main.ts",
      "--smoke",
      "--peers",
      "tcpchat",
      "--out",
      out,
    ]);
    equal(result.code, 0, result.stderr);
    const report = JSON.parse(await Deno.readTextFile(`${out}/benchmarks.json`));
    const runs: {
      scenario: string;
      status: string;
      expected: number;
      delivered: number;
      note: string;
    }[] = report.runs;
    equal(runs.map((r) => r.scenario).join(","), SCENARIOS.join(","));
    for (const r of runs) {
      equal(r.status, "ok", `${r.scenario}: ${JSON.stringify(r)}`);
      ok(r.expected > 0, `${r.scenario} sent nothing`);
      equal(r.delivered, r.expected, `${r.scenario} lost lines`);
    }
    // The live view's pages read their streams to the end of the run, none dropped.
    const pages = runs.filter((r) => r.scenario.startsWith("live-view")).map((r) => r.note);
    match(pages[0], /^1 live view page read \d+ KiB$/);
    match(pages[1], /^20 live view pages read \d+ KiB$/);
    const markdown = await Deno.readTextFile(`${out}/BENCHMARKS.md`);
    match(markdown, /\|\s*fan-out\s*\|\s*tcpchat\s*\|\s*any\s*\|/);
    ok(markdown.includes("### Targets"), markdown);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
