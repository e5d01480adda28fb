/**
 * Test support: the students' own Python clients (`tests/clients/*.py`), run the way the lab
 * says: set `PORT` to the server's port, run it with python3, type lines at it.
 *
 * @module
 */

import { Changes, waitUntil } from "./wait_until.ts";

const CLIENTS = new URL("../tests/clients/", import.meta.url);

/** One of the Python clients kept under tests/clients/. */
export type PythonScript = "course_client.py" | "threaded_client.py";

/** A running Python client: what the user typed in, and what it printed. */
export class PythonClient {
  /** Everything printed so far. */
  output = "";
  #errors = "";
  #seen = 0;
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #done: Promise<void>;
  readonly #changes = new Changes();

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#done = Promise.all([
      this.#collect(child.stdout, (text) => this.output += text),
      this.#collect(child.stderr, (text) => this.#errors += text),
    ]).then(() => {});
  }

  /** Starts `script` with its `PORT = ...` line changed to `port`, the lab's one edit. */
  static async start(script: PythonScript, port: number): Promise<PythonClient> {
    const source = await Deno.readTextFile(new URL(script, CLIENTS));
    const edited = source.replace(/^PORT = \d+$/m, `PORT = ${port}`);
    if (edited === source) throw new Error(`${script} has no PORT = line to edit`);
    const child = new Deno.Command("python3", {
      args: ["-c", edited],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      // print() output reaches the pipe at once, as it reaches a terminal.
      env: { PYTHONUNBUFFERED: "1" },
    }).spawn();
    return new PythonClient(child);
  }

  /** Types `text` and Enter; `input()` hands the program `text` without the newline. */
  async type(text: string): Promise<void> {
    await this.#stdin.write(new TextEncoder().encode(text + "\n"));
  }

  /** Waits until the output, after what earlier calls matched, matches `pattern`. */
  expect(pattern: RegExp, ms?: number): Promise<string> {
    return waitUntil(() => {
      const match = pattern.exec(this.output.slice(this.#seen));
      if (!match) return undefined;
      this.#seen += match.index + match[0].length;
      return match[0];
    }, {
      what: `output matching ${pattern}`,
      seen: () =>
        `after what was already matched:\n${
          this.output.slice(this.#seen)
        }\nstderr:\n${this.#errors}`,
      ms,
      changes: this.#changes,
    });
  }

  /** Ends the program, as closing its window does: its socket closes with it. */
  async close(): Promise<void> {
    await this.#stdin.close().catch(() => {});
    try {
      // The naive loop may be blocked in recv(), where the end of input cannot reach it.
      this.#child.kill("SIGTERM");
    } catch {
      // It had already exited.
    }
    await this.#child.status;
    await this.#done;
  }

  async #collect(stream: ReadableStream<Uint8Array>, add: (text: string) => void): Promise<void> {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      add(text);
      this.#changes.notify();
    }
  }
}
