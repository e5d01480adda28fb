/**
 * A program started in a process group of its own, tied to this process by a lifeline: when this
 * process ends, however it ends (a `kill -9`, a crash, a test runner stopped mid-test), the group
 * is stopped too. A student's server and tshark are started this way by the grader and the
 * recorder, so neither can outlive the program that started it.
 *
 * Why a group: a Ctrl+C in the terminal reaches only the program that started it (the group is a
 * new session, `detached`), which stops it when it decides, after what must come first; and
 * signalling the group reaches whatever the program started (`sh -c` stays the parent of the
 * command it runs: dash does not replace itself with it).
 *
 * Why a lifeline: children of a process that dies are not stopped by the kernel, and the runtime
 * cannot ask for it (Linux's PR_SET_PDEATHSIG is not exposed). So on POSIX systems the program is
 * started through a few lines of `/bin/sh` ({@link LIFELINE}): the group's first process keeps the read
 * end of a pipe whose write end only this process holds, and a watchdog in the group waits on it.
 * When this process ends, the kernel closes the write end, the watchdog's read returns, and it
 * stops the group as {@link ProcessGroup.stop} would: SIGINT, then SIGTERM, then SIGKILL, each
 * {@link LIFELINE_STEP_S} s apart. The program itself gets neither the pipe nor any other
 * descriptor above 2 that this process inherited (a test runner's lock file, for one).
 *
 * Windows has neither groups nor signals: the program is started directly, and stopping ends its
 * whole tree (`taskkill /T /F`).
 *
 * @example
 * ```ts ignore
 * const group = ProcessGroup.spawn("tshark", { args: ["-i", "lo"], stdout: "null", stderr: "piped" });
 * group.signalLeader("SIGINT"); // tshark alone: it stops its own dumpcap
 * group.signal("SIGKILL"); // everything in the group
 * ```
 * @module
 */

/** Seconds between the watchdog's signals when this process has ended. */
export const LIFELINE_STEP_S = 2;

/**
 * The lifeline, run by `sh -c LIFELINE tcpchat-group PROGRAM ARGS...`: the pipe on standard input
 * moves to descriptor 3 (replacing whatever 3 was) and standard input becomes /dev/null; the
 * watchdog ignores SIGINT and SIGTERM (the group's polite stop is not for it), waits for the pipe
 * to close, then stops the group; the program runs with descriptors 3 to 9 closed.
 */
export const LIFELINE = [
  "exec 3<&0 0</dev/null",
  `(trap '' INT TERM; read -r _ <&3; kill -INT 0; sleep ${LIFELINE_STEP_S}; ` +
  `kill -TERM 0; sleep ${LIFELINE_STEP_S}; kill -KILL 0) >/dev/null 2>&1 4<&- 5<&- 6<&- 7<&- 8<&- 9<&- &`,
  'exec "$@" 3<&- 4<&- 5<&- 6<&- 7<&- 8<&- 9<&-',
].join("\n");

/** How to start the program. */
export interface GroupOptions {
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Added to this process's environment (or the whole environment, with `clearEnv`). */
  readonly env?: Record<string, string>;
  /** Start from an empty environment instead of this process's. */
  readonly clearEnv?: boolean;
  readonly stdout?: "piped" | "null";
  readonly stderr?: "piped" | "null";
}

/** A running program in its own process group. */
export class ProcessGroup {
  /** The program's process; on POSIX systems its pid is also the group's id. */
  readonly child: Deno.ChildProcess;

  private constructor(child: Deno.ChildProcess) {
    this.child = child;
  }

  /**
   * Starts `program` with `options`. Throws what `Deno.Command.spawn` throws when the shell (on
   * Windows: the program) cannot be started; on POSIX a program that does not exist makes the
   * group's process exit with 127, after `exec` said so on its standard error.
   */
  static spawn(program: string, options: GroupOptions = {}): ProcessGroup {
    const common = {
      cwd: options.cwd,
      env: options.env,
      clearEnv: options.clearEnv ?? false,
      stdout: options.stdout ?? "piped",
      stderr: options.stderr ?? "piped",
    } as const;
    if (Deno.build.os === "windows") {
      return new ProcessGroup(
        new Deno.Command(program, { ...common, args: [...(options.args ?? [])], stdin: "null" })
          .spawn(),
      );
    }
    // /bin/sh, where POSIX systems keep it: whatever PATH the program is given.
    const child = new Deno.Command("/bin/sh", {
      ...common,
      args: ["-c", LIFELINE, "tcpchat-group", program, ...(options.args ?? [])],
      // The lifeline: never written, and closed only when this process ends.
      stdin: "piped",
      detached: true,
    }).spawn();
    return new ProcessGroup(child);
  }

  /** The program's process id. */
  get pid(): number {
    return this.child.pid;
  }

  /**
   * Waits for the program to end and returns what it printed; then ends whatever is left of its
   * group (what it started and left behind, and the lifeline's watchdog).
   */
  async output(): Promise<Deno.CommandOutput> {
    try {
      return await this.child.output();
    } finally {
      this.signal("SIGKILL");
    }
  }

  /** Sends `signal` to every process of the group (on Windows: ends the whole tree). */
  signal(signal: Deno.Signal): void {
    try {
      if (Deno.build.os === "windows") {
        new Deno.Command("taskkill", {
          args: ["/pid", String(this.pid), "/T", "/F"],
          stdout: "null",
          stderr: "null",
        }).spawn();
      } else {
        Deno.kill(-this.pid, signal);
      }
    } catch {
      // The group is gone already.
    }
  }

  /** Sends `signal` to the program alone (on Windows: ends it). */
  signalLeader(signal: Deno.Signal): void {
    try {
      this.child.kill(Deno.build.os === "windows" ? undefined : signal);
    } catch {
      // It has ended already.
    }
  }
}
