// The grader grades the server it started, and only that one: not a server already on the port,
// not nothing when the command went to the background; it stops whatever the command started,
// and what it prints of the server's own output cannot act on the terminal.
import { equal, match } from "node:assert/strict";
import { grade } from "../testing/grade.ts";
import { isListening } from "../lib/net/listening.ts";
import { missing } from "../testing/tools.ts";
import { hasUnsafe } from "../lib/core/unsafe_chars.ts";

const noPython = await missing("python3");
const started = (mode: string) => `python3 tests/fixtures/background_server.py ${mode} {PORT}`;

Deno.test({
  name: "grade: a port already in use is one line and exit 2; the command is never started",
  ignore: noPython,
}, async () => {
  using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = busy.addr.port;
  const accepted = busy.accept().then((conn) => conn.close(), () => {});
  const run = await grade([
    "--lab",
    "broadcast",
    "--port",
    String(port),
    "--server-cmd",
    started("busy"),
  ]);
  equal(run.code, 2);
  equal(
    run.stderr,
    `tcpchat-grade: port ${port} is already in use: stop the server that holds it (the course's ` +
      `example server? a server of yours started earlier?), or use another port with ` +
      `--port ${port + 1}\n`,
  );
  equal(run.stdout, "", "no check ran against the server already there");
  busy.close();
  await accepted;
});

Deno.test({
  name: "grade: a server that daemonises is graded, said to be in the background, then stopped",
  ignore: noPython || Deno.build.os !== "linux",
}, async () => {
  const run = await grade([
    "--lab",
    "broadcast",
    "--only",
    "broadcast.connect,broadcast.relay",
    "--port",
    "0",
    "--server-cmd",
    started("daemon"),
  ]);
  equal(run.code, 0, run.stdout + run.stderr);
  match(run.stderr, /^tcpchat-grade: the server went to the background: .* stopped that process/);
  match(run.stdout, /PASS +broadcast\.relay/);
  // The daemon, in a session of its own, must be gone: nothing listens on its port any more.
  const port = Number(/server 127\.0\.0\.1:(\d+)/.exec(run.stdout)![1]);
  equal(await isListening(port), false, `the daemon on port ${port} outlived the grader`);
});

Deno.test({
  name: "grade: a server's last output before it died is escaped and bounded on stderr",
  ignore: noPython,
}, async () => {
  const run = await grade(["--lab", "broadcast", "--port", "0", "--server-cmd", started("evil")]);
  equal(run.code, 2);
  match(
    run.stderr,
    /^tcpchat-grade: the server command ended \(exit code 1\) before it listened: /,
  );
  match(run.stderr, /\(… \d+ bytes before\) A+ \| last \\u001b\[31mred\\u001b\[0m line\n$/);
  equal(hasUnsafe(run.stderr.slice(0, -1)), false, "no control reaches the terminal");
  equal(run.stderr.length < 600, true, `${run.stderr.length} characters`);
});
