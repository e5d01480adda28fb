// A student's server started from a command line: its output arrives as it is printed, and it
// is stopped, with everything it started, in bounded time whatever it does with signals.
import { deepEqual, equal, match } from "node:assert/strict";
import { ServerCommand } from "../lib/process/server_command.ts";
import { newRunToken, RUN_ENV, scanProcesses } from "../lib/process/run_tree.ts";
import { ChildOutput, isAlive } from "../testing/process.ts";
import { firstMatch, waitUntil } from "../testing/wait_until.ts";
import { missing } from "../testing/tools.ts";

const ROOT = new URL("..", import.meta.url).pathname;

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
  equal(isAlive(child), true);
  const started = Date.now();
  equal(await server.stop(GRACE_MS), "killed");
  equal(Date.now() - started < 10 * GRACE_MS, true, "bounded");
  // SIGKILL reached the whole group; the shell's exit can be seen a moment before the child's.
  await waitUntil(() => isAlive(child) ? undefined : true, {
    what: "the background child to go with its group",
    ms: 2000,
  });
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

Deno.test("server command: it runs where the user typed the command (INIT_CWD under deno task)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const typedIn = Deno.env.get("INIT_CWD");
    Deno.env.set("INIT_CWD", dir);
    try {
      const { server, output } = start("pwd");
      equal(await server.exited, 0);
      await server.stop(GRACE_MS);
      equal(output(), `${await Deno.realPath(dir)}\n`);
    } finally {
      if (typedIn === undefined) Deno.env.delete("INIT_CWD");
      else Deno.env.set("INIT_CWD", typedIn);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * A program that starts `command` as a server and prints what it prints, run under `sh` with
 * `shell` first (e.g. a descriptor opened as flock(1) leaves one to the command it runs).
 */
function starter(command: string, shell = "") {
  const code = `import { ServerCommand } from "${ROOT}lib/process/server_command.ts";
ServerCommand.start(${JSON.stringify(command)}, 0, { output: (b) => Deno.stdout.writeSync(b) });
setTimeout(() => {}, 60_000);`;
  const child = new Deno.Command("sh", {
    args: ["-c", `${shell} exec "$0" eval "$1"`, Deno.execPath(), code],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  return { child, output: new ChildOutput(child) };
}

Deno.test("server command: it never outlives the program that started it, even one killed -9", async () => {
  const { child, output } = starter("sleep 60 & echo child $!; wait");
  try {
    const line = await output.wait(firstMatch(output.stdout, /^child \d+$/), "the child's pid");
    const pid = Number(line.split(" ")[1]);
    equal(isAlive(pid), true);
    child.kill("SIGKILL");
    await child.status;
    // The group's lifeline sees its program gone and stops the group (SIGINT first, at once).
    await waitUntil(() => isAlive(pid) ? undefined : true, { what: `process ${pid} to end` });
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // Ended already.
    }
    await output.done;
  }
});

Deno.test("server command: it gets no descriptor its starter inherited (a test runner's lock)", async () => {
  // flock(1) runs its command with the lock's descriptor open (3, the first free one): a server
  // that kept it would hold the lock after the tests. Descriptors 3 to 9 are closed.
  const dir = await Deno.makeTempDir();
  const { child, output } = starter(
    "ls -l /proc/$$/fd; echo listed",
    `exec 3>"${dir}/lock" 7>"${dir}/other";`,
  );
  try {
    await output.wait(firstMatch(output.stdout, /^listed$/), "the listing");
    deepEqual(output.stdout.filter((l) => l.includes(dir)), []);
    equal(output.stdout.some((l) => / 2 -> /.test(l)), true, output.stdout.join("\n"));
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await output.done;
    await Deno.remove(dir, { recursive: true });
  }
});

for (const mode of ["daemon", "setsid"]) {
  Deno.test({
    name: `server command: a server that leaves its group (${mode}) is found and stopped with it`,
    ignore: Deno.build.os !== "linux" || await missing("python3"),
  }, async () => {
    const { server, output } = start(
      `python3 ${ROOT}tests/fixtures/background_server.py ${mode} {PORT}`,
      0,
    );
    await printed(output, /\[PID\] \d+\n/);
    const pid = Number(/\[PID\] (\d+)/.exec(output())![1]);
    equal(isAlive(pid), true);
    // It is in a session of its own: signalling the command's group does not reach it.
    deepEqual(await server.marked().then((pids) => pids.includes(pid)), true);
    const started = Date.now();
    await server.stop(GRACE_MS);
    equal(isAlive(pid), false, `process ${pid} outlived the stop`);
    equal(Date.now() - started < 10 * GRACE_MS, true, "bounded");
  });
}

Deno.test({
  name: "server command: a process in a session of its own is found by its mark, and no other",
  ignore: Deno.build.os !== "linux",
}, async () => {
  const token = newRunToken();
  const marked = new Deno.Command("setsid", {
    args: ["sleep", "30"],
    env: { [RUN_ENV]: token },
    stdout: "null",
  }).spawn();
  const other = new Deno.Command("sleep", { args: ["30"], stdout: "null" }).spawn();
  try {
    const scan = await scanProcesses(token);
    deepEqual([...scan!.ours], [marked.pid]);
  } finally {
    marked.kill("SIGKILL");
    other.kill("SIGKILL");
    await Promise.all([marked.status, other.status]);
  }
});
