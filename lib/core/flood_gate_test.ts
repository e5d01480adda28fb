import { deepEqual, equal } from "node:assert/strict";
import { FloodGate } from "./flood_gate.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("flood: a burst passes, the next line is refused with one warning, then silently", () => {
  const gate = new FloodGate({ linesPerSecond: 10, burst: 3, dropAfter: 100 });
  deepEqual([0, 0, 0, 0, 0, 0].map((t) => gate.take(t)), [
    "pass",
    "pass",
    "pass",
    "warn",
    "refuse",
    "refuse",
  ]);
});

test("flood: tokens come back with time, never beyond the burst", () => {
  const gate = new FloodGate({ linesPerSecond: 10, burst: 2, dropAfter: 100 });
  gate.take(0);
  gate.take(0);
  equal(gate.take(0), "warn");
  equal(gate.take(100), "pass"); // 0.1 s at 10/s earns one line
  equal(gate.take(100), "warn"); // a new flood is warned about again
  equal(gate.take(60_000), "pass");
  equal(gate.take(60_000), "pass");
  equal(gate.take(60_000), "warn"); // a long pause refills only up to the burst
});

test("flood: typing speed is never limited", () => {
  const gate = new FloodGate({ linesPerSecond: 20, burst: 40, dropAfter: 200 });
  for (let i = 0; i < 1000; i++) equal(gate.take(i * 250), "pass"); // four lines a second
});

test("flood: a persistent flooder is dropped after the configured refusals in a row", () => {
  const gate = new FloodGate({ linesPerSecond: 1, burst: 1, dropAfter: 5 });
  const verdicts = Array.from({ length: 7 }, () => gate.take(0));
  deepEqual(verdicts, ["pass", "warn", "refuse", "refuse", "refuse", "drop", "drop"]);
});

test("flood: rate 0 turns flood control off", () => {
  const gate = new FloodGate({ linesPerSecond: 0, burst: 1, dropAfter: 1 });
  for (let i = 0; i < 100; i++) equal(gate.take(0), "pass");
});

test("flood: a clock that goes backwards earns nothing and breaks nothing", () => {
  const gate = new FloodGate({ linesPerSecond: 10, burst: 1, dropAfter: 100 });
  equal(gate.take(1000), "pass");
  equal(gate.take(0), "warn");
  equal(gate.take(1100), "pass");
});
