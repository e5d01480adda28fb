// The server's console in a real terminal (tmux), as a teacher uses it: the server started with
// `deno task server` in a shell, a student on nc in another terminal and one on a socket the test
// holds; `who`, `say`, `kick`, a bad command, Ctrl+D (the console ends, the server goes on), and
// Ctrl+C (the server stops, exit status 0). Without a terminal there is no console.
import { equal, match } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { CONSOLE_HELP } from "../lib/server/console.ts";
import { run, ServerProcess } from "../testing/process.ts";
import { shellEnv } from "../testing/readme.ts";
import { promptAfter, runCommand, startShell } from "../testing/shell_terminal.ts";
import type { Tmux } from "../testing/tmux.ts";
import { missing } from "../testing/tools.ts";

const noTools = await missing("tmux", "nc");

/** Where the screen shows `pattern`, and the rows after it. */
function rowsFrom(rows: string[], pattern: RegExp): string[] {
  return rows.slice(rows.findLastIndex((row) => pattern.test(row)));
}

/** A user on nc in a terminal of their own, logged in as `id`. */
async function ncUser(port: number, id: string): Promise<Tmux> {
  const term = await startShell();
  await runCommand(term, `nc 127.0.0.1 ${port}`);
  await term.waitFor(/^\? id: /);
  await runCommand(term, id);
  await term.waitFor(/^\? menu: /);
  return term;
}

Deno.test({
  name: "console in a terminal: who, say reaching nc, kick with a FIN and the partner told",
  ignore: noTools,
}, async () => {
  const server = await startShell({ PATH: shellEnv().PATH }, { columns: 200, rows: 50 });
  const terms = [server];
  const clients: TestClient[] = [];
  try {
    await runCommand(server, "deno task server --port 0");
    const start = await server.waitForText(/\[START\] .*:(\d+)$/m);
    const port = Number(/\[START\] .*:(\d+)$/m.exec(start)![1]);
    await server.waitFor(/^\[INFO\] console: type help and Enter for the commands/);

    const alice = await TestClient.connect("127.0.0.1", port);
    clients.push(alice);
    await alice.until(/^\? id: /);
    alice.send("alice");
    await alice.until(/^\? menu: /);
    const bob = await ncUser(port, "bob");
    terms.push(bob);
    alice.send("1");
    await alice.until(/^\? target: /);
    alice.send("bob");
    await bob.waitFor(/^\? request alice: /);
    await runCommand(bob, "y");
    await alice.until(/^\* chat bob: /);

    await runCommand(server, "who");
    // The table's rows follow each other: no log line cuts them.
    const who = rowsFrom(
      await server.waitFor(/^ {2}#2 .* bob +chatting with alice +connected \d+ s$/),
      /^2 connections:$/,
    );
    match(who[1], /^ {2}#1 {2}127\.0\.0\.1:\d+ {2}alice +chatting with bob +connected \d+ s$/);
    match(who[2], /^ {2}#2 {2}127\.0\.0\.1:\d+ {2}bob +chatting with alice +connected \d+ s$/);

    await runCommand(server, "say The lab ends in 10 minutes");
    await bob.waitFor(/^\* operator: The lab ends in 10 minutes$/);
    await alice.until(/^\* operator: The lab ends in 10 minutes$/);
    await server.waitFor(
      /^\[INFO\] \S+ console: say "The lab ends in 10 minutes" to 2 connections$/,
    );

    await runCommand(server, "kick alice spamming bob");
    equal(await alice.line(), "! kicked: The server's operator disconnected you: spamming bob");
    equal(await alice.ended(), "fin");
    await bob.waitFor(/^\* chat-ended alice: alice was disconnected by the server\.$/);
    await server.waitFor(
      /^\[INFO\] \S+ #1 127\.0\.0\.1:\d+ alice kicked from the console: spamming bob$/,
    );
    await server.waitFor(
      /^\[DISCONNECT\] \S+ #1 127\.0\.0\.1:\d+ closed by server \(FIN\): kicked from the console: spamming bob after/,
    );

    await runCommand(server, "kik bob");
    await server.waitFor(/^console: unknown command "kik": type help for the commands$/);
    await runCommand(server, "kick alice");
    await server.waitFor(/^console: no user "alice" is connected \(who lists them\)$/);

    // Ctrl+D ends the console; the server goes on serving.
    await server.press("C-d");
    await server.waitFor(
      /^console: closed \(Ctrl\+D\); the server goes on serving, Ctrl\+C stops it$/,
    );
    const carol = await TestClient.connect("127.0.0.1", port);
    clients.push(carol);
    await carol.until(/^\? id: /);

    await server.press("C-c");
    await server.waitFor((rows) => promptAfter(rows, /\[STOP\] /));
    await runCommand(server, 'echo "exit status $?"');
    await server.waitFor(/^exit status 0$/);
  } finally {
    for (const client of clients) client.close();
    for (const term of terms) await term.kill();
  }
});

Deno.test("console: a server whose input is not a terminal opens none", async () => {
  for (const stdin of ["null", "piped"] as const) {
    const server = ServerProcess.start(["--port", "0"], { stdin });
    try {
      const port = await server.port();
      const client = await TestClient.connect("127.0.0.1", port);
      await server.waitFor(/^\[CONNECT\] /);
      client.close();
      // A console would have said so before the server could take a connection.
      equal(server.stdout.some((line) => line.includes("console")), false, stdin);
    } finally {
      server.child.kill("SIGINT");
      await server.exit();
    }
  }
});

Deno.test("console: --help and the README name every console command", async () => {
  const commands = CONSOLE_HELP.flatMap((line) => /^ {2}([a-z]+)\b/.exec(line)?.[1] ?? []);
  equal(commands.join(" "), "who say kick help");
  const { stdout: help } = await run(["run", "main_server.ts", "--help"]);
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const section = readme.split("\n## ").find((part) => part.startsWith("The server's console"));
  for (const command of commands) {
    match(help, new RegExp(`\\b${command}\\b`), `--help: ${command}`);
    match(section ?? "", new RegExp(`^\\| \`${command}\\b`, "m"), `README: ${command}`);
  }
  match(help, /Ctrl\+D ends the console/);
  match(section ?? "", /\*\*Ctrl\+D\*\* ends the console only/);
});
