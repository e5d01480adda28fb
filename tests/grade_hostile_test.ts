// A grader must never hang, crash or grow without bound, whatever the server does: each hostile
// server gets a clean verdict (failing checks with what it did, or one line and exit code 2),
// within a bounded time, with no stack trace.
import { equal, match } from "node:assert/strict";
import { grade } from "../testing/grade.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");
const hostile = (mode: string) => `python3 tests/fixtures/hostile.py ${mode} {PORT}`;

Deno.test({
  name:
    "grade: flooding, silent, closing, garbage, dying and never-accepting servers get a clean fail",
  ignore: noPython,
}, async () => {
  const modes = ["flood", "silent", "close", "garbage", "die", "backlog"];
  const started = Date.now();
  const runs = await Promise.all(
    modes.map((mode) =>
      grade([
        "--lab",
        "broadcast",
        "--only",
        "required",
        "--port",
        "0",
        "--server-cmd",
        hostile(mode),
      ])
        .then((run) => ({ mode, run }))
    ),
  );
  for (const { mode, run } of runs) {
    equal(run.code, 1, `${mode}: ${run.stdout}${run.stderr}`);
    equal(run.stderr, "", mode);
    match(run.stdout, /^ +FAIL +broadcast\.\S+/m, mode);
    match(run.stdout, /^Some required checks failed \(exit code 1\)\.$/m, mode);
    equal(/\bat (?:file|ext):|Uncaught|panicked/.test(run.stdout + run.stderr), false, mode);
  }
  const byMode = Object.fromEntries(runs.map(({ mode, run }) => [mode, run.stdout]));
  match(byMode.flood, /more than the grader keeps/);
  match(byMode.close, /closed .* connection right after accepting it/);
  match(byMode.garbage, /\\x[0-9a-f]{2}/);
  match(byMode.die, /the server process ended \(exit code 3\)/);
  // Bounded: every check has a deadline, and these all run at once.
  equal(Date.now() - started < 45_000, true, `${Date.now() - started} ms`);
});

Deno.test({
  name: "grade: a server that exits at once, or nothing listening, is one line and exit code 2",
  ignore: noPython,
}, async () => {
  const exited = await grade(["--lab", "echo", "--port", "0", "--server-cmd", hostile("exit")]);
  equal(exited.code, 2);
  equal(
    exited.stderr,
    "tcpchat-grade: the server command ended (exit code 1) before it listened: " +
      "Traceback (most recent call last): | ValueError: this server cannot start\n",
  );
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const nobody = await grade([`127.0.0.1:${port}`, "--lab", "chat"]);
  equal(nobody.code, 2);
  equal(
    nobody.stderr,
    `tcpchat-grade: cannot connect to 127.0.0.1:${port} (refused): is the server running there? ` +
      "Start it, or let the grader start it with --server-cmd\n",
  );
});
