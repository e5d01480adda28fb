// The lab's two example servers, checked byte for byte over real sockets.
import { deepEqual, equal, match } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { withServer } from "../testing/server.ts";
import { haveIpv6 } from "../testing/tools.ts";

Deno.test("broadcast: each line reaches every other client as exactly [ip:port] text", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const [a, b, c] = [await server.connect(), await server.connect(), await server.connect()];
    await server.log.waitFor(/\[CONNECT\] .*#3 /);
    a.send("hello from a");
    equal(await b.line(), `[127.0.0.1:${a.localPort}] hello from a`);
    equal(await c.line(), `[127.0.0.1:${a.localPort}] hello from a`);
    c.sendRaw("split ");
    c.sendRaw("across writes\r\n");
    equal(await a.line(), `[127.0.0.1:${c.localPort}] split across writes`);
    equal(await b.line(), `[127.0.0.1:${c.localPort}] split across writes`);
    // The sender never gets its own line back, and no greeting was ever sent.
    b.send("last");
    await a.until(/last$/);
    deepEqual(a.received, [
      `[127.0.0.1:${c.localPort}] split across writes`,
      `[127.0.0.1:${b.localPort}] last`,
    ]);
    const fwd = await server.log.waitFor(/\[FWD\] .*hello from a/);
    const bytes = `[127.0.0.1:${a.localPort}] hello from a\n`.length;
    match(
      fwd,
      new RegExp(`#1 127\\.0\\.0\\.1:${a.localPort} -> #2 .*, #3 .*: ${bytes} bytes each`),
    );
    await server.log.waitFor(/\[RECV\] .*#1 .* 13 bytes: "hello from a"/);
  });
});

Deno.test("broadcast: peer escape codes never reach another terminal raw", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const [a, b] = [await server.connect(), await server.connect()];
    await server.log.waitFor(/\[CONNECT\] .*#2 /);
    a.send("\x1b[2J\x1b]0;owned\x07bell");
    equal(await b.line(), `[127.0.0.1:${a.localPort}] ^[[2J^[]0;owned^Gbell`);
  });
});

Deno.test(
  { name: "broadcast over IPv6: the sender is written [[::1]:port]", ignore: !haveIpv6() },
  async () => {
    await withServer(["--mode", "broadcast", "--host", "::1"], async (server) => {
      const a = await TestClient.connect("::1", server.port);
      const b = await TestClient.connect("::1", server.port);
      try {
        await server.log.waitFor(/\[CONNECT\] .*#2 \[::1\]:/);
        a.send("hi over v6");
        equal(await b.line(), `[[::1]:${a.localPort}] hi over v6`);
      } finally {
        a.close();
        b.close();
        await Promise.all([a.closed, b.closed]);
      }
    });
  },
);

Deno.test("echo: each line comes back to its sender, and only to it", async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const [a, b] = [await server.connect(), await server.connect()];
    a.send("ping");
    a.sendRaw("héllo 👋\r\n");
    equal(await a.line(), "ping");
    equal(await a.line(), "héllo 👋");
    b.send("pong");
    equal(await b.line(), "pong");
    deepEqual(b.received, ["pong"]);
    await server.log.waitFor(/\[SEND\] .*#1 .* 5 bytes: "ping"/);
  });
});

Deno.test("echo: a last line without a newline is still answered when the client half-closes", async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const a = await server.connect();
    a.sendRaw("no newline at the end");
    await a.closeWrite();
    equal(await a.line(), "no newline at the end");
    equal(await a.ended(), "fin");
    await server.log.waitFor(/\[DISCONNECT\] .*#1 .* closed by peer \(FIN\)/);
  });
});

Deno.test("broadcast: [FWD] names five recipients and counts the rest", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const clients = [];
    for (let i = 0; i < 8; i++) clients.push(await server.connect());
    await server.log.waitFor(/\[CONNECT\] .*#8 /);
    clients[0].send("to everyone");
    await Promise.all(clients.slice(1).map((c) => c.until(/to everyone$/)));
    const fwd = await server.log.waitFor(/\[FWD\] .*to everyone/);
    equal(fwd.match(/#\d+ 127\.0\.0\.1:\d+/g)?.length, 6, fwd); // the sender and five recipients
    match(fwd, / and 2 more: /);
  });
});
