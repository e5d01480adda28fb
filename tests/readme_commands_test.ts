// Every command of the README, run: the shell blocks marked `run`, `server`, `client` and `test`
// (testing/readme.ts says what each mark means and how 3333 becomes a free port).
import { equal, match } from "node:assert/strict";
import { commandsOf, onPort, readmeBlocks, runShell } from "../testing/readme.ts";
import { runClientCommand, runServerCommand } from "../testing/readme_run.ts";
import { withServer } from "../testing/server.ts";
import { missing } from "../testing/tools.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const blocks = await readmeBlocks();
const uses = (program: string) => ({ line }: { line: string }) => line.startsWith(`${program} `);
const not = <T>(test: (x: T) => boolean) => (x: T) => !test(x);
/** Names the README line in any failure of `run`. */
const from = <T>(at: number, line: string, run: Promise<T>) =>
  run.catch((error) => {
    throw new Error(`README.md:${at}: ${line}\n${error instanceof Error ? error.message : error}`);
  });

// The quick start needs npx; CI has it (.ci/run installs Deno with npm).
const noNpx = await missing("npx");
const noClientTool = await missing("nc", "ncat", "telnet");

Deno.test("readme: each `run` command succeeds, with a chat server on the port it names", async () => {
  const commands = commandsOf(blocks, "run");
  equal(commands.length > 0, true);
  await withServer([], async (server) => {
    for (const { line, at } of commands) {
      const { code, stderr } = await runShell(onPort(line, server.port), {
        cwd: ROOT,
      });
      equal(code, 0, `README.md:${at}: ${line}\n${stderr}`);
    }
  });
});

Deno.test("readme: each `server` command serves a client and stops cleanly on Ctrl+C", async () => {
  const commands = commandsOf(blocks, "server").filter(not(uses("npx")));
  equal(commands.length > 0, true);
  for (const { line, at } of commands) {
    const { code, stdout } = await from(at, line, runServerCommand(line, ROOT));
    equal(code, 0, `README.md:${at}: ${line}`);
    match(stdout.join("\n"), /^\[STOP\] /m, `README.md:${at}: ${line}`);
  }
});

Deno.test({
  name: "readme: the quick start's two commands, through npx",
  ignore: noNpx,
}, async () => {
  const servers = commandsOf(blocks, "server").filter(uses("npx"));
  const tests = commandsOf(blocks, "test");
  equal(servers.length + tests.length, 2, "the quick start has two commands");
  for (const { line, at } of servers) {
    const { stdout } = await from(at, line, runServerCommand(line, ROOT));
    // npx itself may end by the signal; what counts is that the server stopped cleanly.
    match(stdout.join("\n"), /^\[STOP\] /m, `README.md:${at}: ${line}`);
  }
  for (const { line, at } of tests) {
    // One small test file: the whole suite, run from inside itself, would never end.
    const { code, stdout, stderr } = await runShell(`${line} lib/core/protocol_test.ts`, {
      cwd: ROOT,
      ms: 120_000,
    });
    equal(code, 0, `README.md:${at}: ${line}\n${stdout}${stderr}`);
    match(stdout, /^ok \| \d+ passed \| 0 failed/m);
  }
});

/** Runs a README `grade` command against a tcpchat server in the mode of its --lab: exit code 0. */
async function runGradeCommand(line: string): Promise<void> {
  const lab = /--lab (\w+)/.exec(line)?.[1] ?? "chat";
  await withServer(lab === "chat" ? [] : ["--mode", lab], async (server) => {
    const { code, stdout, stderr } = await runShell(onPort(line, server.port), {
      cwd: ROOT,
      ms: 120_000,
    });
    equal(code, 0, `${line}\n${stdout}${stderr}`);
    // A server graded without its log: the log checks cannot run, and the verdict says so.
    equal(stdout.includes("FAIL"), false, stdout);
    match(stdout, /^Every required check that ran passed; \d+ could not run/m);
  });
}

Deno.test("readme: each `grade` command grades a tcpchat server and no check fails", async () => {
  const commands = commandsOf(blocks, "grade").filter(not(uses("npx")));
  equal(commands.length > 0, true);
  for (const { line, at } of commands) await from(at, line, runGradeCommand(line));
});

Deno.test({
  name: "readme: each `client` command reaches the chat server's first prompt",
  ignore: noClientTool,
}, async () => {
  const commands = commandsOf(blocks, "client");
  equal(commands.length > 0, true);
  await withServer([], async (server) => {
    for (const { line, at } of commands) {
      await from(at, line, runClientCommand(line, server.port, ROOT));
    }
  });
});
