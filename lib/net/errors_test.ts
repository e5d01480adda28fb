import { deepEqual } from "node:assert/strict";
import { classifyNetError } from "./errors.ts";

Deno.test({
  name: "net errors: Deno's error classes and node:net's POSIX codes mean the same kinds",
  permissions: "none",
  fn() {
    const nodeError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
    const cases: [unknown, string][] = [
      [new Deno.errors.ConnectionRefused("refused"), "refused"],
      [nodeError("ECONNREFUSED"), "refused"],
      [new Deno.errors.ConnectionReset("reset"), "reset"],
      [nodeError("ECONNRESET"), "reset"],
      [nodeError("EPIPE"), "reset"],
      [nodeError("ETIMEDOUT"), "timed-out"],
      [nodeError("ENOTFOUND"), "unknown-host"],
      [nodeError("EHOSTUNREACH"), "unreachable"],
      [nodeError("EMFILE"), "out-of-descriptors"],
      [nodeError("ESOMETHINGNEW"), "other"],
      ["a string", "other"],
    ];
    deepEqual(cases.map(([e]) => classifyNetError(e).kind), cases.map(([, kind]) => kind));
  },
});
