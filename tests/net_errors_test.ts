// The one classification of network errors, for real sockets: node:net (the grader's clients)
// and Deno.connect (the client), which need the network, so they are not in the unit tier.
import { equal } from "node:assert/strict";
import { classifyNetError } from "../lib/net/errors.ts";

Deno.test({
  name: "net errors: a node:net connection refused on loopback is 'refused'",
}, async () => {
  const net = await import("node:net");
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const error = await new Promise<unknown>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", resolve);
  });
  equal(classifyNetError(error).kind, "refused");
});

Deno.test({
  name: "net errors: a host that is no name at all, and one that does not resolve, are told apart",
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
