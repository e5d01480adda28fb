/**
 * Knowing when a capture that is still being written is complete: the capture tool writes
 * packets in batches, so stopping it as soon as the programs are done can cut the end of the last
 * connection off.
 *
 * How late a packet can be: libpcap hands packets to dumpcap at most 250 ms after they were seen
 * (dumpcap.c, `CAP_READ_TIMEOUT`), and dumpcap flushes its file at least every 500 ms (its update
 * interval; `--update-interval` in newer versions, 100 ms by default there). So once nothing new
 * has been written for {@link QUIET_MS}, more than twice both, nothing that already happened on
 * the wire is missing from the file.
 *
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import { type StreamSummary, summarizeStreams } from "./streams.ts";
import { readSegments, type Segment } from "./tshark.ts";

/** How long {@link waitForEnd} waits by default for every connection to end, in ms. */
export const WAIT_FOR_END_MS = 15_000;
/** How long {@link waitUntilWritten} waits at most, in ms. */
export const WAIT_UNTIL_WRITTEN_MS = 10_000;
/** Nothing new in the file for this long: everything already seen by the kernel is in it, in ms. */
export const QUIET_MS = 2_000;
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
  const ended = await poll(
    file,
    port,
    timeoutMs,
    systemClock,
    (streams) => streams.length > 0 && streams.every((s) => s.finished) ? "complete" : undefined,
  );
  return ended === "complete";
}

/** Why {@link waitUntilWritten} stopped waiting. */
export type Written =
  /** Every connection ended on both sides, and nothing new came after. */
  | "complete"
  /** The server ended every connection (some clients never closed theirs), then quiet. */
  | "quiet"
  /** The time ran out: the last packets may be missing. */
  | "timed-out";

/**
 * After the server has stopped: polls a capture file until everything that happened is in it.
 * That is every connection ended on both sides (nothing new in the next read), or, as clients
 * may keep their side open, the server's end of every connection in the file and then nothing
 * new for {@link QUIET_MS} (also what an empty capture gives).
 */
export function waitUntilWritten(
  file: string,
  port: number,
  options: { timeoutMs?: number; quietMs?: number; clock?: Clock } = {},
): Promise<Written> {
  const quietMs = options.quietMs ?? QUIET_MS;
  return poll(
    file,
    port,
    options.timeoutMs ?? WAIT_UNTIL_WRITTEN_MS,
    options.clock ?? systemClock,
    (streams, quietFor) => {
      if (streams.length > 0 && streams.every((s) => s.finished)) return "complete";
      if (quietFor >= quietMs && streams.every((s) => s.serverEnded)) return "quiet";
      return undefined;
    },
  );
}

/**
 * Watches the file every {@link POLL_MS} until `done` says why to stop. The file's size says
 * whether anything new was written (the capture tool appends a block per packet, and flushes
 * them in batches); tshark reads the file only once its size has held for a poll, and once per
 * size: reading it is what costs (tshark starts in a fraction of a second of CPU, the size is a
 * stat), and a lab machine is busy enough while a session ends. `done` is told the streams and
 * for how long nothing new has come.
 */
async function poll<T extends string>(
  file: string,
  port: number,
  timeoutMs: number,
  clock: Clock,
  done: (streams: StreamSummary[], quietForMs: number) => T | undefined,
): Promise<T | "timed-out"> {
  const deadline = clock.now() + timeoutMs;
  let lastSize = -1;
  let quietSince = clock.now();
  let read: { size: number; streams: StreamSummary[] | null } | undefined;
  while (clock.now() < deadline) {
    await new Promise<void>((resolve) => clock.setTimeout(resolve, POLL_MS));
    const size = await sizeOf(file);
    if (size !== lastSize) {
      lastSize = size;
      quietSince = clock.now();
      continue;
    }
    if (read?.size !== size) {
      // The file may not exist yet, or end in the middle of a block being written.
      const segments: Segment[] | null = await readSegments(file).catch(() => null);
      read = { size, streams: segments && summarizeStreams(segments, port) };
    }
    if (read.streams === null) continue;
    const reason = done(read.streams, clock.now() - quietSince);
    if (reason !== undefined) return reason;
  }
  return "timed-out";
}

/** The file's size in bytes, or -1 when it cannot be seen (not created yet). */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await Deno.stat(file)).size;
  } catch {
    return -1;
  }
}
