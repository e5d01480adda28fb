/**
 * Test support: `deno task record` run as a student runs it, in a terminal of its own: its own
 * process group (so a Ctrl+C reaches the task runner and the recorder, as a terminal's does, and
 * nothing the recorder keeps out of its group), in the student's folder, and its output line by
 * line.
 *
 * @module
 */

import { ProcessGroup } from "../lib/process/process_group.ts";
import { TEST_ENV, WatchedProcess } from "./process.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** Recording starts a capture and a server first: more than a server alone takes. */
const WAIT_MS = 15_000;

/** A running recorder. */
export class RecorderProcess extends WatchedProcess implements AsyncDisposable {
  readonly #group: ProcessGroup;

  private constructor(group: ProcessGroup) {
    super(group.child, WAIT_MS);
    this.#group = group;
  }

  /**
   * `deno task --config ROOT/deno.json record ARGS` in `cwd` (the student's folder: the task
   * runs in the project's folder, and the recorder writes where the student typed it). `as`
   * runs it under another command, e.g. as another user.
   */
  static start(
    args: string[],
    options: { cwd: string; env?: Record<string, string>; as?: string[] },
  ): RecorderProcess {
    const deno = [Deno.execPath(), "task", "--quiet", "--config", `${ROOT}deno.json`, "record"];
    const [program, ...rest] = [...(options.as ?? []), ...deno, ...args];
    // A group of its own, as a terminal's job: ended whole by the test, or by its lifeline if
    // the test runner dies first (the recorder's own tshark and server have lifelines too).
    const group = ProcessGroup.spawn(program, {
      args: rest,
      cwd: options.cwd,
      // `deno task` keeps an INIT_CWD it inherits (a test run by `deno task test` has one): the
      // student's folder is this one.
      env: { ...TEST_ENV, INIT_CWD: options.cwd, ...options.env },
    });
    return new RecorderProcess(group);
  }

  /** Ctrl+C in its terminal: SIGINT to its whole process group. */
  interrupt(): void {
    this.#group.signal("SIGINT");
  }

  /** `kill -9` of the recorder and the task runner: no chance to clean up. */
  kill(): void {
    this.#group.signal("SIGKILL");
  }

  /** Ends it (and its group) if a failed test left it running. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#group.signal("SIGKILL");
    await this.exit();
  }
}

/** The tshark processes capturing `tcp port PORT` still running (a recording must leave none). */
export async function capturesOn(port: number): Promise<string[]> {
  const out = await new Deno.Command("pgrep", { args: ["-f", `tcp port ${port}( |$)`] }).output();
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l !== "");
}
