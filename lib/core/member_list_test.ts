import { deepEqual, equal, ok } from "node:assert/strict";
import { MemberList } from "./member_list.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** The obvious model: a fresh array of [conn, label] pairs for every version. */
type Model = readonly (readonly [number, string])[];

function check(list: MemberList, model: Model): void {
  // Iterating first walks the table; once `ids` is built, iterating reads it.
  deepEqual([...list], model.map(([conn]) => conn));
  deepEqual(list.ids, model.map(([conn]) => conn));
  deepEqual([...list], list.ids);
  equal(list.size, model.length);
  for (const [conn, label] of model) {
    ok(list.has(conn));
    equal(list.label(conn), label);
  }
}

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

test("member list: adds keep arrival order, removes keep the rest", () => {
  const list = MemberList.EMPTY.add(1, "a").add(2, "b").add(3, "c").remove(2).add(4, "d");
  check(list, [[1, "a"], [3, "c"], [4, "d"]]);
  equal(list.label(2), undefined);
  equal(list.has(2), false);
});

test("member list: adding a member twice or removing a stranger changes nothing", () => {
  const list = MemberList.EMPTY.add(1, "a");
  equal(list.add(1, "other"), list);
  equal(list.remove(9), list);
  check(list, [[1, "a"]]);
});

test("member list: an older version stays as it was, and can be changed on its own", () => {
  const base = MemberList.EMPTY.add(1, "a").add(2, "b");
  const newer = base.remove(1).add(3, "c");
  const branch = base.add(4, "d");
  check(base, [[1, "a"], [2, "b"]]);
  check(newer, [[2, "b"], [3, "c"]]);
  check(branch, [[1, "a"], [2, "b"], [4, "d"]]);
  check(MemberList.EMPTY, []);
});

test("member list: a member removed and added again is new, and older versions keep the old one", () => {
  const first = MemberList.EMPTY.add(1, "a").add(2, "b");
  const again = first.remove(1).add(1, "a2");
  check(first, [[1, "a"], [2, "b"]]);
  check(again, [[2, "b"], [1, "a2"]]);
});

test("member list: the members array is built once per version", () => {
  const list = MemberList.EMPTY.add(1, "a").add(2, "b");
  equal(list.ids, list.ids);
});

test("member list: N adds and N removes copy O(1) entries each; iterating copies none", () => {
  const n = 10_000;
  let list = MemberList.EMPTY.add(0, "first");
  const start = list.copiedEntries;
  for (let conn = 1; conn <= n; conn++) list = list.add(conn, `p${conn}`);
  // An array copied on every add would have copied n²/2 = 50 million entries by now.
  equal(list.copiedEntries - start, 0);
  let count = 0;
  for (const _ of list) count++;
  equal(count, n + 1);
  equal(list.copiedEntries - start, 0, "iterating builds nothing");
  equal(list.ids.length, n + 1);
  equal(list.ids, list.ids);
  equal(list.copiedEntries - start, n + 1, "`ids` is built once");
  const built = list.copiedEntries;
  for (let conn = 0; conn <= n; conn++) list = list.remove(conn);
  deepEqual(list.ids, []);
  // The table is compacted whenever the removed outnumber the members: n entries at most.
  ok(list.copiedEntries - built <= n, `${list.copiedEntries - built} entries copied`);
});

test("member list: random changes to random versions agree with plain arrays", () => {
  const next = random(20240611);
  const versions: [MemberList, Model][] = [[MemberList.EMPTY, []]];
  for (let step = 0; step < 4000; step++) {
    // Mostly the newest version, as a server does; sometimes an older one, as a test might.
    const at = next() < 0.9 ? versions.length - 1 : Math.floor(next() * versions.length);
    const [list, model] = versions[at];
    const conn = 1 + Math.floor(next() * 40);
    const changed: [MemberList, Model] = next() < 0.55
      ? [
        list.add(conn, `p${step}`),
        model.some(([c]) => c === conn) ? model : [...model, [conn, `p${step}`]],
      ]
      : [list.remove(conn), model.filter(([c]) => c !== conn)];
    versions.push(changed);
    if (step % 97 === 0) { for (const [l, m] of versions) check(l, m); }
  }
  for (const [l, m] of versions) check(l, m);
});
