// The one classification of network errors, for a real node:net socket (the grader's clients).
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
