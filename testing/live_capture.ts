/**
 * Test support: a real capture with tshark on the loopback interface, as a student makes one
 * (capture filter `tcp port PORT`), started before the clients and stopped once every
 * connection's end is in the file.
 *
 * @module
 */

import { waitForEnd } from "../lib/capture/capture_end.ts";
import { readSegments } from "../lib/capture/tshark.ts";
import { freePort } from "./tools.ts";

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

  /**
   * Starts capturing `tcp port PORT` into `file`; resolves once packets really reach the file.
   * tshark says "Capturing on" a moment before it captures, so a canary connection to another
   * port (nothing listens there: a SYN and an RST) is knocked on until it shows in the file.
   */
  static async start(file: string, port: number): Promise<LiveCapture> {
    const canary = freePort();
    const filter = `tcp port ${port} or tcp port ${canary}`;
    const child = new Deno.Command("tshark", {
      args: ["-i", "lo", "-f", filter, "-w", file, "-q", "-a", "duration:120"],
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
    const deadline = Date.now() + START_MS;
    while (Date.now() < deadline) {
      await Deno.connect({ hostname: "127.0.0.1", port: canary }).then((c) => c.close(), () => {});
      const segments = await readSegments(file).catch(() => []);
      if (segments.some((s) => s.dstPort === canary)) return new LiveCapture(child, file, port);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGKILL");
    await child.status;
    throw new Error(`tshark captured nothing within ${START_MS} ms`);
  }

  /** Waits until every connection has ended in the file, then stops tshark. */
  async stop(): Promise<void> {
    await waitForEnd(this.file, this.port);
    this.#child.kill("SIGINT");
    await this.#child.status;
  }
}
