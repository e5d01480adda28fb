/**
 * Test support: the server as a separate process, the way a student runs it.
 *
 * @module
 */

import { ProcessGroup } from "../lib/process/process_group.ts";
import { Changes, countReached, firstMatch, waitUntil } from "./wait_until.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** `deno` arguments that run the server as `deno task server` does (the same permissions). */
export const RUN_SERVER = [
  "run",
  "--allow-net",
  "--allow-env",
  "--allow-write",
  "--allow-sys=networkInterfaces",
  "--allow-read=/dev/null",
  "main_server.ts",
];
/** No colours, and English whatever the machine's locale, unless a test asks otherwise. */
export const TEST_ENV: Readonly<Record<string, string>> = { NO_COLOR: "1", LC_ALL: "C.UTF-8" };

/** A program started by a test, and its output line by line, with waits on it. */
export class WatchedProcess {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly child: Deno.ChildProcess;
  readonly #output: ChildOutput;
  /** The wait for a line when a test names none, in ms (undefined: testing/wait_until.ts's). */
  readonly #waitMs: number | undefined;

  protected constructor(child: Deno.ChildProcess, waitMs?: number) {
    this.child = child;
    this.#output = new ChildOutput(child);
    this.stdout = this.#output.stdout;
    this.stderr = this.#output.stderr;
    this.#waitMs = waitMs;
  }

  /** Waits for a stdout line matching `pattern` (the first ever printed); returns it. */
  waitFor(pattern: RegExp, ms = this.#waitMs): Promise<string> {
    return this.#output.wait(firstMatch(this.stdout, pattern), `output matching ${pattern}`, ms);
  }

  /** Waits until `count` stdout lines match `pattern`. */
  async waitForCount(pattern: RegExp, count: number, ms = this.#waitMs): Promise<void> {
    const what = `${count} output lines matching ${pattern}`;
    await this.#output.wait(countReached(this.stdout, pattern, count), what, ms);
  }

  /**
   * Waits until `text` was printed `count` times, wherever: a threaded server's lines can share
   * a line of output (print writes its text and its newline apart).
   */
  async waitForTimes(text: string, count: number, ms = this.#waitMs): Promise<void> {
    const times = () => this.stdout.reduce((n, line) => n + line.split(text).length - 1, 0);
    await this.#output.wait(() => times() >= count || undefined, `${count} × "${text}"`, ms);
  }

  /** Waits for the process to end; returns its exit code. */
  async exit(): Promise<number> {
    const status = await this.child.status;
    await this.#output.done;
    return status.code;
  }
}

/**
 * A server process and its output, line by line. It runs in a process group of its own
 * (lib/process/process_group.ts): disposing of it ends the group, whatever the server started,
 * and if the test runner dies first (a Ctrl+C, a CI timeout), the group's lifeline ends it.
 */
export class ServerProcess extends WatchedProcess implements AsyncDisposable {
  readonly #group: ProcessGroup | undefined;

  private constructor(started: ProcessGroup | Deno.ChildProcess) {
    super(started instanceof ProcessGroup ? started.child : started);
    this.#group = started instanceof ProcessGroup ? started : undefined;
  }

  /**
   * Starts `deno run main_server.ts ARGS` (or `deno task server ARGS` with `viaTask`, or
   * `program ARGS` with `program`, e.g. a compiled binary).
   */
  static start(
    args: string[],
    options: {
      viaTask?: boolean;
      program?: string[];
      env?: Record<string, string>;
      wrap?: string[];
      /** The server's standard input: none (the default), or a pipe the test holds. */
      stdin?: "null" | "piped";
    } = {},
  ) {
    const server = options.program ??
      [Deno.execPath(), ...(options.viaTask ? ["task", "server"] : RUN_SERVER)];
    // `wrap` runs the server under another command, e.g. prlimit to lower its fd limit.
    const [program, ...programArgs] = [...(options.wrap ?? []), ...server, ...args];
    const env = { ...TEST_ENV, ...options.env };
    if (options.stdin === "piped") {
      // The test types on the server's standard input, where a group's lifeline would be: a
      // plain child then, killed by the test.
      const child = new Deno.Command(program, {
        args: programArgs,
        cwd: ROOT,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
        env,
      }).spawn();
      return new ServerProcess(child);
    }
    return new ServerProcess(ProcessGroup.spawn(program, { args: programArgs, cwd: ROOT, env }));
  }

  /** The port from the `[START]` line. */
  async port(): Promise<number> {
    const start = await this.waitFor(/^\[START\] /);
    return Number(/:(\d+)$/.exec(start)?.[1]);
  }

  /**
   * Declared with `await using`, the server is stopped when the test ends, however it ends: a
   * failed assertion must not leave a server running after `deno test` exits.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    // The whole group, also once the server ended: what it started, and the group's lifeline.
    if (this.#group) this.#group.signal("SIGKILL");
    else {
      try {
        this.child.kill("SIGKILL");
      } catch {
        // It ended meanwhile.
      }
    }
    await this.exit();
  }
}

/** A child's standard output and error, line by line, with a way to wait on them. */
export class ChildOutput {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  /** Resolves when both streams have ended. */
  readonly done: Promise<void>;
  readonly #changes = new Changes();
  #ended = false;

  constructor(child: Deno.ChildProcess) {
    const wake = () => this.#changes.notify();
    this.done = Promise.all([
      collectLines(child.stdout, this.stdout, wake),
      collectLines(child.stderr, this.stderr, wake),
    ]).then(() => {
      this.#ended = true;
      wake();
    });
  }

  /**
   * Waits until `check` finds something in the output (see {@link waitUntil}); fails at once
   * when the output has ended without it, since nothing more can come.
   */
  wait<T>(check: () => T | undefined, what: string, ms?: number): Promise<T> {
    const seen = () => `stdout:\n${this.stdout.join("\n")}\nstderr:\n${this.stderr.join("\n")}`;
    return waitUntil(() => {
      const found = check();
      if (found !== undefined || !this.#ended) return found;
      throw new Error(`the program's output ended before ${what}; ${seen()}`);
    }, { what, seen, ms, changes: this.#changes });
  }
}

/** Splits a child's output into `into`, line by line, calling `wake` after each chunk. */
async function collectLines(
  stream: ReadableStream<Uint8Array>,
  into: string[],
  wake: () => void,
): Promise<void> {
  let partial = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    into.push(...parts);
    wake();
  }
  if (partial) into.push(partial);
  wake();
}

/**
 * Reads a child's first line of output, then stops reading. The whole line is awaited: a
 * script may write it in two parts, and closing the pipe in between kills the script.
 */
export async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return text.split("\n")[0];
}

/**
 * Runs `deno ARGS` to completion (in `cwd`, the project's folder unless said) and returns its
 * output. It runs in a process group of its own, ended with everything in it afterwards, and by
 * its lifeline if the test runner dies first.
 */
export async function run(
  args: string[],
  env: Record<string, string> = {},
  cwd: string = ROOT,
) {
  const group = ProcessGroup.spawn(Deno.execPath(), { args, cwd, env: { ...TEST_ENV, ...env } });
  const out = await group.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** True while process `pid` runs: a zombie (dead, not yet reaped by its parent) does not. Linux. */
export function isAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
