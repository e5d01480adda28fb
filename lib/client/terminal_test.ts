import { deepEqual } from "node:assert/strict";
import { suspendable } from "./terminal.ts";

Deno.test({
  name: "terminal: Ctrl+Z suspends only where a shell can take over",
  permissions: "none",
}, () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  deepEqual(suspendable("linux", env({})), { kind: "yes" });
  deepEqual(suspendable("darwin", env({ LANG: "ro_RO.UTF-8" })), { kind: "yes" });
  // Runners that started the client and wait for it would not stop with it.
  const deno = { npm_config_user_agent: "deno/2.9.6 npm/? deno/2.9.6 linux x86_64" };
  deepEqual(suspendable("linux", env(deno)), { kind: "runner", runner: "deno task" });
  const npm = { npm_config_user_agent: "npm/10.8.2 node/v22.11.0 linux x64 workspaces/false" };
  deepEqual(suspendable("darwin", env(npm)), { kind: "runner", runner: "npm" });
  deepEqual(suspendable("linux", env({ MAKELEVEL: "1" })), { kind: "runner", runner: "make" });
  deepEqual(suspendable("windows", env({})), { kind: "unsupported" });
});
