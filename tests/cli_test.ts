// The server as a student runs it: flags, messages, exit codes, signals and the log file.
import { deepEqual, equal, match } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { run, RUN_SERVER, ServerProcess } from "../testing/process.ts";

Deno.test("cli: --help lists every flag with its default and exits 0", async () => {
  const { code, stdout } = await run([...RUN_SERVER, "--help"]);
  equal(code, 0);
  for (
    const flag of [
      "--host",
      "--port",
      "--mode",
      "--max-clients",
      "--max-line",
      "--max-queue",
      "--request-timeout",
      "--login-timeout",
      "--idle-timeout",
      "--max-per-ip",
      "--flood-rate",
      "--flood-burst",
      "--flood-drop-after",
      "--pause",
      "--lang",
      "--log-file",
      "--quiet",
      "--no-color",
      "--version",
      "-h, --help",
    ]
  ) {
    match(stdout, new RegExp(`  ${flag}\\b`), flag);
  }
  match(stdout, /\(default 3333\)/);
  match(stdout, /\(default 127\.0\.0\.1\)/);
});

Deno.test("cli: --version prints the version from deno.json", async () => {
  const { default: meta } = await import("../deno.json", { with: { type: "json" } });
  const { code, stdout } = await run([...RUN_SERVER, "--version"]);
  equal(code, 0);
  equal(stdout.trim(), `tcpchat-server ${meta.version}`);
});

Deno.test("cli: each bad value is one clear line on stderr and exit code 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--port", "70000"], /--port must be between 0 and 65535, got 70000/],
    [["--port", "abc"], /--port must be a whole number, got "abc"/],
    [["--mode", "party"], /--mode must be chat, broadcast or echo, got "party"/],
    [["--max-clients", "0"], /--max-clients must be between 1 and/],
    [["--pause", "5"], /--pause must be between 10 and 60000, got 5/],
    [["--frobnicate"], /unknown option --frobnicate/],
    [["--port"], /--port needs a value/],
    [["3333"], /unexpected argument "3333"/],
    [["--port", "-1"], /--port must be a whole number, got "-1"/],
    [["--pause", "-5"], /--pause must be a whole number, got "-5"/],
    [["--port", "--mode", "echo"], /--port needs a value/],
    [["--host", "1.2.3.4:5"], /--host must be a name or an IP address .*, got "1\.2\.3\.4:5"/],
    [["--host", "a..b"], /--host must be a name or an IP address .*, got "a\.\.b"/],
    [["--web", "a..b:8080"], /the --web host must be a name or an IP address .*, got "a\.\.b"/],
    [["--web", "8080x"], /--web must be PORT or HOST:PORT .*, got "8080x"/],
    [["--web-text", "secret"], /--web-text must be all, public or none, got "secret"/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await run([...RUN_SERVER, ...args]);
    equal(code, 2, args.join(" "));
    equal(stdout, "");
    const lines = stderr.trim().split("\n");
    equal(lines.length, 1, stderr);
    match(lines[0], message);
    match(lines[0], /^tcpchat-server: .*\(see --help\)$/);
  }
});

Deno.test("cli: a --host or --web host no lookup finds, or not this machine's, is one line and exit code 2", async () => {
  // RFC 6761: .invalid never resolves; RFC 5737: 192.0.2.0/24 is for documentation, no one's.
  const cases: [string, RegExp][] = [
    ["nosuch.invalid", /^tcpchat-server: cannot listen on nosuch\.invalid: no such host/],
    ["192.0.2.1", /^tcpchat-server: cannot listen on 192\.0\.2\.1: not an address of this machine/],
  ];
  for (const [host, message] of cases) {
    const { code, stderr } = await run([...RUN_SERVER, "--host", host, "--port", "0"]);
    equal(code, 2, host);
    const lines = stderr.trim().split("\n");
    equal(lines.length, 1, stderr);
    match(lines[0], message);
  }
  // The live view's host the same way, named as --web's.
  for (const [host, message] of cases) {
    const args = [...RUN_SERVER, "--port", "0", "--web", `${host}:0`];
    const { code, stderr } = await run(args);
    equal(code, 2, host);
    const lines = stderr.trim().split("\n");
    equal(lines.length, 1, stderr);
    match(
      lines[0],
      new RegExp(message.source.replace("tcpchat-server: ", "tcpchat-server: --web: ")),
    );
  }
});

