/**
 * Knowing when a capture that is still being written is complete: the capture tool writes
 * packets in batches, so stopping it as soon as the programs are done can cut the end of the last
 * connection off.
 *
 * @module
 */

import { summarizeStreams } from "./streams.ts";
import { readSegments } from "./tshark.ts";

/** How long {@link waitForEnd} waits by default for every connection to end, in ms. */
export const WAIT_FOR_END_MS = 15_000;
/** How often the file is read again, in ms. */
const POLL_MS = 250;

/**
 * Polls a capture file until every TCP connection to `port` in it has ended (an RST, or both FINs
 * and the last ACK), then once more with nothing new so the last ACKs are in too. Resolves false
 * after `timeoutMs` without that.
 */
export async function waitForEnd(
  file: string,
  port: number,
  timeoutMs = WAIT_FOR_END_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastCount = -1;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    // The file may not exist yet, or end in the middle of a block being written.
    const segments = await readSegments(file).catch(() => []);
    const streams = summarizeStreams(segments, port);
    const ended = streams.length > 0 && streams.every((s) => s.finished);
    if (ended && segments.length === lastCount) return true;
    lastCount = segments.length;
  }
  return false;
}
