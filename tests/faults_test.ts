// Fault injection with real sockets: resets at awkward moments, slow and stuck peers, and many
// connect/reset cycles measured for leaks (running out of file descriptors: descriptors_test.ts).
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { ServerProcess } from "../testing/process.ts";
import { ResetPeer } from "../lib/net/reset_peer.ts";
import { withServer } from "../testing/server.ts";
import { waitUntil, within } from "../testing/wait_until.ts";

Deno.test("faults: an RST in the middle of a line loses nothing for the others", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const a = await server.connect();
    const b = await server.connect();
    const killed = await ResetPeer.connect(server.hostname, server.port);
    await server.log.waitFor(/\[CONNECT\] .*#3 /);
    await killed.typeRaw("half a li");
    await killed.reset();
    await server.log.waitFor(/\[DISCONNECT\] .*#3 .*reset by peer \(RST\)/);
    a.send("after the reset");
    equal(await b.line(), `[127.0.0.1:${a.localPort}] after the reset`);
    equal(
      b.received.some((l) => l.includes("half a li")),
      false,
      "a reset line is never delivered",
    );
  });
});

Deno.test("faults: a requester that resets while waiting frees the asked user", async () => {
  await withServer([], async (server) => {
    const bob = await server.login("bob");
    const alice = await ResetPeer.connect(server.hostname, server.port);
    await alice.type("alice");
    await alice.type("1");
    await alice.type("bob");
    await bob.until(/^\? request alice:/);
    await alice.reset();
    equal(await bob.line(), "* withdrawn alice: alice lost the connection (reset).");
    await bob.until(/^\? menu:/);
    bob.send("4");
    equal(await bob.line(), "* who: 1 user online: bob (you)");
  });
});

Deno.test("faults: a slowloris dribbling one byte at a time does not slow anyone else", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const a = await server.connect();
    const b = await server.connect();
    const slow = await server.connect();
    await server.log.waitFor(/\[CONNECT\] .*#3 /);
    const text = "slowly";
    for (const [i, ch] of [...text].entries()) {
      slow.sendRaw(ch);
      a.send(`fast ${i}`);
      equal(await b.line(), `[127.0.0.1:${a.localPort}] fast ${i}`);
    }
    slow.sendRaw("\n");
    equal(await b.line(), `[127.0.0.1:${slow.localPort}] slowly`);
  });
});

Deno.test("faults: an LF that comes after a pause still ends the CR's line: no empty message", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const listener = await server.connect();
    const sender = await server.connect();
    sender.sendRaw("first\r\nhello\r");
    // The server takes "hello" once a pause shows no LF is coming yet...
    await server.log.waitFor(/\[RECV\] .* 6 bytes: "hello"$/);
    // ...and the LF that comes after it (a retransmission on a lossy link) is still the CR's.
    sender.sendRaw("\nworld\r\n");
    const from = `[127.0.0.1:${sender.localPort}]`;
    deepEqual(await listener.receivedCount(3), [
      `${from} first`,
      `${from} hello`,
      `${from} world`,
    ]);
    await server.log.waitFor(/\[RECV\] .* 1 bytes: LF \(the rest of the CR newline before\)$/);
  });
});

Deno.test("faults: 1,000 connect/reset cycles leak no file descriptors and little memory", async () => {
  await using server = ServerProcess.start(["--port", "0", "--mode", "chat", "--quiet"]);
  const port = await server.port();
  const pid = server.child.pid;
  const fds = () => [...Deno.readDirSync(`/proc/${pid}/fd`)].length;
  const rssKiB = () =>
    Number(/VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1]);
  // Warm up so that lazily created runtime resources are not counted as leaks: the RSS of
  // node:net's sockets (lib/server/listener.ts) levels off after a few thousand connections.
  await resetCycles(port, 5000);
  await servedAgain(port);
  const fdsBefore = await steady(fds, "the server's open file descriptors");
  const rssBefore = rssKiB();
  await resetCycles(port, 1000);
  await servedAgain(port);
  // The last connections may still be closing: their descriptors are given a moment to go.
  await waitUntil(() => fds() <= fdsBefore + 2 || undefined, {
    what: `at most ${fdsBefore + 2} open file descriptors (${fdsBefore} before 1,000 cycles)`,
    seen: () => `${fds()} open file descriptors`,
  });
  const rssAfter = rssKiB();
  ok(rssAfter - rssBefore < 20 * 1024, `RSS grew from ${rssBefore} KiB to ${rssAfter} KiB`);
  equal(server.stdout.some((l) => l.startsWith("[ERROR]")), false, "a reset is never an error");
  const probe = await TestClient.connect("127.0.0.1", port);
  match(await probe.line(), /^\* welcome: /);
  probe.close();
  await probe.closed;
  server.child.kill("SIGTERM");
  equal(await server.exit(), 0);
});

/** Resolves once a newcomer gets its welcome: every earlier connection has been accepted. */
async function servedAgain(port: number): Promise<void> {
  const probe = await TestClient.connect("127.0.0.1", port);
  await probe.until(/^\? id:/);
  probe.close();
  await probe.closed;
}

/** The value of `measure` once two readings POLL_MS apart agree (nothing announces it). */
function steady(measure: () => number, what: string): Promise<number> {
  let last: number | undefined;
  return waitUntil(() => {
    const previous = last;
    last = measure();
    return last === previous ? last : undefined;
  }, { what: `${what} to stop changing`, seen: () => `${last}` });
}

/** Connects `count` times; each connection types half an ID, then resets (an RST). */
async function resetCycles(port: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const peer = await ResetPeer.connect("127.0.0.1", port);
    await peer.typeRaw("half-an-i");
    await peer.reset();
  }
}

Deno.test("faults: SIGTERM stops the server in bounded time even with a stuck client", async () => {
  const args = [
    "--port",
    "0",
    "--mode",
    "broadcast",
    "--flood-rate",
    "0",
    "--max-queue",
    "67108864",
    "--max-line",
    "65536",
  ];
  await using server = ServerProcess.start(args);
  const port = await server.port();
  // The stuck client never reads: its kernel buffers fill up, then the server's queue for it.
  const stuck = await Deno.connect({ hostname: "127.0.0.1", port });
  const talkerConn = await Deno.connect({ hostname: "127.0.0.1", port });
  await server.waitFor(/\[CONNECT\] .*#2 /);
  // 16 MB is more than the loopback socket buffers hold, so a write to the stuck client is
  // still pending when the signal arrives; the big --max-queue keeps it from being dropped.
  const lines = new TextEncoder().encode(("y".repeat(16 * 1024) + "\n").repeat(1024));
  // conn.write() may take only part of a buffer: keep writing until all of it is sent.
  for (let sent = 0; sent < lines.length;) sent += await talkerConn.write(lines.subarray(sent));
  await server.waitForCount(/^\[FWD\] .*#2 .*-> #1 /, 1024, 20_000);
  server.child.kill("SIGTERM");
  try {
    equal(await within(server.exit(), { what: "the server to stop", ms: 10_000 }), 0);
  } finally {
    stuck.close();
    talkerConn.close();
  }
  const log = server.stdout.join("\n");
  match(log, /\[DISCONNECT\] .*#1 .*server stopping; unsent data discarded/);
  match(log, /\[STOP\] /);
});
