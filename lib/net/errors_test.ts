import { deepEqual, equal } from "node:assert/strict";
import { classifyNetError } from "./errors.ts";

Deno.test({
  name: "net errors: a host that is no name at all, and one that does not resolve, are told apart",
  permissions: { net: true },
}, async () => {
  // Deno refuses these before any lookup, with a URIError.
  for (const hostname of ["a b", "a..b", "bücher.invalid", "."]) {
    const error = await Deno.connect({ hostname, port: 9 }).then((c) => c.close(), (e) => e);
    equal(classifyNetError(error).kind, "invalid-host", hostname);
  }
  // RFC 6761: .invalid never resolves.
  const unresolved = await Deno.connect({ hostname: "nosuch.invalid", port: 9 }).catch((e) => e);
  equal(classifyNetError(unresolved).kind, "unknown-host");
});

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
