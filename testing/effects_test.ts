import { deepEqual } from "node:assert/strict";
import type { Effect } from "../lib/core/machine.ts";
import { Inboxes } from "./effects.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("inboxes: a forward reaches every listed connection but its sender, in order", () => {
  const inboxes = new Inboxes();
  inboxes.apply([
    { type: "send", to: 2, line: "* room: You are in the common room." },
    { type: "forward", from: 1, to: [1, 2, 3], line: "#room <ann> hi" },
  ]);
  deepEqual(inboxes.received(1), []);
  deepEqual(inboxes.received(2), ["* room: You are in the common room.", "#room <ann> hi"]);
  deepEqual(inboxes.received(3), ["#room <ann> hi"]);
  deepEqual(inboxes.places.get(2), { kind: "room" });
  deepEqual(inboxes.places.has(3), false, "a relayed line moves nobody");
});

test("inboxes: take gives the lines since the last take; closes are returned and kept", () => {
  const inboxes = new Inboxes();
  inboxes.apply([{ type: "send", to: 1, line: "a" }]);
  deepEqual(inboxes.take(1), ["a"]);
  deepEqual(
    inboxes.apply([{ type: "send", to: 1, line: "b" }, {
      type: "close",
      conn: 1,
      why: "user chose exit",
    }]),
    [1],
  );
  deepEqual(inboxes.take(1), ["b"]);
  deepEqual(inboxes.take(1), []);
  deepEqual(inboxes.received(1), ["a", "b"]);
  deepEqual(inboxes.closed, [1]);
});

test("inboxes: a drop shows its last words, then closes", () => {
  const inboxes = new Inboxes();
  const dropped = inboxes.apply([
    { type: "drop", conn: 3, why: "no ID within 1 s", lastWords: "! login-timeout: ..." },
  ]);
  deepEqual(dropped, [3]);
  deepEqual(inboxes.take(3), ["! login-timeout: ..."]);
  deepEqual(inboxes.closed, [3]);
});

test("inboxes: effects no user sees (timers) change nothing", () => {
  const inboxes = new Inboxes();
  const timers: Effect[] = [
    { type: "timer", key: "request 1 1", ms: 30_000 },
    { type: "cancel-timer", key: "login 2" },
  ];
  deepEqual(inboxes.apply(timers), []);
  deepEqual([...inboxes.lines], []);
  deepEqual(inboxes.closed, []);
});