Deno.test("cli: a port in use is one clear line and exit code 1", async () => {
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { code, stderr } = await run([...RUN_SERVER, "--port", String(busy.addr.port)]);
    equal(code, 1);
    match(
      stderr.trim(),
      new RegExp(`^tcpchat-server: port ${busy.addr.port} is already in use on 127\\.0\\.0\\.1`),
    );
    equal(stderr.includes("    at "), false, "no stack trace");
  } finally {
    busy.close();
  }
});

Deno.test("cli: a live view port in use is one line naming --web, and the chat port is freed", async () => {
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const web = busy.addr.port;
    const { code, stdout, stderr } = await run([
      ...RUN_SERVER,
      "--port",
      "0",
      "--web",
      String(web),
    ]);
    equal(code, 1);
    equal(
      stderr.trim(),
      `tcpchat-server: --web: port ${web} is already in use on 127.0.0.1; pick another, e.g. ` +
        `--web ${web + 1}`,
    );
    equal(stdout.includes("live view"), false, "no URL of a view that is not there");
  } finally {
    busy.close();
  }
});

Deno.test("cli: arguments after `deno task server` reach the server", async () => {
  await using server = ServerProcess.start(["--port", "0", "--mode", "echo"], { viaTask: true });
  const port = await server.port();
  await server.waitFor(/^\[INFO\] mode echo, /);
  const client = await TestClient.connect("127.0.0.1", port);
  client.send("via task");
  equal(await client.line(), "via task");
  client.close();
  await client.closed;
  server.child.kill("SIGTERM");
  equal(await server.exit(), 0);
});

Deno.test("cli: the first lines are the lab's, and two quick SIGINTs mean one clean stop", async () => {
  await using server = ServerProcess.start(["--port", "0"]);
  const port = await server.port();
  await server.waitFor(/^\[INFO\] Server ready/);
  deepEqual(server.stdout.slice(0, 2), [
    `[START] TCP multi-client server on 127.0.0.1:${port}`,
    `[INFO] Server ready, listening on 127.0.0.1:${port}`,
  ]);
  const alice = await TestClient.connect("127.0.0.1", port);
  await alice.until(/^\? id:/);
  alice.send("alice");
  await alice.until(/^\? menu:/);
  // What a terminal's Ctrl+C under `deno task` delivers: the same signal twice, at once.
  server.child.kill("SIGINT");
  server.child.kill("SIGINT");
  equal(await alice.line(), "* stopping: The server is shutting down. Goodbye.");
  equal(await alice.ended(), "fin");
  equal(await server.exit(), 0);
  const stops = server.stdout.filter((l) => l.startsWith("[STOP]"));
  equal(stops.length, 1);
  match(stops[0], /uptime [\d.]+ s, 1 client served, 1 line received, 0 relayed, \d+ sent$/);
  match(
    server.stdout.join("\n"),
    /\[DISCONNECT\] .*#1 .*closed by server \(FIN\): server stopping/,
  );
});

/**
 * Runs a server with `--log-file` and `args`, lets `session` talk to it, stops it with SIGTERM,
 * and returns the file and the console's lines.
 */
