// The terminal client driven through pipes, as a script uses it, against real servers.
import { deepEqual, equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { TEST_ENV } from "../testing/process.ts";
import { withServer } from "../testing/server.ts";

const address = (port: number) => ["127.0.0.1", String(port)];
/** The client's own port, from its `connected 127.0.0.1:53278 -> ...` line. */
const localPort = (connected: string) => /^connected \S+:(\d+) ->/.exec(connected)?.[1];

Deno.test("client pipe: the course's chat project's session end to end, two users", async () => {
  await withServer([], async (server) => {
    const alice = ClientProcess.start(address(server.port));
    const bob = ClientProcess.start(address(server.port));
    const connected = await alice.status(/^connected /);
    match(
      connected,
      new RegExp(`^connected 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${server.port}$`),
    );
    const alicePort = localPort(connected);
    const bobPort = localPort(await bob.status(/^connected /));

    await alice.until(/^\? id:/);
    await alice.type("alice");
    equal(await alice.until(/^\* hello/), "* hello alice: Hello, alice!");
    await alice.until(/^\? menu:/);
    await bob.until(/^\? id:/);
    await bob.type("bob");
    await bob.until(/^\? menu:/);

    // alice asks bob for a private chat; bob accepts.
    await alice.type("1");
    await alice.until(/^\? target: .*Free now: bob\./);
    await alice.type("bob");
    await alice.until(/^\* waiting bob:/);
    equal(
      await bob.until(/^\? request/),
      "? request alice: alice wants to chat with you. Accept? (y/n)",
    );
    await bob.type("y");
    await bob.until(/^\* chat alice:/);
    await alice.until(/^\* chat bob:/);

    // Messages both ways, UTF-8 intact.
    await alice.type("hi bob");
    equal(await bob.until(/^</), "<alice> hi bob");
    await bob.type("salut alice, ce faceți? 👋");
    equal(await alice.until(/^</), "<bob> salut alice, ce faceți? 👋");

    // exit() ends the chat for both; then bob leaves with 2 and alice's input ends.
    await bob.type("exit()");
    equal(await alice.until(/^\* chat-ended/), "* chat-ended bob: bob ended the chat.");
    await bob.until(/^\? menu:/);
    await bob.type("2");
    equal(await bob.until(/^\* bye/), "* bye: Goodbye, bob.");
    equal(await bob.exit(), 0);
    match(
      bob.stderr.at(-1) ?? "",
      /^the server closed the connection \(127\.0\.0\.1:\d+ sent FIN\)$/,
    );

    await alice.endInput();
    equal(await alice.exit(), 0);
    match(alice.stderr.at(-1) ?? "", /^connection to 127\.0\.0\.1:\d+ closed \(FIN both ways\)$/);
    // Standard output holds the server's lines only: no prompts, no colours, no status lines.
    equal(alice.stdout.every((l) => /^[*?!<]/.test(l) || l === ""), true, alice.stdout.join("\n"));
    equal(alice.stdout.join("").includes("\x1b"), false);

    await server.log.waitFor(
      new RegExp(`\\[DISCONNECT\\] .*:${bobPort} closed by server \\(FIN\\): user chose exit`),
    );
    await server.log.waitFor(
      new RegExp(`\\[DISCONNECT\\] .*:${alicePort} closed by peer \\(FIN\\)`),
    );
  });
});

Deno.test("client pipe: printf 'alice\\n3\\nhello\\n' | client, then closes after the quiet time", async () => {
  await withServer([], async (server) => {
    const watcher = await server.login("watcher");
    watcher.send("3");
    await watcher.until(/^\* room:/);
    const client = ClientProcess.start([...address(server.port), "--quiet-time", "200"]);
    await client.type("alice\n3\nhello");
    await client.endInput();
    equal(await watcher.until(/^#room/), "#room <alice> hello");
    equal(await client.exit(), 0);
    equal(
      client.stdout.at(-1),
      "* room: You are in the common room with watcher. Type exit() to leave.",
    );
    await server.log.waitFor(/\[DISCONNECT\] .*#2 .*closed by peer \(FIN\)/);
  });
});

Deno.test("client pipe: echo and broadcast modes print exactly what the server sends", async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const client = ClientProcess.start([...address(server.port), "--quiet-time", "100"]);
    await client.type("one");
    await client.type("two words");
    await client.endInput();
    equal(await client.exit(), 0);
    deepEqual(client.stdout.filter((l) => l !== ""), ["one", "two words"]);
  });
  await withServer(["--mode", "broadcast"], async (server) => {
    const listener = ClientProcess.start(address(server.port));
    await listener.status(/^connected /);
    await server.log.waitFor(/\[CONNECT\] .*#1 /);
    const talker = ClientProcess.start([...address(server.port), "--quiet-time", "100"]);
    const port = localPort(await talker.status(/^connected /));
    await talker.type("salut din pipe");
    await talker.endInput();
    equal(await listener.until(/salut/), `[127.0.0.1:${port}] salut din pipe`);
    equal(await talker.exit(), 0);
    await listener.endInput();
    equal(await listener.exit(), 0);
  });
});

Deno.test("client pipe: an input line longer than --max-line goes out whole, as with nc", async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const client = ClientProcess.start([
      ...address(server.port),
      "--max-line",
      "16",
      "--quiet-time",
      "100",
    ]);
    await client.type("x".repeat(17));
    await client.type("x".repeat(16));
    await client.endInput();
    equal(await client.exit(), 0);
    deepEqual(client.stdout, ["x".repeat(17), "x".repeat(16)]);
    equal(client.stderr.length, 2, client.stderr.join("\n"));
  });
});

