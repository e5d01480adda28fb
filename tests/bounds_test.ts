// The bounds that keep one client from harming the others, each crossed over real sockets.
import { deepEqual, equal, match } from "node:assert/strict";
import { withServer } from "../testing/server.ts";

Deno.test("flood: a held Enter key is refused with one notice; others notice nothing", async () => {
  await withServer(
    ["--mode", "broadcast", "--flood-rate", "5", "--flood-burst", "3"],
    async (server) => {
      const flooder = await server.connect();
      const other = await server.connect();
      await server.log.waitFor(/\[CONNECT\] .*#2 /);
      for (let i = 0; i < 20; i++) flooder.send(`spam ${i}`);
      equal(
        await flooder.line(),
        "! flood: Slow down: at most 5 lines a second (3 at once); extra lines were dropped.",
      );
      // The burst got through, the rest did not; the other user can still talk to everyone.
      for (let i = 0; i < 3; i++) match(await other.line(), new RegExp(`\\] spam ${i}$`));
      other.send("hello");
      match(await flooder.line(), /\] hello$/);
      await server.log.waitFor(/\[WARN\] .*#1 .*is flooding/);
      equal(other.received.some((l) => l.includes("spam 3")), false);
      equal(
        flooder.received.filter((l) => l.startsWith("! flood")).length,
        1,
        "one notice per flood",
      );
    },
  );
});

// Dropping a client that floods on for 5 s is tested on a fake clock (lib/server/guards_test.ts).
Deno.test("flood: a big paste over TCP costs its extra lines, never the connection", async () => {
  await withServer([], async (server) => {
    const alice = await server.login("alice");
    const bob = await server.login("bob");
    alice.send("1");
    alice.send("bob");
    await bob.until(/^\? request alice/);
    bob.send("y");
    await alice.until(/^\* chat bob/);
    const paste = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join("");
    alice.sendRaw(paste);
    await server.log.waitForCount(/^\[RECV\] \S+ #1 .*"line \d+"/, 1000);
    equal(await bob.until(/^<alice> /), "<alice> line 0");
    equal(
      await alice.line(),
      "! flood: Slow down: at most 20 lines a second (40 at once); extra lines were dropped.",
    );
    deepEqual(server.operator.who().map((c) => c.id), ["alice", "bob"], "both still connected");
  });
});

// The deadlines are unit-tested on a fake clock (lib/server/connections_test.ts,
// lib/server/guards_test.ts); these smokes check the real server wires them to real time.
Deno.test("login timeout, end to end: a connection that never chooses an ID is told and closed", async () => {
  await withServer(["--login-timeout", "1"], async (server) => {
    const silent = await server.connect();
    equal(
      await silent.until(/^! login-timeout/, 5000),
      "! login-timeout: No ID within 1 s; disconnecting.",
    );
    equal(await silent.ended(), "fin");
    await server.log.waitFor(/\[DISCONNECT\] .*#1 .*dropped by server: no ID within 1 s/);
  });
});

Deno.test("idle timeout, end to end: a silent client is told and closed", async () => {
  await withServer(["--mode", "echo", "--idle-timeout", "1"], async (server) => {
    const silent = await server.connect();
    equal(await silent.until(/^! idle/, 5000), "! idle: Nothing sent for 1 s; disconnecting.");
    equal(await silent.ended(), "fin");
  });
});

Deno.test("max per IP: off by default; when set, one more from the same address is refused", async () => {
  await withServer(["--mode", "echo", "--max-per-ip", "2"], async (server) => {
    const a = await server.connect();
    await server.connect();
    const third = await server.connect();
    equal(
      await third.line(),
      "! too-many-from-ip: Too many connections from your address (at most 2). Close one and try again.",
    );
    equal(await third.ended(), "fin");
    a.send("unaffected");
    equal(await a.line(), "unaffected");
  });
  await withServer(["--mode", "echo"], async (server) => {
    const many = await Promise.all(Array.from({ length: 12 }, () => server.connect()));
    many[11].send("no limit");
    equal(await many[11].line(), "no limit");
  });
});

Deno.test("beyond loopback: the server warns that others can connect", async () => {
  await withServer(["--mode", "echo", "--host", "0.0.0.0"], async (server) => {
    match(await server.log.waitFor(/^\[WARN\] listening beyond/), /anyone who can reach it/);
  });
  await withServer(["--mode", "echo"], async (server) => {
    await server.log.waitFor(/^\[INFO\] mode echo/);
    equal(server.log.lines.some((l) => l.includes("listening beyond")), false);
  });
});
