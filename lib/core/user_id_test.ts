import { deepEqual, equal, notEqual } from "node:assert/strict";
import { checkId, idKey, MAX_ID_LENGTH } from "./user_id.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("id: valid IDs are accepted and trimmed", () => {
  deepEqual(checkId("  alice "), { ok: true, id: "alice" });
  deepEqual(checkId("Bob_2-x"), { ok: true, id: "Bob_2-x" });
  deepEqual(checkId("a".repeat(MAX_ID_LENGTH)), { ok: true, id: "a".repeat(MAX_ID_LENGTH) });
});

test("id: each rejection says why", () => {
  deepEqual(checkId("   "), { ok: false, problem: "empty" });
  deepEqual(checkId("a".repeat(MAX_ID_LENGTH + 1)), { ok: false, problem: "too-long" });
  for (const bad of ["1abc", "a b", "<bob>", "*", "alice:", "ana\u200b", "аlice", "exit()"]) {
    deepEqual(checkId(bad), { ok: false, problem: "invalid" }, bad);
  }
  deepEqual(checkId("Server"), { ok: false, problem: "reserved" });
  deepEqual(checkId("WHO"), { ok: false, problem: "reserved" });
});

test("id: keys ignore case and ASCII look-alikes, nothing else", () => {
  equal(idKey("Alice"), idKey("ALICE"));
  equal(idKey("al1ce"), idKey("alice"));
  equal(idKey("b0b"), idKey("BOB"));
  notEqual(idKey("alice"), idKey("alicia"));
  notEqual(idKey("bob_"), idKey("bob-"));
});
