// The grader's command line as a user meets it: --help and --version, and one line with exit
// code 2 for every bad request, never a stack trace.
import { equal, match } from "node:assert/strict";
import { grade } from "../testing/grade.ts";

Deno.test("grade cli: --help shows both uses and the exit codes; --version one line", async () => {
  const help = await grade(["--help"]);
  equal(help.code, 0);
  match(help.stdout, /^tcpchat-grade \S+: checks a lab server over real TCP, or a hand-in\n/);
  match(help.stdout, /deno task grade \[HOST:PORT\] --lab broadcast\|echo\|chat/);
  match(help.stdout, /deno task grade --capture FILE\.pcapng --log FILE\.txt/);
  match(help.stdout, /^Exit codes: 0 /m);
  const version = await grade(["--version"]);
  match(version.stdout, /^tcpchat-grade \d+\.\d+\.\d+\n$/);
});

Deno.test("grade cli: a bad request is one line on stderr and exit code 2", async () => {
  for (
    const [args, line] of [
      [["--lab", "telnet"], '--lab must be broadcast, echo, chat, got "telnet" (see --help)'],
      [["--capture", "x.pcapng"], "--capture needs --log FILE (the server's log) (see --help)"],
      [["--lab", "echo", "--junit"], "--junit needs a value (see --help)"],
    ] as const
  ) {
    const run = await grade([...args]);
    equal(run.code, 2, args.join(" "));
    equal(run.stdout, "");
    equal(run.stderr, `tcpchat-grade: ${line}\n`);
  }
});
