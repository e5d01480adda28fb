import { deepEqual, equal } from "node:assert/strict";
import { type ChatTimer, parseTimerKey, timerKey } from "./chat_timers.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("chat timers: every timer's key reads back as the same timer", () => {
  const timers: ChatTimer[] = [
    { kind: "login", conn: 1 },
    { kind: "login", conn: 123_456 },
    { kind: "request", conn: 7, request: 1 },
    { kind: "request", conn: 7, request: 42 },
  ];
  for (const timer of timers) deepEqual(parseTimerKey(timerKey(timer)), timer);
  equal(new Set(timers.map(timerKey)).size, timers.length, "no two timers share a key");
});

test("chat timers: keys that are not the chat's name no timer", () => {
  for (const key of ["", "login", "login x", "login 3 4", "request 3", "pause 3", " login 3"]) {
    equal(parseTimerKey(key), undefined, JSON.stringify(key));
  }
});
