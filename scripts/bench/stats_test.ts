import { equal, ok } from "node:assert/strict";
import { LatencyHistogram, median } from "./stats.ts";

Deno.test({ name: "stats: percentiles are exact below 10 ms", permissions: "none" }, () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < 1000; i++) h.record(i < 990 ? 120.4 : 4000);
  equal(h.percentile(50), 121);
  equal(h.percentile(99), 121);
  equal(h.percentile(99.9), 4000);
  equal(h.max, 4000);
});

Deno.test({ name: "stats: long latencies stay bounded and ordered", permissions: "none" }, () => {
  const h = new LatencyHistogram();
  h.record(25_050);
  h.record(5_000_000);
  equal(h.percentile(50), 25_100);
  equal(h.percentile(100), 5_000_000);
  ok(h.counts.length < 20_000);
});

Deno.test({ name: "stats: histograms from workers merge", permissions: "none" }, () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  a.record(10);
  b.record(30);
  b.record(30);
  const merged = new LatencyHistogram();
  merged.merge(a);
  merged.merge(b);
  equal(merged.count, 3);
  equal(merged.percentile(50), 30);
  equal(merged.max, 30);
  ok(Number.isNaN(new LatencyHistogram().percentile(50)));
});

Deno.test({ name: "stats: median of repeated runs", permissions: "none" }, () => {
  equal(median([5, 1, 3]), 3);
  equal(median([4, 1, 3, 2]), 2.5);
  equal(median([NaN, 7]), 7);
  ok(Number.isNaN(median([])));
});
