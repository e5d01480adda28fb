// The real binaries for this machine: start chat-server, connect chat-client, exchange a line.
//
// They come from TCPCHAT_DIST (a directory of built files: the release workflow sets it), or are
// built here with scripts/compile.sh when DENORT_BIN names a denort for this machine. Without
// either the test is ignored, with the reason printed, even in CI: deno compile downloads denort
// from dl.deno.land, which our machines and CI cannot reach, and no package registry has it.
// Then the README's commands for downloaded files run on them. Everything else about the binaries
// is checked without them: the exact build commands (compile_test.ts) and that their permissions
// suffice (compile_permissions_test.ts).
import { equal, match, ok } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { binaryName, compileScript, type Program, version } from "../testing/compile.ts";
import { ServerProcess } from "../testing/process.ts";
import { commandsOf, readmeBlocks, runShell } from "../testing/readme.ts";
import { runClientCommand, runServerCommand } from "../testing/readme_run.ts";
import { withServer } from "../testing/server.ts";

const DIST = Deno.env.get("TCPCHAT_DIST") ?? "";
const DENORT_BIN = Deno.env.get("DENORT_BIN") ?? "";
const NO_BINARIES = DIST === "" && DENORT_BIN === "";
if (NO_BINARIES) {
  console.warn(
    "IGNORED below: no binary to run; set DENORT_BIN to a denort for this machine (deno " +
      "compile cannot download one here) or TCPCHAT_DIST to a directory of built binaries",
  );
}

/** The directory holding this machine's two binaries, built now unless TCPCHAT_DIST has them. */
async function binaries(scratch: string): Promise<string> {
  if (DIST !== "") return DIST;
  const out = `${scratch}/dist`;
  const built = await compileScript(["--out-dir", out], { DENORT_BIN });
  if (built.code !== 0) throw new Error(`compile.sh failed:\n${built.stdout}${built.stderr}`);
  return out;
}

async function output(program: string, args: string[], cwd: string) {
  const out = await new Deno.Command(program, { args, cwd, stdin: "null" }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
}

/**
 * The README's commands for downloaded files (`sh dist…` blocks), in `dir`. They name the x86_64
 * Linux files; on another machine its own target takes their place, as the README says.
 */
async function readmeCommands(dir: string): Promise<void> {
  const blocks = await readmeBlocks();
  const here = (line: string) => line.replaceAll("x86_64-unknown-linux-gnu", Deno.build.target);
  for (const { line, at } of commandsOf(blocks, "dist")) {
    const { code, stdout, stderr } = await runShell(here(line), { cwd: dir });
    equal(code, 0, `README.md:${at}: ${line}\n${stdout}${stderr}`);
  }
  for (const { line, at } of commandsOf(blocks, "dist-server")) {
    const { code, stdout } = await runServerCommand(here(line), dir);
    equal(code, 0, `README.md:${at}: ${line}`);
    match(stdout.join("\n"), /^\[STOP\] /m);
  }
  await withServer([], async (server) => {
    for (const { line } of commandsOf(blocks, "dist-client")) {
      await runClientCommand(here(line), server.port, dir);
    }
  });
}

Deno.test({
  name:
    "binaries: chat-server and chat-client exchange a line; the README's commands for them work " +
    "(needs DENORT_BIN or TCPCHAT_DIST)",
  ignore: NO_BINARIES,
}, async () => {
  const scratch = await Deno.makeTempDir();
  try {
    const dir = await binaries(scratch);
    const path = (program: Program) => `${dir}/${binaryName(program, Deno.build.target)}`;
    for (const program of ["server", "client"] as const) {
      const { code, stdout } = await output(path(program), ["--version"], dir);
      equal(code, 0, program);
      equal(stdout.trim(), `tcpchat-${program} ${await version()}`);
    }

    const logFile = `${scratch}/server.log`;
    await using server = ServerProcess.start([
      "--port",
      "0",
      "--mode",
      "echo",
      "--log-file",
      logFile,
      "--web",
      "0",
    ], {
      program: [path("server")],
    });
    const port = await server.port();
    // The live view's page travels inside the binary: every file of it is served.
    const web = (await server.waitFor(/^\[INFO\] live view: open /)).split(" ").at(-1)!;
    for (const file of ["", "style.css", "main.js", "dom.js", "diagram.js", "table.js"]) {
      const response = await fetch(web + file);
      equal(response.status, 200, file);
      ok((await response.text()).length > 100, file);
    }
    const client = ClientProcess.spawn(path("client"), ["127.0.0.1", String(port)]);
    await client.type("hello from a binary");
    equal(await client.until(/hello/), "hello from a binary");
    await client.endInput();
    equal(await client.exit(), 0);
    await server.waitFor(/^\[DISCONNECT\] /);
    server.child.kill("SIGTERM");
    equal(await server.exit(), 0);
    match(await Deno.readTextFile(logFile), /\[RECV\] .* "hello from a binary"/);

    await readmeCommands(dir);
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
});
