import { deepEqual } from "node:assert/strict";
import { suspendable } from "./terminal.ts";

Deno.test({
  name: "terminal: Ctrl+Z suspends only where a shell can take over",
  permissions: "none",
}, () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  deepEqual(suspendable("linux", env({}), false), { kind: "self" });
  deepEqual(suspendable("darwin", env({ LANG: "ro_RO.UTF-8" }), false), { kind: "self" });
  // Runners that started the client and wait for it would not stop with it alone.
  const deno = { npm_config_user_agent: "deno/2.9.6 npm/? deno/2.9.6 linux x86_64" };
  deepEqual(suspendable("linux", env(deno), false), { kind: "runner", runner: "deno task" });
  const npm = { npm_config_user_agent: "npm/10.8.2 node/v22.11.0 linux x64 workspaces/false" };
  deepEqual(suspendable("darwin", env(npm), false), { kind: "runner", runner: "npm" });
  deepEqual(suspendable("linux", env({ MAKELEVEL: "1" }), false), {
    kind: "runner",
    runner: "make",
  });
  // Allowed to signal its process group (deno task client grants it), it stops the whole job.
  deepEqual(suspendable("linux", env(deno), true), { kind: "job" });
  deepEqual(suspendable("linux", env({}), true), { kind: "job" });
  deepEqual(suspendable("windows", env({}), true), { kind: "unsupported" });
});