async function withLogFile(
  args: string[],
  session: (port: number, server: ServerProcess) => Promise<void>,
): Promise<{ logged: string; stdout: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/server.log`;
    await using server = ServerProcess.start(["--port", "0", ...args, "--log-file", path], {
      env: { NO_COLOR: "" },
    });
    await session(await server.port(), server);
    server.child.kill("SIGTERM");
    equal(await server.exit(), 0);
    return { logged: await Deno.readTextFile(path), stdout: server.stdout.join("\n") };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cli: --log-file gets the same log without colour codes; --quiet drops message lines", async () => {
  const { logged, stdout } = await withLogFile(
    ["--mode", "echo", "--quiet"],
    async (port, server) => {
      const client = await TestClient.connect("127.0.0.1", port);
      client.send("secret");
      equal(await client.line(), "secret");
      client.close();
      await client.closed;
      await server.waitFor(/^\[DISCONNECT\]/);
    },
  );
  equal(logged.includes("\x1b"), false);
  match(logged, /^\[START\] TCP multi-client server on 127\.0\.0\.1:\d+\n/);
  match(logged, /\[CONNECT\] .*\n\[DISCONNECT\] .*\n\[STOP\]/);
  equal(/\[(RECV|SEND)\]/.test(logged), false, "--quiet logs no message lines");
  equal(logged.trim(), stdout.trim());
});

Deno.test("cli: a peer cannot forge a log line, on the console or in --log-file", async () => {
  const forged = ["\u0085", "\u009b", "\u202e", "\u2028", "\u2029", "\v", "\x1c"]
    .map((c) => `note${c}[WARN] 12:00:00.000 forged event`);
  const { logged, stdout } = await withLogFile(["--mode", "broadcast"], async (port) => {
    const listener = await TestClient.connect("127.0.0.1", port);
    const sender = await TestClient.connect("127.0.0.1", port);
    for (const text of forged) sender.send(text);
    await listener.receivedCount(forged.length);
  });
  equal(logged.trim(), stdout.trim(), "the console shows the same lines");
  // Python's str.splitlines, the strictest common reader, sees the lines the server wrote.
  const lines = logged.split("\n").slice(0, -1);
  // deno-lint-ignore no-control-regex -- Python's line breaks include control characters.
  deepEqual(logged.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/).slice(0, -1), lines);
  equal(lines.filter((l) => l.startsWith("[WARN]")).length, 0, "no forged event");
  match(logged, /\[RECV\] .* 39 bytes: "note\\u0085\[WARN\] 12:00:00\.000 forged event"/);
  match(
    logged,
    /\[FWD\] .*: "\[127\.0\.0\.1:\d+\] note\uFFFD\[WARN\] 12:00:00\.000 forged event"/,
  );
});

Deno.test("cli: a log file that cannot be opened is one clear line and exit code 2", async () => {
  const { code, stderr } = await run([...RUN_SERVER, "--log-file", "/nonexistent-dir/x.log"]);
  equal(code, 2);
  equal(
    stderr.trim(),
    "tcpchat-server: cannot open the log file /nonexistent-dir/x.log: no such file or folder",
  );
  const folder = await run([...RUN_SERVER, "--log-file", Deno.cwd()]);
  equal(folder.code, 2);
  equal(
    folder.stderr.trim(),
    `tcpchat-server: cannot open the log file ${Deno.cwd()}: it is a folder, not a file`,
  );
});

Deno.test("cli: the demo and capture.sh answer a bad flag as the programs do: one line, exit code 2", async () => {
  const demo = await run(["run", "-A", "scripts/demo.ts", "--bogus"]);
  deepEqual([demo.code, demo.stderr.trim()], [2, "demo: unknown option --bogus (see --help)"]);
  const missing = await run(["run", "-A", "scripts/demo.ts", "--port"]);
  deepEqual([missing.code, missing.stderr.trim()], [2, "demo: --port needs a value (see --help)"]);
  const out = await new Deno.Command("bash", {
    args: ["scripts/capture.sh", "--bogus"],
    cwd: new URL("..", import.meta.url).pathname,
    stdin: "null",
  }).output();
  deepEqual([out.code, new TextDecoder().decode(out.stderr).trim()], [
    2,
    "capture: unknown option --bogus (see --help)",
  ]);
});
