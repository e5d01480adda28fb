import { deepEqual, equal } from "node:assert/strict";
import { FloodGate } from "./flood_gate.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("flood: a burst passes, the next line is refused with one warning, then silently", () => {
  const gate = new FloodGate({ linesPerSecond: 10, burst: 3, dropAfter: 100, dropAfterMs: 0 });
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
  const gate = new FloodGate({ linesPerSecond: 10, burst: 2, dropAfter: 100, dropAfterMs: 0 });
  gate.take(0);
  gate.take(0);
  equal(gate.take(0), "warn");
  equal(gate.take(100), "pass"); // 0.1 s at 10/s earns one line
  equal(gate.take(100), "refuse"); // the same flood: told once
  equal(gate.take(300), "pass"); // 0.2 s: the bucket is full again, the flood is over
  equal(gate.take(300), "pass");
  equal(gate.take(300), "warn"); // a new flood is warned about again
  equal(gate.take(60_000), "pass");
  equal(gate.take(60_000), "pass");
  equal(gate.take(60_000), "warn"); // a long pause refills only up to the burst
});

test("flood: typing speed is never limited", () => {
  const gate = new FloodGate({ linesPerSecond: 20, burst: 40, dropAfter: 200, dropAfterMs: 5000 });
  for (let i = 0; i < 1000; i++) equal(gate.take(i * 250), "pass"); // four lines a second
});

test("flood: a persistent flooder is dropped once its flood had enough refusals and lasted", () => {
  const gate = new FloodGate({ linesPerSecond: 1, burst: 1, dropAfter: 5, dropAfterMs: 3000 });
  const verdicts = Array.from({ length: 7 }, () => gate.take(0));
  deepEqual(verdicts, ["pass", "warn", "refuse", "refuse", "refuse", "refuse", "refuse"]);
  // Ten lines a second go on: one a second passes, the rest are refused, until 3 s have gone.
  const later: string[] = [];
  for (let t = 100; t <= 3000; t += 100) later.push(gate.take(t));
  equal(later.indexOf("drop"), later.length - 1, `dropped at 3 s: ${later}`);
});

test("flood: a paste, however large, costs its extra lines and never the connection", () => {
  const gate = new FloodGate({ linesPerSecond: 20, burst: 40, dropAfter: 200, dropAfterMs: 5000 });
  // 10 000 lines arriving over half a second, then another paste 3 s later.
  const verdicts = Array.from({ length: 10_000 }, (_, i) => gate.take(i / 20));
  for (let i = 0; i < 5000; i++) verdicts.push(gate.take(3500 + i / 20));
  equal(verdicts.includes("drop"), false);
  equal(verdicts.filter((v) => v === "warn").length, 2, "one notice per paste");
});

test("flood: rate 0 turns flood control off", () => {
  const gate = new FloodGate({ linesPerSecond: 0, burst: 1, dropAfter: 1, dropAfterMs: 0 });
  for (let i = 0; i < 100; i++) equal(gate.take(0), "pass");
});

test("flood: a clock that goes backwards earns nothing and breaks nothing", () => {
  const gate = new FloodGate({ linesPerSecond: 10, burst: 1, dropAfter: 100, dropAfterMs: 0 });
  equal(gate.take(1000), "pass");
  equal(gate.take(0), "warn");
  equal(gate.take(1100), "pass");
});

test("flood: things that come together take a token each, and pass or are refused together", () => {
  const gate = new FloodGate({ linesPerSecond: 10, burst: 8, dropAfter: 50, dropAfterMs: 1000 });
  equal(gate.take(0, 7), "pass"); // PuTTY's opening: seven telnet commands in one read
  equal(gate.take(0, 2), "warn"); // one token left: both refused, the flood told about
  equal(gate.take(0, 1), "pass"); // the refusal cost nothing
  equal(gate.take(0, 9), "refuse"); // more than the burst never passes
  // 40 commands a read, ten reads a second: refused on and on, dropped once the flood lasted 1 s.
  const verdicts: string[] = [];
  for (let t = 100; t <= 1000; t += 100) verdicts.push(gate.take(t, 40));
  deepEqual(verdicts.slice(-2), ["refuse", "drop"]);
});
