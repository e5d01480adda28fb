// A student's server started from a command line: its output arrives as it is printed, and it
// is stopped, with everything it started, in bounded time whatever it does with signals.
import { equal, match } from "node:assert/strict";
import { ServerCommand } from "../lib/process/server_command.ts";
import { missing } from "../testing/tools.ts";

const GRACE_MS = 300;

/** Starts `command`, collecting its output as text. */
function start(command: string, port = 4321) {
  let text = "";
  const server = ServerCommand.start(command, port, {
    output: (bytes) => text += new TextDecoder().decode(bytes),
  });
  return { server, output: () => text };
}

/** Waits until `output()` matches `pattern` (the server printed it), or fails after 10 s. */
async function printed(output: () => string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`never printed ${pattern}; got ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True while `pid` runs: a zombie (state Z, dead but not yet reaped by its new parent) is not. */
function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

Deno.test({
  name: "server command: a Python server's prints arrive while it runs; Ctrl+C's SIGINT stops it",
  ignore: await missing("python3"),
}, async () => {
  const { server, output } = start(
    `python3 -c 'import sys, time; print("[START] on port {PORT}"); ` +
      `print("to stderr", file=sys.stderr); time.sleep(60)'`,
  );
  equal(server.command.includes("{PORT}"), false);
  // Unbuffered: the line is there while Python still sleeps, not only when it exits.
  await printed(output, /\[START\] on port 4321\n/);
  await printed(output, /to stderr\n/);
  equal(await server.stop(GRACE_MS), "interrupted");
  match(output(), /KeyboardInterrupt/);
  equal(server.hasExited, true);
});

Deno.test("server command: a server deaf to SIGINT and SIGTERM is killed, with what it started", async () => {
  const { server, output } = start(`trap "" INT TERM; sleep 60 & echo "child $!"; wait`);
  await printed(output, /child \d+\n/);
  const child = Number(/child (\d+)/.exec(output())![1]);
  equal(alive(child), true);
  const started = Date.now();
  equal(await server.stop(GRACE_MS), "killed");
  equal(Date.now() - started < 10 * GRACE_MS, true, "bounded");
  equal(alive(child), false, "the background child went with its group");
});

Deno.test("server command: one that exits by itself, or does not exist, says so in its exit code", async () => {
  const missing = start("no-such-server-program --port {PORT}");
  equal(await missing.server.exited, 127);
  match(missing.output(), /no-such-server-program: .*not found/);
  equal(await missing.server.stop(GRACE_MS), "exited");
  const quick = start("echo done; exit 3");
  equal(await quick.server.exited, 3);
  equal(await quick.server.stop(GRACE_MS), "exited");
  equal(quick.output(), "done\n");
});
