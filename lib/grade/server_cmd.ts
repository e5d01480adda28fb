/**
 * `--server-cmd`: the server under test started by the grader, in a shell, in a process group of
 * its own; its output (stdout and stderr, as they come) kept as its log, bounded; and a stop that
 * always ends: Ctrl+C first (SIGINT, so Python prints what it buffered and runs its `finally`),
 * then SIGTERM, then SIGKILL, to the whole group, each after a bounded wait.
 *
 * @module
 */

import { type Clock, settlesWithin } from "../clock.ts";
import { BoundedBytes } from "./bounded_bytes.ts";

/** The most of a server's output kept as its log; a server that floods its log costs no more. */
export const DEFAULT_LOG_BYTES = 8 * 1024 * 1024;
/** How long each signal of a stop is given before the next, in ms. */
export const STOP_STEP_MS = 1500;

/** How the server process ended. */
export interface Exit {
  readonly code: number;
  readonly signal: string | null;
}

/** A running server command. */
export class ServerCommand {
  readonly #child: Deno.ChildProcess;
  readonly #clock: Clock;
  readonly #log: BoundedBytes;
  readonly #reading: Promise<void>;
  #exit: Exit | undefined;
  readonly status: Promise<Exit>;

  private constructor(child: Deno.ChildProcess, clock: Clock, maxLogBytes: number) {
    this.#child = child;
    this.#clock = clock;
    this.#log = new BoundedBytes(maxLogBytes, "head");
    this.#reading = Promise.all([this.#keep(child.stdout), this.#keep(child.stderr)]).then(
      () => {},
    );
    this.status = child.status.then((s) => this.#exit = { code: s.code, signal: s.signal });
  }

  /**
   * Starts `command` in a shell (sh -c; cmd /c on Windows). `PYTHONUNBUFFERED=1` makes a Python
   * server's prints reach the log as they happen, not when it exits. Returns the error's message
   * when it cannot start at all.
   */
  static start(
    command: string,
    clock: Clock,
    maxLogBytes = DEFAULT_LOG_BYTES,
  ): ServerCommand | string {
    const windows = Deno.build.os === "windows";
    try {
      const child = new Deno.Command(windows ? "cmd" : "sh", {
        args: windows ? ["/d", "/s", "/c", command] : ["-c", command],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        env: { PYTHONUNBUFFERED: "1" },
        // A new session: its process group can be signalled whole, the server's children too.
        detached: true,
      }).spawn();
      return new ServerCommand(child, clock, maxLogBytes);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** How it ended, if it did. */
  get exit(): Exit | undefined {
    return this.#exit;
  }

  /** Its output so far, as text. */
  output(): string {
    return new TextDecoder().decode(this.#log.bytes());
  }

  /** The last non-empty lines of its output, joined, for a one-line message. */
  tail(lines = 3): string {
    const last = this.output().split("\n").map((l) => l.trim()).filter((l) => l !== "");
    return last.slice(-lines).join(" | ") || "(no output)";
  }

  /** Stops the whole process group, politely first; resolves once it is gone and read. */
  async stop(): Promise<Exit> {
    for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
      if (this.#exit !== undefined) break;
      this.#signal(signal);
      await settlesWithin(this.status, STOP_STEP_MS, this.#clock);
    }
    const exit = await this.status;
    // Orphans of the group (a server's own children) may hold the pipes open: bounded too.
    this.#signal("SIGKILL");
    await settlesWithin(this.#reading, STOP_STEP_MS, this.#clock);
    return exit;
  }

  #signal(signal: Deno.Signal): void {
    try {
      Deno.kill(-this.#child.pid, signal);
    } catch {
      try {
        this.#child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  }

  async #keep(stream: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of stream) this.#log.push(chunk);
    } catch {
      // A pipe that breaks ends the log; the server's exit says the rest.
    }
  }
}

/** `exit code 1` or `signal SIGKILL`, for messages. */
export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
