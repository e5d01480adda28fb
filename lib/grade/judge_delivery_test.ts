import { deepEqual } from "node:assert/strict";
import { judgeDelivery, type Sent } from "./judge_delivery.ts";
import type { Seen } from "./seen.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const A: Sent = { from: "A", peer: "127.0.0.1:5001", text: "hello ș" };
const where = { serverPeer: "127.0.0.1:3333", peers: ["127.0.0.1:5001", "127.0.0.1:5002"] };
const b = (received: string | Uint8Array, extra: Partial<Seen> = {}): Seen => {
  const bytes = typeof received === "string" ? new TextEncoder().encode(received) : received;
  return {
    name: "B",
    peer: "127.0.0.1:5002",
    bytes,
    overflowed: false,
    total: bytes.length,
    ...extra,
  };
};
const kind = (seen: Seen, own: Sent[] = []) => judgeDelivery(seen, [A], where, own)?.kind ?? "ok";

test("delivery: each way students get the relay wrong is named", () => {
  const cases: [Seen, string][] = [
    [b("[127.0.0.1:5001] hello ș\n"), "ok"],
    [b("[127.0.0.1:5001] hello ș\r\n"), "ok"],
    [b(""), "nothing"],
    [b("", { ending: { by: "server-fin", at: 0 } }), "closed"],
    [b("[127.0.0.1:5001] hello ș"), "no-newline"],
    [b("[127.0.0.1:5001] hello ș[127.0.0.1:5001] again\n"), "no-newline"],
    [b("hello ș\n"), "no-prefix"],
    [b("[127.0.0.1:3333] hello ș\n"), "server-address"],
    [b("[127.0.0.1:5002] hello ș\n"), "wrong-peer"],
    [b("[127.0.0.1:5001] b'hello \\xc8\\x99\\n'\n"), "bytes-repr"],
    [b("[127.0.0.1:5001] hello \n"), "encoding"],
    [b("[127.0.0.1:5001] goodbye\n"), "changed"],
    [b("[127.0.0.1:5001] hello ș\n[127.0.0.1:5001] hello ș\n"), "twice"],
    [b("x", { overflowed: true, total: 2_000_000 }), "flood"],
    [b("[127.0.0.1"), "cut"],
    [b("[127.0.0.1:5001] hel\n"), "cut"],
    [b("[127.0.0.1: 5001] hello ș\n"), "tag-format"],
    [b("(127.0.0.1:5001) hello ș\n"), "tag-format"],
    [b("127.0.0.1:5001> hello ș\n"), "tag-format"],
    [b("<127.0.0.1 5001> hello ș\n"), "tag-format"],
    // Another client's address in another form is not the sender's.
    [b("(127.0.0.1:5002) hello ș\n"), "no-prefix"],
  ];
  deepEqual(cases.map(([seen]) => kind(seen)), cases.map(([, want]) => want));
});

test("delivery: a client that gets its own line back, and lines in order per sender only", () => {
  const own: Sent = { from: "B", peer: "127.0.0.1:5002", text: "mine" };
  deepEqual(kind(b("[127.0.0.1:5002] mine\n[127.0.0.1:5001] hello ș\n"), [own]), "own-line");
  const c: Sent = { from: "C", peer: "127.0.0.1:5003", text: "from C" };
  const a2: Sent = { ...A, text: "second" };
  const lines = (s: string) => judgeDelivery(b(s), [A, a2, c], where)?.kind ?? "ok";
  const [la, la2, lc] = ["hello ș", "second", "from C"].map((t, i) =>
    `[127.0.0.1:500${i === 2 ? 3 : 1}] ${t}\n`
  );
  deepEqual(lines(lc + la + la2), "ok");
  deepEqual(lines(la2 + la + lc), "order");
  deepEqual(lines(la + lc), "missing");
});

test("delivery: the recipient's own join line coming back late is not taken for a wrong prefix", () => {
  // A server that sends every line to its sender too: B's "B joins" may reach B only after the
  // check began. broadcast.not-to-sender names that fault; the relay itself was right.
  deepEqual(kind(b("[127.0.0.1:5002] B joins\n[127.0.0.1:5001] hello ș\n")), "ok");
  deepEqual(kind(b("B joins\n[127.0.0.1:5001] hello ș\n")), "ok");
  // Another client's join line is still a line that should not be there.
  deepEqual(kind(b("[127.0.0.1:5003] C joins\n[127.0.0.1:5001] hello ș\n")), "wrong-peer");
});

test("delivery: a line cut short says how much of it came; a tag in another form says how", () => {
  deepEqual(judgeDelivery(b("[127.0.0.1"), [A], where), {
    kind: "cut",
    line: A,
    got: 10,
    // "[127.0.0.1:5001] hello ș\n": ș is 2 bytes.
    of: 26,
  });
  deepEqual(judgeDelivery(b("(127.0.0.1:5001) hello ș\n"), [A], where), {
    kind: "tag-format",
    line: A,
    shown: "(127.0.0.1:5001)",
  });
});

test("delivery: a client closed after its first line is named, apart from a close at once", () => {
  const closed = (linesSent: number) =>
    judgeDelivery(b("", { ending: { by: "server-fin", at: 0 }, linesSent }), [A], where);
  deepEqual(closed(1), { kind: "closed", how: "fin", name: "B", afterLines: 1 });
  deepEqual(closed(0), { kind: "closed", how: "fin", name: "B", afterLines: 0 });
});
