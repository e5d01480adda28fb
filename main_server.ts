/**
 * tcpchat-server: `deno task server [--port 3333] [--mode chat|broadcast|echo] ...`.
 *
 * This file only wires the process to the library: arguments, the log's destinations, signals
 * and exit codes. `lib/server/` is the network edge; `lib/core/` holds every rule.
 *
 * @module
 */

import {
  commandLineOptions,
  dropWritePermission,
  type Fail,
  failer,
  nextPort,
  onStopSignals,
} from "./lib/cli.ts";
import type { ByteSink } from "./lib/io.ts";
import { classifyNetError } from "./lib/net/errors.ts";
import { startConsole } from "./lib/server/console_session.ts";
import { Logger } from "./lib/server/logger.ts";
import { fileProblem } from "./lib/file_errors.ts";
import { parseServerArgs, type ServerOptions } from "./lib/server/options.ts";
import { type RunningServer, startServer, WebListenError } from "./lib/server/server.ts";

const fail: Fail = failer("tcpchat-server");

function openLogFile(path: string): ByteSink & { close(): void } {
  try {
    return Deno.openSync(path, { append: true, create: true });
  } catch (error) {
    fail(2, `cannot open the log file ${path}: ${fileProblem(error)}`);
  }
}

async function listen(options: ServerOptions, log: Logger): Promise<RunningServer> {
  const where = `${options.host} port ${options.port}`;
  try {
    return await startServer(options, log);
  } catch (error) {
    // The lines logged so far (the chat port's, before a --web failure) come before the reason.
    await log.close();
    if (error instanceof WebListenError) failWeb(error, options.port);
    const { kind, detail } = classifyNetError(error);
    switch (kind) {
      case "address-in-use":
        fail(
          1,
          `port ${options.port} is already in use on ${options.host}: is another server running? ` +
            `Stop it, or pick another port with --port ${
              nextPort(options.port, options.web?.port ?? options.port)
            }`,
        );
        break;
      // A --host no interface has, or no name: a bad value, like any other (exit code 2).
      case "address-not-available":
        fail(2, `cannot listen on ${options.host}: not an address of this machine (try 127.0.0.1)`);
        break;
      case "unknown-host":
      case "invalid-host":
        fail(2, `cannot listen on ${options.host}: no such host (try 127.0.0.1, ::1 or 0.0.0.0)`);
        break;
      case "os-refused":
        fail(1, `not allowed to listen on ${where} (ports below 1024 need administrator rights)`);
        break;
      case "no-permission":
        fail(1, `no network permission (deno run needs --allow-net)`);
    }
    fail(1, `cannot listen on ${where}: ${detail}`);
  }
}

/** One line for a live view that cannot listen, naming `--web` (the chat port is fine). */
function failWeb(error: WebListenError, chatPort: number): never {
  const { hostname, port } = error.address;
  const { kind, detail } = classifyNetError(error.cause);
  switch (kind) {
    case "address-in-use":
      fail(
        1,
        `--web: port ${port} is already in use on ${hostname}; pick another, e.g. --web ${
          nextPort(port, chatPort)
        }`,
      );
      break;
    // A host no interface has, or no name: a bad value, as for --host (exit code 2).
    case "address-not-available":
      fail(
        2,
        `--web: cannot listen on ${hostname}: not an address of this machine (try 127.0.0.1)`,
      );
      break;
    case "unknown-host":
    case "invalid-host":
      fail(2, `--web: cannot listen on ${hostname}: no such host (try 127.0.0.1, ::1 or 0.0.0.0)`);
      break;
    case "os-refused":
      fail(
        1,
        `--web: not allowed to listen on port ${port} (ports below 1024 need administrator rights)`,
      );
      break;
    case "no-permission":
      fail(1, `--web: no network permission (deno run needs --allow-net)`);
  }
  fail(1, `--web: cannot listen on ${hostname} port ${port}: ${detail}`);
}

async function main(): Promise<void> {
  const options = commandLineOptions(parseServerArgs, fail);
  if (options === undefined) return;
  const log = new Logger({
    console: Deno.stdout,
    color: options.color,
    quiet: options.quiet,
    file: options.logFile === undefined ? undefined : openLogFile(options.logFile),
  });
  // The log file is open: nothing else is ever written, so the permission goes (see the function).
  dropWritePermission();
  const server = await listen(options, log);

  // One bug must not take every student's chat down with it: log it and keep serving.
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    log.event(
      "ERROR",
      `unexpected: ${event.reason instanceof Error ? event.reason.stack : event.reason}`,
    );
  });

  // Ctrl+C under `deno task` arrives twice within milliseconds (once from the terminal, once
  // forwarded by the task runner); stop() runs the shutdown only once, so both mean one stop.
  const stop = () => {
    // close() waits for the console at most CONSOLE_CLOSE_MS: a stdout nobody reads (a
    // stopped terminal, a full pipe) never keeps the server from stopping.
    server.stop().then(() => log.close()).then(() => Deno.exit(0));
  };
  onStopSignals(stop);
  // Only at a terminal: under tests, CI and services stdin is a pipe or /dev/null.
  startConsole(server.operator, log);
}

await main();
