// The terminal client's command line, and how each kind of ending looks and exits.
import { deepEqual, equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { firstLine, run } from "../testing/process.ts";
import { freePort, missing } from "../testing/tools.ts";

const CLIENT = ["run", "--allow-net", "--allow-env", "main_client.ts"];

Deno.test("client cli: --help names the arguments and every flag; --version matches deno.json", async () => {
  const help = await run([...CLIENT, "--help"]);
  equal(help.code, 0);
  const words = ["HOST", "PORT", "--quiet-time", "--max-line", "--history", "--lang", "--no-color"];
  for (const word of words) {
    match(help.stdout, new RegExp(`  ${word}\\b`), word);
  }
  const { default: meta } = await import("../deno.json", { with: { type: "json" } });
  const version = await run([...CLIENT, "--version"]);
  equal(version.stdout.trim(), `tcpchat-client ${meta.version}`);
});

Deno.test("client cli: a bad port or an unknown host is one clear line and exit code 2", async () => {
  const cases: [string[], RegExp][] = [
    [["127.0.0.1", "70000"], /the port must be between 1 and 65535, got 70000/],
    [["127.0.0.1", "http"], /the port must be a whole number, got "http"/],
    [["no-such-host.invalid", "3333"], /unknown host "no-such-host\.invalid"/],
    [["--frobnicate"], /unknown option --frobnicate/],
    [["a", "1", "b"], /too many arguments/],
    [["--lang", "fr"], /--lang must be en or ro, got "fr"/],
    [
      ["127.0.0.1:47001:5"],
      /the host must be a name or an IP address .*"127\.0\.0\.1:47001:5"; with a port/,
    ],
    [["127.0.0.1", "-5"], /the port must be a whole number, got "-5"/],
    [["127.0.0.1:-5"], /the port must be a whole number, got "-5"/],
    [["--max-line", "-4"], /--max-line must be a whole number, got "-4"/],
    [["--quiet-time", "--history", "5"], /--quiet-time needs a value/],
    [["http://localhost:3333"], /the host must be a name or an IP address/],
    [["a..b"], /the host must be a name or an IP address .*"a\.\.b"/],
    [["[127.0.0.1]:3333"], /only an IPv6 address goes in brackets/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await run([...CLIENT, ...args]);
    equal(code, 2, args.join(" "));
    equal(stdout, "");
    const lines = stderr.trim().split("\n");
    equal(lines.length, 1, stderr);
    match(lines[0], message);
    match(lines[0], /^tcpchat-client: /);
  }
});

Deno.test("client cli: a refused connection asks whether the server is running, exit code 1", async () => {
  // A port that was free a moment ago: nothing listens there now.
  const port = freePort();
  const { code, stderr } = await run([...CLIENT, `127.0.0.1:${port}`]);
  equal(code, 1);
  equal(
    stderr.trim(),
    `tcpchat-client: connection refused by 127.0.0.1 port ${port}: ` +
      `is the server running on 127.0.0.1:${port}?`,
  );
});

Deno.test("client: any line-based server works; from a pipe, lines of any length and a last unterminated one come through", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const conn = await listener.accept();
    const text = "x".repeat(100) + "\nshort\nno newline at the end";
    await conn.write(new TextEncoder().encode(text));
    // Read the client's line before closing, so our close is a FIN and not a reset.
    await conn.read(new Uint8Array(64));
    conn.close();
  })();
  try {
    // --max-line bounds what a terminal shows; a pipe copies bytes, whatever their lines.
    const client = ClientProcess.start([
      "127.0.0.1",
      String(listener.addr.port),
      "--max-line",
      "32",
    ]);
    await client.until(/^short$/);
    await client.type("thanks");
    equal(await client.exit(), 0);
    deepEqual(client.stdout, ["x".repeat(100), "short", "no newline at the end"]);
    equal(client.stderr.some((l) => l.includes("dropped")), false, client.stderr.join("\n"));
    match(client.stderr.at(-1) ?? "", /^the server closed the connection/);
  } finally {
    await serving;
    listener.close();
  }
});

const RESET_SERVER = `
import socket, struct
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
conn.sendall(b"hello from python\\n")
conn.recv(100)
conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
conn.close()
`;

const noPython = await missing("python3");

Deno.test({
  name: "client: a server that resets the connection is reported as lost, exit code 1",
  ignore: noPython,
}, async () => {
  const server = new Deno.Command("python3", {
    args: ["-c", RESET_SERVER],
    stdout: "piped",
  }).spawn();
  const port = await firstLine(server.stdout);
  const client = ClientProcess.start(["127.0.0.1", port]);
  equal(await client.until(/^hello/), "hello from python");
  await client.type("bye");
  equal(await client.exit(), 1);
  equal(client.stderr.at(-1), `connection lost: 127.0.0.1:${port} reset it (RST)`);
  await server.status;
});
