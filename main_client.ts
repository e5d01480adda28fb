/**
 * tcpchat-client: `deno task client [HOST [PORT]]`, a terminal client for tcpchat and any
 * line-based TCP server.
 *
 * This file only wires the process to the library: arguments, the connection, which session runs
 * (a terminal's line editor, or a pipe's plain lines), signals and exit codes. `lib/client/` holds
 * the rest.
 *
 * @module
 */

import { envFlag, type Fail, failer, onStopSignals, optionsToRun } from "./lib/program.ts";
import { connect, ServerConnection } from "./lib/client/connection.ts";
import { parseClientArgs } from "./lib/client/options.ts";
import { PipeSession } from "./lib/client/pipe.ts";
import { TerminalSession } from "./lib/client/terminal.ts";
import { CLIENT_TEXTS, ending } from "./lib/client/texts.ts";

const fail: Fail = failer("tcpchat-client");

function terminalSession(options: { color: boolean; maxLineBytes: number; historySize: number }) {
  return new TerminalSession({
    input: Deno.stdin,
    output: Deno.stdout,
    columns: () => {
      try {
        return Deno.consoleSize().columns || 80;
      } catch {
        return 80;
      }
    },
    onResize(redraw) {
      try {
        Deno.addSignalListener("SIGWINCH", redraw);
        return () => Deno.removeSignalListener("SIGWINCH", redraw);
      } catch {
        // No SIGWINCH (Windows): the line is redrawn at the next key instead.
        return () => {};
      }
    },
  }, options);
}

async function main(): Promise<void> {
  const stdoutIsTerminal = Deno.stdout.isTerminal();
  const command = parseClientArgs(Deno.args, {
    noColorEnv: envFlag("NO_COLOR"),
    isTerminal: stdoutIsTerminal,
  });
  const options = optionsToRun(command, fail);
  if (options === undefined) return;
  const connected = await connect(options.host, options.port);
  if (!connected.ok) fail(connected.code, connected.message);

  // The line editor needs a keyboard and a screen; anything else is a pipe.
  const interactive = Deno.stdin.isTerminal() && stdoutIsTerminal;
  const session = interactive ? terminalSession(options) : new PipeSession({
    input: Deno.stdin,
    output: Deno.stdout,
    errors: Deno.stderr,
    sanitize: stdoutIsTerminal,
  }, options);
  const connection = new ServerConnection(
    connected.conn,
    options.maxLineBytes,
    (items) => session.receive(items),
  );
  session.status(CLIENT_TEXTS.connected(connection.local, connection.remote));

  let signalled = false;
  onStopSignals(() => {
    signalled = true;
    void connection.close();
  });
  try {
    const result = ending(await session.run(connection), connection.remote);
    session.finish(result.line);
    // A signal stopped a script: say so in the exit code, as shells do (128 + SIGINT).
    Deno.exit(signalled && !interactive ? 130 : result.code);
  } finally {
    if (session instanceof TerminalSession) session.restore();
  }
}

main().catch((error) => {
  // Never a stack trace to a user: one line, and the terminal is already restored.
  fail(1, `unexpected error: ${error instanceof Error ? error.message : error}`);
});
