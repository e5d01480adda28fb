import { equal, throws } from "node:assert/strict";
import { dropWritePermission, envFlag, type Fail, optionsToRun } from "./cli.ts";

const failing: Fail = (code, message) => {
  throw new Error(`exit ${code}: ${message}`);
};

Deno.test({ name: "cli: a bad argument fails with exit code 2", permissions: "none" }, () => {
  throws(
    () => optionsToRun({ kind: "error", message: "--port needs a value" }, failing),
    /^Error: exit 2: --port needs a value \(see --help\)$/,
  );
});

Deno.test({ name: "cli: a run hands over its options", permissions: "none" }, () => {
  equal(optionsToRun({ kind: "run", options: 42 }, failing), 42);
});

Deno.test({
  name: "cli: an environment flag is on only when set to something",
  permissions: { env: ["TCPCHAT_TEST_FLAG"] },
}, () => {
  Deno.env.delete("TCPCHAT_TEST_FLAG");
  equal(envFlag("TCPCHAT_TEST_FLAG"), false);
  Deno.env.set("TCPCHAT_TEST_FLAG", "");
  equal(envFlag("TCPCHAT_TEST_FLAG"), false);
  Deno.env.set("TCPCHAT_TEST_FLAG", "1");
  equal(envFlag("TCPCHAT_TEST_FLAG"), true);
  Deno.env.delete("TCPCHAT_TEST_FLAG");
});

Deno.test({
  name: "cli: once write permission is dropped, no file can be written",
  permissions: { write: true },
}, () => {
  dropWritePermission();
  equal(Deno.permissions.querySync({ name: "write" }).state, "prompt");
  // The permission check comes before the file system: the directory need not exist.
  throws(() => Deno.writeTextFileSync("/nonexistent-dir/x.log", "x"), Deno.errors.NotCapable);
});
