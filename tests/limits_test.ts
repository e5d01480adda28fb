// Every bound the server keeps, crossed over real sockets.
import { deepEqual, equal, match } from "node:assert/strict";
import { TestServer, withServer } from "../testing/server.ts";

Deno.test("max clients: one more is told the server is full and closed cleanly", async () => {
  await withServer(["--mode", "echo", "--max-clients", "2"], async (server) => {
    const a = await server.connect();
    await server.connect();
    const extra = await server.connect();
    equal(await extra.line(), "! full: The server is full (2 clients). Try again later.");
    equal(await extra.ended(), "fin");
    await server.log.waitFor(
      /\[DISCONNECT\] .*#3 .*closed by server \(FIN\): server full \(2 clients\)/,
    );
    // The others are untouched, and the freed place can be taken again.
    a.send("still served");
    equal(await a.line(), "still served");
    a.close();
    await server.log.waitFor(/\[DISCONNECT\] .*#1 /);
    const again = await server.connect();
    again.send("in");
    equal(await again.line(), "in");
  });
});

Deno.test("max line: an over-long line is refused with an error, the next line works", async () => {
  await withServer(["--mode", "echo", "--max-line", "16"], async (server) => {
    const a = await server.connect();
    a.send("x".repeat(17));
    equal(await a.line(), "! line-too-long: Line longer than 16 bytes; it was discarded.");
    a.send("y".repeat(16));
    equal(await a.line(), "y".repeat(16));
    // A paste of a megabyte without newlines costs the server at most one line of memory.
    a.sendRaw("z".repeat(1024 * 1024));
    a.send("");
    equal(await a.line(), "! line-too-long: Line longer than 16 bytes; it was discarded.");
    a.send("ok");
    equal(await a.line(), "ok");
    await server.log.waitFor(/\[WARN\] .*#1 .*sent a line over 16 bytes/);
  });
});

Deno.test("max line, no-newline client: an over-long message is refused once, a pause ends it", async () => {
  await withServer(["--mode", "echo", "--max-line", "16", "--pause", "50"], async (server) => {
    const a = await server.connect();
    a.sendRaw("short");
    equal(await a.line(), "short");
    await server.log.waitFor(
      /\[RECV\] .*#1 .* 5 bytes: "short" \(no-newline client: a 50 ms pause ended it\)/,
    );
    // A megabyte in one go, no newline: refused once, never held, and the pause ends it.
    a.sendRaw("z".repeat(1024 * 1024));
    equal(await a.line(), "! line-too-long: Line longer than 16 bytes; it was discarded.");
    await server.log.waitFor(/\[WARN\] .*#1 .*sent a line over 16 bytes/);
    // Whatever of "after" still reaches the server inside the megabyte's burst is part of it;
    // the user types it again until it arrives on its own, as a user would.
    let answer: string | undefined;
    for (let tries = 0; tries < 20 && answer === undefined; tries++) {
      a.sendRaw("after");
      answer = await a.line(500).catch(() => undefined);
    }
    equal(answer, "after");
    equal(a.received.length, 3);
  });
});

Deno.test("max queue: a client that stops reading is dropped; the others keep chatting", async () => {
  await withServer(
    ["--mode", "broadcast", "--max-queue", "1024", "--flood-rate", "0"],
    async (server) => {
      const sender = await server.connect();
      const healthy = await server.connect();
      // The stalled client is a raw socket that never reads: the kernel buffers fill, then ours.
      const stalled = await Deno.connect({ hostname: server.hostname, port: server.port });
      await server.log.waitFor(/\[CONNECT\] .*#3 /);
      const line = "x".repeat(1000);
      let sent = 0;
      const dropped = server.log.waitFor(
        /\[DISCONNECT\] .*#3 .*dropped by server: send queue over 1024 bytes/,
        20000,
      );
      let done = false;
      dropped.then(() => done = true, () => done = true);
      while (!done && sent < 20000) {
        sender.send(line + sent);
        sent++;
        await healthy.until(new RegExp(`x${sent - 1}$`));
      }
      match(await dropped, /client not reading/);
      sender.send("after the drop");
      match(await healthy.until(/after the drop/), /\] after the drop$/);
      stalled.close();
    },
  );
});

Deno.test("max clients: a refused peer that keeps its socket open takes no place", async () => {
  await withServer(["--mode", "echo", "--max-clients", "1"], async (server) => {
    const a = await server.connect();
    // A raw socket that never reads nor closes: the refusal waits for its FIN in vain.
    const refused = await Deno.connect({ hostname: server.hostname, port: server.port });
    await server.log.waitFor(/\[CONNECT\] .*#2 .*refused: server full/);
    a.close();
    await server.log.waitFor(/\[DISCONNECT\] .*#1 /);
    const next = await server.connect();
    next.send("let in at once");
    equal(await next.line(), "let in at once");
    refused.close();
  });
});

Deno.test("stop: connections already closing are waited for before [STOP]", async () => {
  const server = await TestServer.start(["--mode", "echo", "--max-clients", "1"]);
  await server.connect();
  const refused = await Deno.connect({ hostname: server.hostname, port: server.port });
  await server.log.waitFor(/\[CONNECT\] .*#2 .*refused/);
  await server.stop();
  refused.close();
  server.flushLog();
  const ends = server.log.lines.map((l) => l.split(" ")[0]).filter((t) =>
    /DISCONNECT|STOP/.test(t)
  );
  deepEqual(ends.slice(-1), ["[STOP]"]);
  equal(ends.filter((t) => t === "[DISCONNECT]").length, 2, server.log.lines.join("\n"));
});
