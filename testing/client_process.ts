/**
 * Test support: the terminal client as a separate process driven through pipes, the way a script
 * runs it (`printf ... | deno task client`).
 *
 * @module
 */

import { ChildOutput, TEST_ENV } from "./process.ts";
import { firstMatch } from "./wait_until.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const encoder = new TextEncoder();

/** A client process: type lines into it, read what it prints. */
export class ClientProcess {
  /** Everything printed on standard output (the server's lines), line by line. */
  readonly stdout: string[];
  /** Everything printed on standard error (the client's own lines). */
  readonly stderr: string[];
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #output: ChildOutput;
  #next = 0;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#output = new ChildOutput(child);
    this.stdout = this.#output.stdout;
    this.stderr = this.#output.stderr;
  }

  /**
   * Starts `deno run main_client.ts ARGS` with piped standard streams, without colours and in
   * English whatever the machine's locale, unless `env` says otherwise.
   */
  static start(args: string[], env: Record<string, string> = {}): ClientProcess {
    const command = ["run", "--allow-net", "--allow-env", "main_client.ts", ...args];
    return ClientProcess.spawn(Deno.execPath(), command, { env });
  }

  /** Types `text` and a LF. */
  async type(text: string): Promise<void> {
    await this.#stdin.write(encoder.encode(text + "\n"));
  }

  /** Ends the input, as the end of a piped file does. */
  async endInput(): Promise<void> {
    await this.#stdin.close();
  }

  /** Consumes stdout lines up to and including the first that matches `pattern`. */
  until(pattern: RegExp, ms?: number): Promise<string> {
    return this.#output.wait(
      () => {
        while (this.#next < this.stdout.length) {
          const line = this.stdout[this.#next++];
          if (pattern.test(line)) return line;
        }
      },
      `a line matching ${pattern}`,
      ms,
    );
  }

  /** Waits for a stderr line matching `pattern`. */
  status(pattern: RegExp, ms?: number): Promise<string> {
    const what = `a status line matching ${pattern}`;
    return this.#output.wait(firstMatch(this.stderr, pattern), what, ms);
  }

  /**
   * Starts any client program the way a script runs it (stdin and stdout piped): a compiled
   * `chat-client`, `nc`, or a shell command from the README.
   */
  static spawn(
    program: string,
    args: string[],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ): ClientProcess {
    const child = new Deno.Command(program, {
      args,
      cwd: options.cwd ?? ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { ...TEST_ENV, ...options.env },
    }).spawn();
    return new ClientProcess(child);
  }

  /** The process's id, e.g. to signal its whole process group. */
  get pid(): number {
    return this.#child.pid;
  }

  /** The stdout lines no `until` has consumed yet. */
  unread(): string[] {
    return this.stdout.slice(this.#next);
  }

  /** Sends the process a signal, as Ctrl+C in its terminal or `kill` would. */
  kill(signal: Deno.Signal): void {
    this.#child.kill(signal);
  }

  /** Waits for the process to end; returns its exit code. */
  async exit(): Promise<number> {
    const status = await this.#child.status;
    await this.#output.done;
    await this.#stdin.close().catch(() => {});
    return status.code;
  }
}
