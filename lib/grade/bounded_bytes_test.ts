import { deepEqual, equal } from "node:assert/strict";
import { HeadAndTail } from "./bounded_bytes.ts";

Deno.test({
  name: "head and tail: keeps the first and last bytes, counts those between",
  permissions: "none",
}, () => {
  const out = new HeadAndTail(6);
  out.push(new Uint8Array([1, 2]));
  deepEqual(out.parts(), { head: new Uint8Array([1, 2]), tail: new Uint8Array([]) });
  equal(out.left, 0);
  out.push(new Uint8Array([3, 4, 5, 6]));
  // Everything fits: the tail follows the head at once.
  deepEqual(out.parts(), { head: new Uint8Array([1, 2, 3]), tail: new Uint8Array([4, 5, 6]) });
  equal(out.left, 0);
  out.push(new Uint8Array([7, 8, 9, 10, 11]));
  deepEqual(out.parts(), { head: new Uint8Array([1, 2, 3]), tail: new Uint8Array([9, 10, 11]) });
  equal(out.left, 5);
  equal(out.total, 11);
});
