import { deepEqual, equal } from "node:assert/strict";
import { StreamGuard } from "./stream_guard.ts";
import type { StreamProblem } from "./texts.ts";

const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, permissions: "none", fn });
const waiting = { read: () => new Promise<number | null>(() => {}) };

test("stream guard: the first problem is kept and told once; every read after it stops", async () => {
  const told: StreamProblem[] = [];
  const guard = new StreamGuard((problem) => told.push(problem));
  const pending = guard.read(waiting, new Uint8Array(1));
  const gone = {
    stream: "output",
    why: "reader-gone",
    detail: "Broken pipe (os error 32)",
  } as const;
  equal(guard.end(gone), true);
  equal(guard.end({ stream: "output", why: "failed", detail: "later" }), false);
  equal(await pending, "stopped");
  equal(await guard.read(waiting, new Uint8Array(1)), "stopped");
  deepEqual(told, [gone]);
  deepEqual(guard.problem, gone);
});

test("stream guard: a read that fails is an input problem; data and the end come through", async () => {
  const guard = new StreamGuard();
  equal(await guard.read({ read: () => Promise.resolve(3) }, new Uint8Array(3)), 3);
  equal(await guard.read({ read: () => Promise.resolve(null) }, new Uint8Array(3)), null);
  equal(guard.problem, null);
  const failing = { read: () => Promise.reject(new Error("Input/output error (os error 5)")) };
  equal(await guard.read(failing, new Uint8Array(1)), "stopped");
  deepEqual(guard.problem, {
    stream: "input",
    why: "failed",
    detail: "Input/output error (os error 5)",
  });
});

test("stream guard: a read that settled keeps nothing waiting, however many came before", async () => {
  // A pipe reads 16 KiB at a time: a gigabyte is 65536 reads, and none may leave a trace behind.
  const guard = new StreamGuard();
  const chunk = { read: () => Promise.resolve(1) };
  for (let i = 0; i < 1000; i++) await guard.read(chunk, new Uint8Array(1));
  equal(guard.waitingReads, 0);
  const pending = guard.read(waiting, new Uint8Array(1));
  equal(guard.waitingReads, 1);
  guard.end({ stream: "input", why: "failed", detail: "test" });
  equal(await pending, "stopped");
  equal(guard.waitingReads, 0);
});
