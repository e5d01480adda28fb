/**
 * The server a recording records: tcpchat's broadcast mode (the lab's mini chat) running in this
 * very process, or the student's own server from its command line. Either way its log goes to
 * the log file, after the start command the lab asks for at the top, and to the terminal.
 *
 * @module
 */

import { type ByteSink, writeAll } from "../io.ts";
import { classifyNetError } from "../net/errors.ts";
import { isListening } from "../net/listening.ts";
import { ServerCommand } from "../process/server_command.ts";
import { Logger } from "../server/logger.ts";
import { parseServerArgs } from "../server/options.ts";
import { startServer } from "../server/server.ts";
import type { Language } from "../core/texts.ts";
import { type Clock, systemClock } from "../clock.ts";

/** How long a student's server may take to listen, in ms (Python starts in well under 1 s). */
export const LISTEN_WAIT_MS = 10_000;
const POLL_MS = 100;

/** A server being recorded. */
export interface RecordedServer {
  /** Resolves with the exit code if the server stops by itself (tcpchat's never does). */
  readonly stoppedByItself: Promise<number>;
  /** Stops it (bounded), and closes the log file. */
  stop(): Promise<void>;
  /** Writes out what it logged so far, before a line of the recorder's own. */
  flush(): void;
}

/** A server that started, or why it did not. */
export type ServerStart =
  | { readonly ok: true; readonly server: RecordedServer }
  | { readonly ok: false; readonly why: "port-busy" | "not-listening" }
  | { readonly ok: false; readonly why: "exited-early"; readonly code: number }
  | { readonly ok: false; readonly why: "other"; readonly detail: string };

/** Where the log goes: the file (the log file, closed by `stop`) and the terminal. */
export interface LogSinks {
  readonly file: ByteSink & { close(): void };
  readonly terminal: ByteSink;
}

/** The command `deno task server` that runs what {@link startTcpchat} runs. */
export function tcpchatCommand(port: number): string {
  return `deno task server --mode broadcast --port ${port}`;
}

/** Starts tcpchat's broadcast mode on 127.0.0.1:`port` in this process. */
export async function startTcpchat(
  port: number,
  look: { lang: Language; color: boolean },
  sinks: LogSinks,
): Promise<ServerStart> {
  const parsed = parseServerArgs(
    ["--mode", "broadcast", "--port", String(port), "--lang", look.lang],
    { noColorEnv: false, isTerminal: look.color },
  );
  if (parsed.kind !== "run") return { ok: false, why: "other", detail: "bad server options" };
  const log = new Logger({
    console: sinks.terminal,
    color: look.color,
    file: sinks.file,
    quiet: false,
  });
  let running;
  try {
    running = await startServer(parsed.options, log);
  } catch (error) {
    log.close();
    const { kind, detail } = classifyNetError(error);
    if (kind === "address-in-use") return { ok: false, why: "port-busy" };
    return { ok: false, why: "other", detail };
  }
  // The log writes in batches: its start lines come before the recorder's "Ready".
  log.flush();
  return {
    ok: true,
    server: {
      stoppedByItself: new Promise<number>(() => {}),
      async stop() {
        await running.stop();
        log.close();
      },
      flush: () => log.flush(),
    },
  };
}

/**
 * Starts the student's server from its command line (see lib/process/server_command.ts), and
 * waits until it listens on `port`, exits, or {@link LISTEN_WAIT_MS} pass.
 */
export async function startCommand(
  command: string,
  port: number,
  sinks: LogSinks,
  options: { cwd?: string; clock?: Clock } = {},
): Promise<ServerStart> {
  const clock = options.clock ?? systemClock;
  let server: ServerCommand;
  try {
    server = ServerCommand.start(command, port, {
      cwd: options.cwd,
      clock,
      output(bytes) {
        writeAll(sinks.file, bytes);
        writeAll(sinks.terminal, bytes);
      },
    });
  } catch (error) {
    sinks.file.close();
    return {
      ok: false,
      why: "other",
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  const stop = async () => {
    await server.stop();
    sinks.file.close();
  };
  const deadline = clock.now() + LISTEN_WAIT_MS;
  while (!(await isListening(port))) {
    if (server.hasExited) {
      await stop();
      return { ok: false, why: "exited-early", code: await server.exited };
    }
    if (clock.now() > deadline) {
      await stop();
      return { ok: false, why: "not-listening" };
    }
    await new Promise<void>((resolve) => clock.setTimeout(resolve, POLL_MS));
  }
  return { ok: true, server: { stoppedByItself: server.exited, stop, flush: () => {} } };
}
