import { deepEqual } from "node:assert/strict";
import { broadcastMachine } from "./broadcast.ts";
import { capitalizeLikePython, capitalizingEchoMachine, echoMachine } from "./echo.ts";
import type { Effect, Event, Machine } from "./machine.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

function run<S>(machine: Machine<S>, events: Event[]): Effect[] {
  let state = machine.initial;
  const effects: Effect[] = [];
  for (const e of events) {
    const step = machine.step(state, e);
    state = step.state;
    effects.push(...step.effects);
  }
  return effects;
}

test("echo: each line, even an empty one, goes back to its sender only", () => {
  deepEqual(
    run(echoMachine, [
      { type: "connect", conn: 1, peer: "127.0.0.1:1" },
      { type: "line", conn: 1, text: "hello" },
      { type: "line", conn: 1, text: "" },
    ]),
    [{ type: "send", to: 1, line: "hello" }, { type: "send", to: 1, line: "" }],
  );
});

test("echo --capitalize: answers like Python's bytes.capitalize(), ASCII letters only", () => {
  // Each pair was checked against python3: "...".encode().capitalize().decode().
  const pairs: [string, string][] = [
    ["hello World", "Hello world"],
    ["HELLO", "Hello"],
    ["ștefan SPUNE", "ștefan spune"],
    ["1st ROUND", "1st round"],
    ["", ""],
    ["ÎNCEPUT Bun", "Început bun"],
  ];
  deepEqual(pairs.map(([text]) => capitalizeLikePython(text)), pairs.map(([, want]) => want));
  deepEqual(
    run(capitalizingEchoMachine, [
      { type: "connect", conn: 1, peer: "127.0.0.1:1" },
      { type: "line", conn: 1, text: "hello World" },
    ]),
    [{ type: "send", to: 1, line: "Hello world" }],
  );
});

test("broadcast: a line goes to all others as [ip:port] text, sanitised; nothing else is sent", () => {
  const effects = run(broadcastMachine, [
    { type: "connect", conn: 1, peer: "127.0.0.1:5001" },
    { type: "connect", conn: 2, peer: "[::1]:5002" },
    { type: "connect", conn: 3, peer: "127.0.0.1:5003" },
    { type: "disconnect", conn: 3, cause: "reset" },
    { type: "line", conn: 2, text: "hi\x07" },
  ]);
  deepEqual(effects, [{ type: "forward", from: 2, to: [1, 2], line: "[[::1]:5002] hi^G" }]);
});

test("broadcast: lines from unknown connections and timers are ignored", () => {
  deepEqual(
    run(broadcastMachine, [
      { type: "line", conn: 7, text: "ghost" },
      { type: "timer", key: "request 1 1" },
    ]),
    [],
  );
});
