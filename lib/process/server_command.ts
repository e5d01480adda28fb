/**
 * A student's server, started from a command line (`--server-cmd 'python3 server.py'`), in a
 * process group of its own, with everything it prints handed to the caller, and stopped in
 * bounded time however it behaves. The grader (`deno task grade --server-cmd`) and the recorder
 * (`deno task record --server-cmd`) both start servers this way.
 *
 * - The command runs through the system's shell (`sh -c`, or `cmd /d /s /c` on Windows), so it is
 *   written as in a terminal; `{PORT}` in it is replaced by the port.
 * - It runs in the folder the user typed the command in ({@link userFolder}: `deno task` itself
 *   runs in the project's folder), so `python3 server.py` finds the student's own file.
 * - Its own process group (./process_group.ts) means a Ctrl+C in the terminal reaches the program
 *   that started it, not the server: the server is stopped when the caller decides, after the
 *   caller has done what must come first. Stopping signals the whole group, so a shell and
 *   whatever it started all stop; and if the caller dies without stopping it, the group's
 *   lifeline stops it.
 * - `PYTHONUNBUFFERED=1`: Python buffers `print` when its output is not a terminal, and loses what
 *   is buffered when it is killed; unbuffered, every line reaches the log as it is printed.
 * - Stopping: SIGINT (what Ctrl+C would have sent: a Python server gets its KeyboardInterrupt and
 *   runs its `finally`), then SIGTERM, then SIGKILL, each after {@link STOP_GRACE_MS}.
 * - A server that leaves its group (a daemon's fork and `setsid`) is still found on Linux: the
 *   command runs with a mark in its environment that every process it starts inherits
 *   (./run_tree.ts), and stopping signals each marked process too. The lifeline's watchdog is
 *   not marked (the mark is set by `env`, after the lifeline), so it is never mistaken for one.
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

import { userFolder } from "../cli.ts";
import { type Clock, settlesWithin, systemClock } from "../clock.ts";
import { ProcessGroup } from "./process_group.ts";
import { newRunToken, RUN_ENV, type Scan, scanProcesses } from "./run_tree.ts";

/** How long each stop signal is given before the next, stronger one, in ms. */
export const STOP_GRACE_MS = 1_500;

/** How the server ended: by itself, or at which of our signals. */
export type Ending = "exited" | "interrupted" | "terminated" | "killed";

/** How the server's process ended, as the system tells it. */
export interface Exit {
  readonly code: number;
  readonly signal: Deno.Signal | null;
}

/** `{PORT}` in a command replaced by the port (every occurrence). */
export function withPort(command: string, port: number): string {
  return command.replaceAll("{PORT}", String(port));
}

/** `exit code 1` or `signal SIGKILL`, for messages. */
export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** How to start a server command. */
export interface StartOptions {
  /** Everything it prints, stdout and stderr as they come. */
  readonly output: (bytes: Uint8Array) => void;
  /** Where it runs: {@link userFolder} unless said. */
  readonly cwd?: string;
  readonly clock?: Clock;
}

/** A running server command. */
export class ServerCommand {
  /** The command as run, `{PORT}` replaced. */
  readonly command: string;
  readonly pid: number;
  /** Resolves when the command's own process has exited (its exit code, or 128 + signal). */
  readonly exited: Promise<number>;
  readonly #group: ProcessGroup;
  readonly #drained: Promise<void>;
  readonly #clock: Clock;
  readonly #token: string;
  #exit: Exit | undefined;
  #stopping: Promise<Ending> | undefined;

  private constructor(
    group: ProcessGroup,
    command: string,
    token: string,
    options: StartOptions,
  ) {
    this.#group = group;
    this.#token = token;
    this.#clock = options.clock ?? systemClock;
    this.command = command;
    this.pid = group.pid;
    this.exited = group.child.status.then((s) => {
      this.#exit = { code: s.code, signal: s.signal };
      return s.code;
    });
    const { stdout, stderr } = group.child;
    this.#drained = Promise.all([pump(stdout, options.output), pump(stderr, options.output)])
      .then(() => {});
  }

  /**
   * Starts `command` (with `{PORT}` replaced). Throws only when the shell itself cannot be
   * started; a command that does not exist makes the shell exit with 127, seen in `exited`.
   */
  static start(command: string, port: number, options: StartOptions): ServerCommand {
    const line = withPort(command, port);
    const token = newRunToken();
    const windows = Deno.build.os === "windows";
    const group = windows
      ? ProcessGroup.spawn("cmd", {
        args: ["/d", "/s", "/c", line],
        cwd: options.cwd ?? userFolder(),
        env: { PYTHONUNBUFFERED: "1" },
      })
      : ProcessGroup.spawn("env", {
        args: [`${RUN_ENV}=${token}`, "sh", "-c", line],
        cwd: options.cwd ?? userFolder(),
        env: { PYTHONUNBUFFERED: "1" },
      });
    return new ServerCommand(group, line, token, options);
  }

  /** True once the command's process has exited. */
  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** How the command's process ended, once it has. */
  get exit(): Exit | undefined {
    return this.#exit;
  }

  /**
   * One look at the processes: which are this command's (its mark, whatever group they are in)
   * and who holds a listening port. `null` where that cannot be known (not Linux).
   */
  scan(): Promise<Scan | null> {
    return scanProcesses(this.#token);
  }

  /**
   * The command's processes alive now, outside its own process group too (Linux). A scan that
   * finds none looks once more: it lists /proc before reading each process, so a daemon that
   * forks its server and exits in between is seen by neither (the parent is gone, the child not
   * yet listed); a second look finds the child.
   */
  async marked(): Promise<number[]> {
    for (let look = 1;; look++) {
      const scan = await this.scan();
      if (scan === null) return [];
      if (scan.ours.size > 0 || look === 2) return [...scan.ours];
      await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, POLL_MS));
    }
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
      if (this.hasExited) break;
      this.#group.signal(signal);
      ending = name;
      if (await settlesWithin(this.exited, graceMs, this.#clock)) break;
    }
    // Whatever the shell started and left behind goes with it: the group is the server.
    this.#group.signal("SIGKILL");
    await this.#stopMarked(graceMs);
    // A grandchild that escaped the group could hold the pipes open: do not wait for it forever.
    await settlesWithin(this.#drained, graceMs, this.#clock);
    return ending;
  }

  /** Stops the marked processes that left the group: SIGTERM, then SIGKILL after `graceMs`. */
  async #stopMarked(graceMs: number): Promise<void> {
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      const left = await this.marked();
      if (left.length === 0) return;
      for (const pid of left) killQuietly(pid, signal);
      const deadline = this.#clock.now() + graceMs;
      while (this.#clock.now() < deadline && (await this.marked()).length > 0) {
        await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, POLL_MS));
      }
    }
  }
}

/** How often a stop looks whether the marked processes are gone, in ms. */
const POLL_MS = 100;

function killQuietly(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(pid, signal);
  } catch {
    // It ended meanwhile.
  }
}

async function pump(stream: ReadableStream<Uint8Array>, output: (bytes: Uint8Array) => void) {
  try {
    for await (const chunk of stream) output(chunk);
  } catch {
    // The pipe broke when the process was killed: nothing more to read.
  }
}