Deno.test("client pipe: SIGHUP, SIGINT, SIGQUIT, SIGTERM close cleanly with a FIN and exit 128 + n", async () => {
  // SIGHUP: the terminal the script ran in was closed; SIGQUIT: Ctrl+\ there.
  const signals = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const;
  await withServer([], async (server) => {
    let connection = 0;
    for (const [signal, code] of Object.entries(signals)) {
      const client = ClientProcess.start(address(server.port));
      connection++;
      await client.until(/^\? id:/);
      client.kill(signal as keyof typeof signals);
      equal(await client.exit(), code, signal);
      match(
        client.stderr.at(-1) ?? "",
        /^connection to 127\.0\.0\.1:\d+ closed \(FIN both ways\)$/,
      );
      await server.log.waitFor(
        new RegExp(`\\[DISCONNECT\\] .*#${connection} .*closed by peer \\(FIN\\)`),
      );
    }
  });
});

Deno.test("client pipe: a received line longer than --max-line is printed whole", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const client = ClientProcess.start([...address(server.port), "--max-line", "32"]);
    await client.status(/^connected /);
    const sender = await server.connect();
    await server.log.waitFor(/\[CONNECT\] .*#2 /);
    sender.send("x".repeat(40));
    sender.send("short");
    match(await client.until(/short$/), /^\[127\.0\.0\.1:\d+\] short$/);
    match(client.stdout[0], /^\[127\.0\.0\.1:\d+\] x{40}$/);
    await client.endInput();
    equal(await client.exit(), 0);
  });
});

Deno.test("client pipe: BS and DEL pass through both ways byte for byte, as with nc", async () => {
  // A line server other than tcpchat: it prints a line with DEL and BS in it, and records what
  // the client sends.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const conn = await listener.accept();
    await conn.write(new TextEncoder().encode("ab\x7fc\x08d\r\nnext\n"));
    const received: number[] = [];
    const buffer = new Uint8Array(64);
    while (!received.includes(0x0a)) {
      const n = await conn.read(buffer);
      if (n === null) break;
      received.push(...buffer.subarray(0, n));
    }
    conn.close();
    return new Uint8Array(received);
  })();
  try {
    const client = ClientProcess.start(address(listener.addr.port));
    await client.until(/^next$/);
    await client.type("xy\x7fz\x08w");
    equal(await client.exit(), 0);
    // Standard output is a pipe here: it gets the server's bytes as sent, not an edited "ad".
    deepEqual(client.stdout, ["ab\x7fc\x08d\r", "next"]);
    // The typed line leaves as it was written; erasing is the server's business.
    deepEqual(await serving, new TextEncoder().encode("xy\x7fz\x08w\n"));
  } finally {
    await serving.catch(() => {});
    listener.close();
  }
});

/** Bytes from text and single byte values (for bytes that are not UTF-8). */
const bytes = (...parts: (string | number)[]) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "number" ? [p] : [...new TextEncoder().encode(p)]),
  );

