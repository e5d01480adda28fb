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

import { commandLineOptions, type Fail, failer, onStopSignals } from "./lib/cli.ts";
import { connect, ServerConnection } from "./lib/client/connection.ts";
import { type ClientOptions, parseClientArgs } from "./lib/client/options.ts";
import { PipeSession } from "./lib/client/pipe.ts";
import { TerminalSession } from "./lib/client/terminal.ts";
import { CLIENT_TEXTS, type ClientTexts, ending } from "./lib/client/texts.ts";

const fail: Fail = failer("tcpchat-client");

function terminalSession(options: ClientOptions, texts: ClientTexts) {
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
  }, { ...options, texts });
}

async function chat(options: ClientOptions, texts: ClientTexts): Promise<void> {
  const connected = await connect(options.host, options.port, texts);
  if (!connected.ok) fail(connected.code, connected.message);

  // The line editor needs a keyboard and a screen; anything else is a pipe.
  const stdoutIsTerminal = Deno.stdout.isTerminal();
  const interactive = Deno.stdin.isTerminal() && stdoutIsTerminal;
  const session = interactive ? terminalSession(options, texts) : new PipeSession({
    input: Deno.stdin,
    output: Deno.stdout,
    errors: Deno.stderr,
    sanitize: stdoutIsTerminal,
  }, { ...options, texts });
  const connection = new ServerConnection(
    connected.conn,
    options.maxLineBytes,
    (items) => session.receive(items),
  );
  session.status(texts.connected(connection.local, connection.remote));

  let signalled = false;
  onStopSignals(() => {
    signalled = true;
    void connection.close();
  });
  try {
    const result = ending(await session.run(connection), connection.remote, texts);
    session.finish(result.line);
    // A signal stopped a script: say so in the exit code, as shells do (128 + SIGINT).
    Deno.exit(signalled && !interactive ? 130 : result.code);
  } finally {
    if (session instanceof TerminalSession) session.restore();
  }
}

function main(): void {
  const options = commandLineOptions(parseClientArgs, fail);
  if (options === undefined) return;
  const texts = CLIENT_TEXTS[options.lang];
  chat(options, texts).catch((error) => {
    // Never a stack trace to a user: one line, and the terminal is already restored.
    fail(1, texts.unexpected(error instanceof Error ? error.message : String(error)));
  });
}

main();
