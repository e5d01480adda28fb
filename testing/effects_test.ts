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
      reason: "user-exit",
    }]),
    [1],
  );
  deepEqual(inboxes.take(1), ["b"]);
  deepEqual(inboxes.take(1), []);
  deepEqual(inboxes.received(1), ["a", "b"]);
  deepEqual(inboxes.closed, [1]);
});

test("inboxes: effects no user sees (timers of any shape) change nothing", () => {
  const inboxes = new Inboxes();
  const timers = [
    { type: "start-request-timer", requester: 1, request: 1 },
    { type: "timer", key: "request 1", ms: 30_000 },
  ] as unknown as Effect[];
  deepEqual(inboxes.apply(timers), []);
  deepEqual([...inboxes.lines], []);
  deepEqual(inboxes.closed, []);
});