/** The client on 127.0.0.1 `port`, its input a pipe the test writes raw bytes to. */
function spawnClient(port: number, quietTimeMs: number, output: "piped" | "null") {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "main_client.ts", "127.0.0.1", String(port)]
      .concat(["--quiet-time", String(quietTimeMs)]),
    stdin: "piped",
    stdout: output,
    stderr: output,
    env: TEST_ENV,
  }).spawn();
}

/** Everything a connection receives until the peer's FIN. */
async function readToEnd(conn: Deno.Conn): Promise<Uint8Array> {
  const received: number[] = [];
  const buffer = new Uint8Array(4096);
  for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
    received.push(...buffer.subarray(0, n));
  }
  return new Uint8Array(received);
}

Deno.test("client pipe: bytes go both ways exactly as sent, as nc copies them: CR, CR LF, invalid UTF-8", async () => {
  // Another line server: it sends a bare CR and a byte that is not UTF-8, and records every byte.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const fromServer = bytes("a\rb\nc", 0xe9, "d\n", "\x1b[1mbold\x1b[0m", 0xff, "no LF");
  const serving = (async () => {
    const conn = await listener.accept();
    await conn.write(fromServer);
    const received = await readToEnd(conn);
    conn.close();
    return received;
  })();
  try {
    const typed = bytes("one\r\ntwo\rthree\n", 0xe9, "t", 0xe9, "\n", "ab\x7fc\x08d\n", 0xc3, "\n");
    const child = spawnClient(listener.addr.port, 100, "piped");
    const writer = child.stdin.getWriter();
    await writer.write(typed);
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    equal(code, 0, new TextDecoder().decode(stderr));
    deepEqual(stdout, fromServer, "standard output: the server's bytes, exactly");
    deepEqual(await serving, typed, "the server: the input's bytes, exactly");
    match(
      new TextDecoder().decode(stderr),
      /^connected .*\nconnection to .* closed \(FIN both ways\)\n$/,
    );
  } finally {
    await serving.catch(() => {});
    listener.close();
  }
});

/** A figure from /proc/PID/status, in KiB: VmRSS (resident now), VmHWM (the most it ever was). */
const memoryKiB = (pid: number, field: "VmRSS" | "VmHWM") =>
  Number(
    new RegExp(`${field}:\\s+(\\d+) kB`).exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1],
  );

Deno.test("client pipe: a gigabyte, one line, goes through in bounded memory", async () => {
  // Each read is 16 KiB and waits for the last to leave; nothing a read leaves behind may add up.
  // Measured: the client grows by about 11 MiB after its first megabyte, whatever the size; a trace
  // kept per read (a race against a promise that never settles) made it 62 MiB at 1 GiB.
  const total = 1024 * 1024 * 1024;
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const megabyte = new Uint8Array(1024 * 1024).fill(0x78);
  let received = 0;
  const reached = new Map<number, () => void>();
  /** Resolves once the server has received `bytes` bytes. */
  const receivedAll = (bytes: number) => new Promise<void>((r) => reached.set(bytes, r));
  const firstMegabyte = receivedAll(megabyte.length);
  const all = receivedAll(total + 1);
  const serving = (async () => {
    const conn = await listener.accept();
    const buffer = new Uint8Array(64 * 1024);
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
      received += n;
      for (const [bytes, resolve] of reached) if (received >= bytes) resolve();
    }
    conn.close();
  })();
  const child = spawnClient(listener.addr.port, 5000, "null");
  try {
    const writer = child.stdin.getWriter();
    await writer.write(megabyte);
    // Started, connected, and a megabyte through: what the client needs, whatever comes next.
    await firstMegabyte;
    const start = memoryKiB(child.pid, "VmRSS");
    for (let sent = megabyte.length; sent < total; sent += megabyte.length) {
      await writer.write(megabyte);
    }
    await writer.close();
    // The LF added after the last line is the last byte: the client is still waiting out the
    // quiet time, so its high-water mark is there to read.
    await all;
    const growthMiB = (memoryKiB(child.pid, "VmHWM") - start) / 1024;
    equal(growthMiB < 32, true, `the client grew by ${growthMiB.toFixed(1)} MiB`);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await serving.catch(() => {});
    listener.close();
  }
});
