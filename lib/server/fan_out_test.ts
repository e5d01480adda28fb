import { deepEqual, equal } from "node:assert/strict";
import { FanOut } from "./fan_out.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** A fan-out over a map, counting the lookups it makes. */
function counted(conns: Map<number, string>) {
  const looked: number[] = [];
  const fanOut = new FanOut((conn: number) => {
    looked.push(conn);
    return conns.get(conn);
  });
  return { fanOut, looked };
}

test("fan-out: the same list is looked up once, however many lines go to it", () => {
  const { fanOut, looked } = counted(new Map([[1, "ann"], [2, "ben"]]));
  const members = [1, 2];
  for (let i = 0; i < 100; i++) deepEqual(fanOut.targets(members), ["ann", "ben"]);
  deepEqual(looked, [1, 2]);
});

test("fan-out: a new list (members changed) is looked up afresh", () => {
  const conns = new Map([[1, "ann"], [2, "ben"]]);
  const { fanOut, looked } = counted(conns);
  fanOut.targets([1, 2]);
  conns.set(3, "cat");
  deepEqual(fanOut.targets([1, 2, 3]), ["ann", "ben", "cat"]);
  deepEqual(looked, [1, 2, 1, 2, 3]);
});

test("fan-out: a list equal in content but another array is a new list", () => {
  const conns = new Map([[1, "ann"]]);
  const { fanOut, looked } = counted(conns);
  fanOut.targets([1]);
  conns.set(1, "ann again");
  deepEqual(fanOut.targets([1]), ["ann again"]);
  equal(looked.length, 2);
});

test("fan-out: connections not found stay as holes, in place", () => {
  const { fanOut } = counted(new Map([[2, "ben"]]));
  deepEqual(fanOut.targets([1, 2, 3]), [undefined, "ben", undefined]);
  deepEqual(fanOut.targets([]), []);
});
