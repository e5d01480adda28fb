/**
 * Test support: a real capture with tshark on the loopback interface, as a student makes one
 * (capture filter `tcp port PORT`), started before the clients and stopped once every
 * connection's end is in the file.
 *
 * @module
 */

import { waitForEnd } from "../lib/capture/capture_end.ts";

const START_MS = 10_000;

/** tshark writing a capture. */
export class LiveCapture {
  readonly file: string;
  readonly port: number;
  readonly #child: Deno.ChildProcess;

  private constructor(child: Deno.ChildProcess, file: string, port: number) {
    this.#child = child;
    this.file = file;
    this.port = port;
  }

  /** Starts capturing `tcp port PORT` into `file`; resolves once tshark is capturing. */
  static async start(file: string, port: number): Promise<LiveCapture> {
    const child = new Deno.Command("tshark", {
      args: ["-i", "lo", "-f", `tcp port ${port}`, "-w", file, "-q", "-a", "duration:120"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // tshark says "Capturing on 'Loopback: lo'" once packets are being recorded.
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let said = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), START_MS);
    while (!said.includes("Capturing on")) {
      const { value, done } = await reader.read();
      if (done) {
        clearTimeout(timer);
        throw new Error(`tshark did not start capturing: ${said}`);
      }
      said += value;
    }
    clearTimeout(timer);
    // Keep draining its messages so that tshark never blocks on a full pipe.
    void (async () => {
      while (!(await reader.read()).done) { /* nothing to keep */ }
    })();
    return new LiveCapture(child, file, port);
  }

  /** Waits until every connection has ended in the file, then stops tshark. */
  async stop(): Promise<void> {
    await waitForEnd(this.file, this.port);
    this.#child.kill("SIGINT");
    await this.#child.status;
  }
}
