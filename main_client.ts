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

import {
  commandLineOptions,
  envValue,
  type Fail,
  failer,
  onStopSignals,
  type StopSignal,
} from "./lib/cli.ts";
import { connect, ServerConnection } from "./lib/client/connection.ts";
import { type ClientOptions, parseClientArgs } from "./lib/client/options.ts";
import { PipeSession } from "./lib/client/pipe.ts";
import { suspendable, TerminalSession } from "./lib/client/terminal.ts";
import { CLIENT_TEXTS, type ClientTexts, ending, exitCode } from "./lib/client/texts.ts";

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
    // No SIGWINCH on Windows: the line is redrawn at the next key instead.
    onResize: (redraw) => onSignal("SIGWINCH", redraw),
    onContinue: (resumed) => onSignal("SIGCONT", resumed),
    suspendable: () => suspendable(Deno.build.os, grantedEnv, mayStopJob()),
    // "self": the kernel drops a SIGTSTP that nobody could undo (an orphaned process group: no
    // job-control shell above), and the call returns at once; otherwise it returns after `fg`.
    // "job": process 0 is this process's group (kill(2)), the runner that started the client
    // included. deno task catches SIGTSTP (it passes it on and never stops), so only SIGSTOP stops
    // the job; mayStopJob() made sure a shell is there to send SIGCONT.
    suspend: (scope) =>
      Deno.kill(scope === "job" ? 0 : Deno.pid, scope === "job" ? "SIGSTOP" : "SIGTSTP"),
  }, { ...options, texts });
}

/**
 * True when this process may stop its whole job and a job-control shell will resume it: the
 * permission to signal other processes (--allow-run, which `deno task client` grants), and a
 * process group that is not the session's own (a shell that started the job leads the session;
 * a terminal that runs the client with no shell makes the job the session, and a SIGSTOP there
 * could never be undone). `ps` tells the group and the session; without it, no.
 */
function mayStopJob(): boolean {
  if (Deno.permissions.querySync({ name: "run" }).state !== "granted") return false;
  try {
    const ps = new Deno.Command("ps", {
      args: ["-o", "pgid=,sid=", "-p", String(Deno.pid)],
      stdin: "null",
      stderr: "null",
    }).outputSync();
    const [pgid, sid] = new TextDecoder().decode(ps.stdout).trim().split(/\s+/);
    return ps.success && pgid !== undefined && sid !== undefined && pgid !== sid;
  } catch {
    return false;
  }
}

/** Listens for `signal` where the platform has it; returns how to stop listening. */
function onSignal(signal: Deno.Signal, handler: () => void): () => void {
  try {
    Deno.addSignalListener(signal, handler);
    return () => Deno.removeSignalListener(signal, handler);
  } catch {
    return () => {};
  }
}

/**
 * An environment variable, read only when the permission is granted (as under `deno task client`):
 * the compiled client, allowed only the variables it reads at start, never asks for another.
 */
function grantedEnv(variable: string): string | undefined {
  const granted = Deno.permissions.querySync({ name: "env", variable }).state === "granted";
  return granted ? envValue(variable) : undefined;
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
  const connection = new ServerConnection(connected.conn, session.receiver);
  session.status(texts.connected(connection.local, connection.remote));

  // SIGHUP: the terminal was closed; SIGQUIT: Ctrl+\ of a terminal not in raw mode. Each closes
  // with a FIN like the others rather than leaving the kernel to end the connection.
  let signal: StopSignal | null = null;
  onStopSignals((received) => {
    signal ??= received;
    void connection.close();
  }, ["SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM"]);
  try {
    const end = await session.run(connection);
    session.finish(ending(end.connection, connection.remote, texts).line);
    Deno.exit(exitCode(end, signal));
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
