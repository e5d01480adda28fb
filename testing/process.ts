/**
 * Test support: the server as a separate process, the way a student runs it.
 *
 * @module
 */

const WAIT_MS = 10_000;
const ROOT = new URL("../", import.meta.url).pathname;
/** `deno` arguments that run the server as `deno task server` does (the same permissions). */
export const RUN_SERVER = ["run", "--allow-net", "--allow-env", "--allow-write", "main_server.ts"];
/** No colours, and English whatever the machine's locale, unless a test asks otherwise. */
export const TEST_ENV: Readonly<Record<string, string>> = { NO_COLOR: "1", LC_ALL: "C.UTF-8" };

/** A server process and its output, line by line. */
export class ServerProcess implements AsyncDisposable {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly child: Deno.ChildProcess;
  readonly #done: Promise<void>;
  #waiters: (() => void)[] = [];
  #ended = false;

  private constructor(child: Deno.ChildProcess) {
    this.child = child;
    void child.status.then(() => this.#ended = true);
    this.#done = Promise.all([
      this.#collect(child.stdout, this.stdout),
      this.#collect(child.stderr, this.stderr),
    ]).then(() => {});
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
    } = {},
  ) {
    const server = options.program ??
      [Deno.execPath(), ...(options.viaTask ? ["task", "server"] : RUN_SERVER)];
    // `wrap` runs the server under another command, e.g. prlimit to lower its fd limit.
    const [program, ...programArgs] = [...(options.wrap ?? []), ...server, ...args];
    const child = new Deno.Command(program, {
      args: programArgs,
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { ...TEST_ENV, ...options.env },
    }).spawn();
    return new ServerProcess(child);
  }

  /** Waits for a stdout line matching `pattern`. */
  async waitFor(pattern: RegExp, ms = WAIT_MS): Promise<string> {
    const deadline = Date.now() + ms;
    while (true) {
      const found = this.stdout.find((l) => pattern.test(l));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no output matching ${pattern}; stdout:\n${this.stdout.join("\n")}\nstderr:\n${
            this.stderr.join("\n")
          }`,
        );
      }
      await this.#nextOutput(deadline - Date.now());
    }
  }

  /** Resolves when more output arrives, or after `ms`. */
  #nextOutput(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Waits until `count` stdout lines match `pattern`. */
  async waitForCount(pattern: RegExp, count: number, ms = WAIT_MS): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.stdout.filter((l) => pattern.test(l)).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fewer than ${count} output lines match ${pattern}`);
      await this.#nextOutput(left);
    }
  }

  /** The port from the `[START]` line. */
  async port(): Promise<number> {
    const start = await this.waitFor(/^\[START\] /);
    return Number(/:(\d+)$/.exec(start)?.[1]);
  }

  /** Waits for the process to end; returns its exit code. */
  async exit(): Promise<number> {
    const status = await this.child.status;
    await this.#done;
    return status.code;
  }

  /**
   * Declared with `await using`, the server is stopped when the test ends, however it ends: a
   * failed assertion must not leave a server running after `deno test` exits.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#ended) {
      try {
        this.child.kill("SIGKILL");
      } catch {
        // It ended meanwhile.
      }
    }
    await this.exit();
  }

  #collect(stream: ReadableStream<Uint8Array>, into: string[]): Promise<void> {
    return collectLines(stream, into, () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }
}

/** Splits a child's output into `into`, line by line, calling `wake` after each chunk. */
export async function collectLines(
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

/** Runs a short command to completion and returns its output. */
export async function run(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdin: "null",
    env: { ...TEST_ENV, ...env },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}
