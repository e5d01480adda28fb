/**
 * A student's server, started from a command line (`--server-cmd 'python3 server.py'`), in a
 * process group of its own, with everything it prints handed to the caller, and stopped in
 * bounded time however it behaves.
 *
 * - The command runs through the system's shell (`sh -c`, or `cmd /d /s /c` on Windows), so it is
 *   written as in a terminal; `{PORT}` in it is replaced by the port.
 * - Its own process group (a new session: `detached`) means a Ctrl+C in the terminal reaches the
 *   program that started it, not the server: the server is stopped when the caller decides, after
 *   the caller has done what must come first. Stopping signals the whole group, so a shell and
 *   whatever it started all stop.
 * - `PYTHONUNBUFFERED=1`: Python buffers `print` when its output is not a terminal, and loses what
 *   is buffered when it is killed; unbuffered, every line reaches the log as it is printed.
 * - Stopping: SIGINT (what Ctrl+C would have sent: a Python server gets its KeyboardInterrupt),
 *   then SIGTERM, then SIGKILL, each after {@link STOP_GRACE_MS}.
 *
 * @example
 * ```ts ignore
 * const server = ServerCommand.start("python3 server.py --port {PORT}", 3333, {
 *   output: (bytes) => log.writeSync(bytes),
 * });
 * // ... later
 * const how = await server.stop(); // "interrupted" | "terminated" | "killed" | "exited"
 * ```
 * @module
 */

import { type Clock, settlesWithin, systemClock } from "../clock.ts";

/** How long each stop signal is given before the next, stronger one, in ms. */
export const STOP_GRACE_MS = 2_000;

/** How the server ended: by itself, or at which of our signals. */
export type Ending = "exited" | "interrupted" | "terminated" | "killed";

/** `{PORT}` in a command replaced by the port (every occurrence). */
export function withPort(command: string, port: number): string {
  return command.replaceAll("{PORT}", String(port));
}

/** A running server command. */
export class ServerCommand {
  /** The command as run, `{PORT}` replaced. */
  readonly command: string;
  readonly pid: number;
  /** Resolves when the command's own process has exited (its exit code, or 128 + signal). */
  readonly exited: Promise<number>;
  readonly #child: Deno.ChildProcess;
  readonly #drained: Promise<void>;
  readonly #clock: Clock;
  #hasExited = false;
  #stopping: Promise<Ending> | undefined;

  private constructor(
    child: Deno.ChildProcess,
    command: string,
    output: (bytes: Uint8Array) => void,
    clock: Clock,
  ) {
    this.#child = child;
    this.#clock = clock;
    this.command = command;
    this.pid = child.pid;
    this.exited = child.status.then((s) => {
      this.#hasExited = true;
      return s.code;
    });
    this.#drained = Promise.all([pump(child.stdout, output), pump(child.stderr, output)])
      .then(() => {});
  }

  /**
   * Starts `command` (with `{PORT}` replaced) in `cwd`. Throws only when the shell itself cannot
   * be started; a command that does not exist makes the shell exit with 127, seen in `exited`.
   */
  static start(
    command: string,
    port: number,
    options: { output: (bytes: Uint8Array) => void; cwd?: string; clock?: Clock },
  ): ServerCommand {
    const line = withPort(command, port);
    const shell = Deno.build.os === "windows"
      ? ["cmd", "/d", "/s", "/c", line]
      : ["sh", "-c", line];
    const child = new Deno.Command(shell[0], {
      args: shell.slice(1),
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: true,
      env: { PYTHONUNBUFFERED: "1" },
    }).spawn();
    return new ServerCommand(child, line, options.output, options.clock ?? systemClock);
  }

  /** True once the command's process has exited. */
  get hasExited(): boolean {
    return this.#hasExited;
  }

  /**
   * Stops the server's whole process group: SIGINT, then SIGTERM, then SIGKILL, each after
   * `graceMs`; resolves once it is gone and all its output has been handed over. Safe to call
   * more than once.
   */
  stop(graceMs = STOP_GRACE_MS): Promise<Ending> {
    return this.#stopping ??= this.#stop(graceMs);
  }

  async #stop(graceMs: number): Promise<Ending> {
    let ending: Ending = "exited";
    const steps: [Deno.Signal, Ending][] = [
      ["SIGINT", "interrupted"],
      ["SIGTERM", "terminated"],
      ["SIGKILL", "killed"],
    ];
    for (const [signal, name] of steps) {
      if (this.#hasExited) break;
      this.#signalGroup(signal);
      ending = name;
      if (await settlesWithin(this.exited, graceMs, this.#clock)) break;
    }
    // Whatever the shell started and left behind goes with it: the group is the server.
    this.#signalGroup("SIGKILL");
    // A grandchild that escaped the group could hold the pipes open: do not wait for it forever.
    await settlesWithin(this.#drained, graceMs, this.#clock);
    return ending;
  }

  #signalGroup(signal: Deno.Signal): void {
    try {
      if (Deno.build.os === "windows") {
        // No process groups or signals: end the whole tree at once.
        new Deno.Command("taskkill", { args: ["/pid", String(this.pid), "/T", "/F"] }).spawn();
      } else {
        Deno.kill(-this.pid, signal);
      }
    } catch {
      // The group is already gone.
    }
  }
}

async function pump(stream: ReadableStream<Uint8Array>, output: (bytes: Uint8Array) => void) {
  try {
    for await (const chunk of stream) output(chunk);
  } catch {
    // The pipe broke when the process was killed: nothing more to read.
  }
}
