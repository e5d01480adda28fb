import { equal } from "node:assert/strict";
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
