import { deepEqual, equal } from "node:assert/strict";
import { beyondProblem, mayBeLate, type Recipient } from "./beyond_delivery.ts";
import type { Sent } from "./judge_delivery.ts";
import type { Seen } from "./seen.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const where = { serverPeer: "127.0.0.1:3333", peers: [] };
const A: Sent = { from: "A", peer: "127.0.0.1:5001", text: "hello from A" };
const seen = (name: string, text: string, extra: Partial<Seen> = {}): Seen => {
  const bytes = new TextEncoder().encode(text);
  return { name, peer: "127.0.0.1:5002", bytes, overflowed: false, total: bytes.length, ...extra };
};
const to = (name: string, text: string): Recipient => ({ seen: seen(name, text), lines: [A] });

test("beyond: lines that came late are named late, join lines that came late with them aside", () => {
  const late = [to("B", ""), to("C", "[127.0.0.1:5003] B joins\n")];
  equal(mayBeLate(late, where), true);
  deepEqual(beyondProblem(late, where, { lateMs: 3050 }), { kind: "late", afterMs: 3050 });
  // Without the later look having seen them come, nothing is said of lateness.
  equal(beyondProblem(late, where, {}), null);
  // A line that came wrong is that fault, not a late one.
  const wrong = [to("B", "hello from A\n"), to("C", "")];
  equal(mayBeLate(wrong, where), false);
  equal(beyondProblem(wrong, where, { lateMs: 3050 }), null);
});

test("beyond: a server that echoes each line to its sender only is an echo server", () => {
  const recipients = [to("B", ""), to("C", "C joins\n")];
  const echo = (text: string) => ({ senders: [{ seen: seen("A", text), own: [A] }] });
  deepEqual(beyondProblem(recipients, where, echo("hello from A\n")), { kind: "echo-only" });
  // The course's example server capitalises what it echoes.
  deepEqual(beyondProblem(recipients, where, echo("Hello from a\n")), { kind: "echo-only" });
  // A sender that got nothing back: the server relays nothing at all, no echo.
  equal(beyondProblem(recipients, where, echo("")), null);
  // A recipient that got the line: not an echo server (the sender's copy is its own fault).
  const some = [to("B", "[127.0.0.1:5001] hello from A\n"), to("C", "")];
  equal(beyondProblem(some, where, echo("hello from A\n")), null);
});

test("beyond: a client flooded is named, of this check or connected before it", () => {
  const flooded = seen("ready", "X", { overflowed: true, total: 3 * 1024 * 1024 });
  const recipients = [to("B", ""), to("C", "")];
  deepEqual(beyondProblem(recipients, where, { clients: [{ seen: flooded, earlier: true }] }), {
    kind: "flood",
    name: "ready",
    total: 3 * 1024 * 1024,
    earlier: true,
  });
  const b = { seen: seen("B", "X", { overflowed: true, total: 2_000_000 }), lines: [A] };
  deepEqual(beyondProblem([b], where, {}), {
    kind: "flood",
    name: "B",
    total: 2_000_000,
    earlier: false,
  });
});
