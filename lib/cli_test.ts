import { deepEqual, equal, throws } from "node:assert/strict";
import { parseArgs } from "node:util";
import {
  argumentProblem,
  dropWritePermission,
  envFlag,
  type Fail,
  optionsToRun,
  quoted,
  valuesAttached,
} from "./cli.ts";

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

Deno.test({
  name: "cli: a value that starts with a dash stays its flag's value",
  permissions: "none",
}, () => {
  const options = {
    port: { type: "string" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  const read = (args: string[], allowPositionals = true) => {
    try {
      const parsed = parseArgs(valuesAttached({ args, options, strict: true, allowPositionals }));
      return { port: parsed.values.port, positionals: parsed.positionals };
    } catch (error) {
      return argumentProblem(error);
    }
  };
  deepEqual(read(["--port", "-1"]), { port: "-1", positionals: [] });
  deepEqual(read(["--port", "-x", "host"]), { port: "-x", positionals: ["host"] });
  // Positionals keep their order, a negative number among them, wherever the flags stand.
  deepEqual(read(["a", "--quiet", "-5", "--port", "1", "b"]), {
    port: "1",
    positionals: ["a", "-5", "b"],
  });
  deepEqual(read(["--", "--port"]), { port: undefined, positionals: ["--port"] });
  // A flag where a value should be: the value is missing.
  equal(read(["--port", "--quiet"]), "--port needs a value");
  equal(read(["--port", "-h"]), "--port needs a value");
  equal(read(["--port"]), "--port needs a value");
  equal(read(["-5"], false), "unknown option -5");
  equal(read(["x"], false), 'unexpected argument "x" (flags start with --)');
});

Deno.test({
  name: "cli: a value in a message is quoted, its control characters escaped",
  permissions: "none",
}, () => {
  equal(quoted("abc"), '"abc"');
  equal(quoted("ăâ 世"), '"ăâ 世"');
  equal(quoted("a\x1b[2Jb\n"), '"a\\u001b[2Jb\\n"');
});
