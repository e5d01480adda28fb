import { deepEqual, equal } from "node:assert/strict";
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

Deno.test("net errors: a node:net connection refused on loopback is 'refused'", async () => {
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
