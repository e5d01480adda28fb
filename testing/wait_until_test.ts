import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import {
  Changes,
  countReached,
  firstMatch,
  POLL_MS,
  WaitTimeout,
  waitUntil,
  within,
} from "./wait_until.ts";

const test = (name: string, fn: () => Promise<void> | void) =>
  Deno.test({ name, permissions: "none", fn });
const later = (ms: number, fn: () => void) => setTimeout(fn, ms);

test("wait until: with a source that announces changes, checks once per change, not per tick", async () => {
  const lines: string[] = [];
  const changes = new Changes();
  let checks = 0;
  later(1, () => {
    lines.push("a");
    changes.notify();
  });
  // Long enough after the first that a poller would have checked several times in between.
  later(3 * POLL_MS, () => {
    lines.push("b");
    changes.notify();
  });
  const found = await waitUntil(() => {
    checks++;
    return lines.find((l) => l === "b");
  }, { what: "b", changes });
  equal(found, "b");
  // At once, then after each of the two changes: nothing polls a source that can notify.
  equal(checks, 3);
});

test("wait until: a change during an asynchronous check is not missed", async () => {
  const changes = new Changes();
  let value: string | undefined;
  let first = true;
  const started = Date.now();
  const found = await waitUntil(async () => {
    const seen = value;
    if (first) {
      first = false;
      // The source changes while this check is between reading and answering.
      value = "ready";
      changes.notify();
      await Promise.resolve();
    }
    return seen;
  }, { what: "ready", changes, ms: 2_000 });
  equal(found, "ready");
  // Found at the next check, not at the deadline's last one.
  ok(Date.now() - started < 1_000, `found only after ${Date.now() - started} ms`);
});

test("wait until: a timeout says what was awaited and what was last seen", async () => {
  const error = await waitUntil(() => undefined, {
    what: "a line matching /^\\? id:/",
    seen: () => "* welcome: hello",
    ms: 20,
    changes: new Changes(),
  }).catch((e) => e);
  equal(error instanceof WaitTimeout, true);
  equal(error.message, "waited 20 ms for a line matching /^\\? id:/; last seen:\n* welcome: hello");
});

test("wait until: a check that throws ends the wait with its error", async () => {
  await rejects(
    waitUntil(() => {
      throw new Error("connection ended (fin)");
    }, { what: "a line" }),
    /^Error: connection ended \(fin\)$/,
  );
});

test("wait until: a source that cannot announce changes is polled, and checked at the deadline", async () => {
  let ready = false;
  later(POLL_MS / 2, () => ready = true);
  equal(await waitUntil(() => ready || undefined, { what: "ready" }), true);
  let checks = 0;
  await rejects(waitUntil(() => void checks++, { what: "never", ms: 1 }), WaitTimeout);
  // Once at the start and once at the deadline, however short it is.
  equal(checks, 2);
  // ... and however long the first check takes (a loaded machine): the deadline still gets its own.
  let slow = 0;
  const busy = () => {
    const until = Date.now() + 5;
    while (Date.now() < until) slow += 0;
    slow++;
  };
  await rejects(waitUntil(() => void busy(), { what: "never", ms: 1 }), WaitTimeout);
  equal(slow, 2);
});

test("within: settles as the promise does, or fails naming what it waited for", async () => {
  equal(await within(Promise.resolve(7), { what: "seven" }), 7);
  await rejects(within(Promise.reject(new Error("no")), { what: "x" }), /^Error: no$/);
  const never = new Promise<never>(() => {});
  await rejects(within(never, { what: "the server to stop", ms: 5 }), (e: Error) => {
    match(e.message, /^waited 5 ms for the server to stop$/);
    return true;
  });
});

test("first match and count reached: see lines added later, and test each line once", () => {
  const lines = ["[CONNECT] #1", "[RECV] #1 a"];
  const tested: string[] = [];
  const recv = /^\[RECV\] #1 /;
  const counting = { test: (l: string) => (tested.push(l), recv.test(l)) } as RegExp;
  const first = firstMatch(lines, counting);
  const two = countReached(lines, recv, 2);
  equal(first(), "[RECV] #1 a");
  equal(two(), undefined);
  lines.push("[RECV] #1 b");
  equal(first(), "[RECV] #1 b");
  equal(first(), undefined);
  equal(two(), true);
  deepEqual(tested, lines);
});
