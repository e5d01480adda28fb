/**
 * Test support: a real capture with tshark on the loopback interface around a piece of a test.
 * Tests that use it are ignored, with the reason, where `missing("loopback capture")` says so.
 *
 * @module
 */

import { waitForEnd } from "../lib/capture/capture_end.ts";
import { ChildOutput } from "./process.ts";
import { firstMatch } from "./wait_until.ts";

/**
 * Captures TCP port `port` on `lo` into `pcap` while `fn` runs; once `fn` is done, waits until
 * every connection in the file has ended on the wire (tshark writes in batches), then stops.
 */
export async function captureLoopback(
  port: number,
  pcap: string,
  fn: () => Promise<void>,
): Promise<void> {
  const tshark = new Deno.Command("tshark", {
    args: ["-i", "lo", "-f", `tcp port ${port}`, "-w", pcap, "-a", "duration:60", "-q"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = new ChildOutput(tshark);
  try {
    // tshark says "Capturing on 'Loopback: lo'" once packets are being recorded.
    await output.wait(firstMatch(output.stderr, /^Capturing on /), "tshark to start capturing");
    await fn();
    if (!await waitForEnd(pcap, port)) throw new Error(`a connection in ${pcap} had not ended`);
  } finally {
    try {
      tshark.kill("SIGINT");
    } catch {
      // It never started, or has ended.
    }
    await tshark.status;
    await output.done;
  }
}
