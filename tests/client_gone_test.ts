// The client when what it writes to goes away: the reader of its output (`| head -n 1`), the disk
// its output fills, the terminal it runs in. Each time it stops reading its input at once, closes
// with a FIN and exits with one line saying why, never a stack trace.
import { equal, match } from "node:assert/strict";
import type { TestClient } from "../testing/client.ts";
import { ClientProcess } from "../testing/client_process.ts";
import { inputRow, withClientTerminal } from "../testing/client_terminal.ts";
import { type TestServer, withServer } from "../testing/server.ts";
import { missing } from "../testing/tools.ts";

const noTmux = await missing("tmux");
const FIN = (connection: number) =>
  new RegExp(`\\[DISCONNECT\\] .*#${connection} .*closed by peer \\(FIN\\)`);

/**
 * The client in a shell pipeline, `CLIENT 127.0.0.1 PORT REDIRECT`, its input still open (the
 * test's), the shell reporting the client's exit code on standard error once it has ended.
 */
function pipeline(port: number, redirect: string): ClientProcess {
  const client = `"$0" run --allow-net --allow-env main_client.ts 127.0.0.1 ${port}`;
  const script = `${client} ${redirect}; echo "client exit \${PIPESTATUS[0]}" >&2`;
  return ClientProcess.spawn("bash", ["-c", script, Deno.execPath()]);
}

/**
 * Has `peer` say something to the client (#2, in broadcast mode) until the client, which learns
 * that its output is gone only when it writes, closes with a FIN. Its input is still open.
 */
async function talkUntilClosed(server: TestServer, peer: TestClient): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    peer.send(`line ${i} after the reader left`);
    try {
      await server.log.waitFor(FIN(2), 1000);
      return;
    } catch {
      // Not yet: that line was written before the reader had gone.
    }
  }
  throw new Error(`the client never closed; log:\n${server.log.lines.join("\n")}`);
}

Deno.test("client gone: after `| head -n 1` the client stops reading input and closes with a FIN", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const peer = await server.connect();
    await server.log.waitFor(/\[CONNECT\] .*#1 /);
    const run = pipeline(server.port, "| head -n 1");
    await run.status(/^connected /);
    peer.send("the one line head wants");
    match(await run.until(/one line head wants/), /^\[127\.0\.0\.1:\d+\] the one line/);
    await talkUntilClosed(server, peer);
    // A line typed now must never reach the server: nobody could read its answer.
    await run.type("typed after the reader left").catch(() => {});
    equal(await run.exit(), 0);
    const errors = run.stderr.join("\n");
    match(errors, /standard output was closed by its reader: closing the connection/);
    match(errors, /connection to 127\.0\.0\.1:\d+ closed \(FIN both ways\)\nclient exit 0$/);
    equal(/Uncaught|BrokenPipe|\n\s+at /.test(errors), false, errors);
    equal(server.log.lines.some((l) => l.includes("typed after")), false);
  });
});

Deno.test("client gone: output that cannot be written (a full disk) ends the client with exit 1", async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const peer = await server.connect();
    await server.log.waitFor(/\[CONNECT\] .*#1 /);
    const run = pipeline(server.port, "> /dev/full");
    await run.status(/^connected /);
    await talkUntilClosed(server, peer);
    equal(await run.exit(), 0, "the shell");
    const errors = run.stderr.join("\n");
    match(errors, /cannot write to standard output \(No space left on device.*\): closing/);
    match(errors, /closed \(FIN both ways\)\nclient exit 1$/);
  });
});

Deno.test("client gone: a standard output closed before it starts (`>&-`) is /dev/null, as CLIENT.md says", async () => {
  // Deno, like every Rust program, opens /dev/null on a standard descriptor it finds closed: the
  // client cannot tell `>&-` from `> /dev/null`, and the doc must not promise otherwise.
  const doc = await Deno.readTextFile(new URL("../docs/CLIENT.md", import.meta.url));
  match(doc.replace(/\s+/g, " "), /\(`deno task client >&-`\) .*opens `\/dev\/null` there/);
  const probe = await new Deno.Command("bash", {
    args: [
      "-c",
      `"$0" eval 'console.error(Deno.readLinkSync("/proc/self/fd/1"))' >&-`,
      Deno.execPath(),
    ],
    stderr: "piped",
  }).output();
  equal(new TextDecoder().decode(probe.stderr).trim(), "/dev/null");
  await withServer(["--mode", "echo"], async (server) => {
    const run = pipeline(server.port, ">&-");
    await run.status(/^connected /);
    await run.type("into the void");
    await run.endInput();
    equal(await run.exit(), 0, "the shell");
    match(run.stderr.join("\n"), /closed \(FIN both ways\)\nclient exit 0$/);
  });
});

Deno.test({
  name: "client gone: closing the terminal window closes the connection with a FIN",
  ignore: noTmux,
}, async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      await term.type("half typed");
      await term.waitFor((rows) => inputRow(rows) === "> half typed");
      await term.closeWindow();
      await server.log.waitFor(FIN(1));
    });
  });
});
