/**
 * What `scripts/capture.sh` prints after a capture, and how it knows the capture is complete.
 * For users, `deno task grade --capture FILE --log FILE [--port N]` checks a capture and its log
 * (any lab server's, not only tcpchat's demo) with one clear line per problem; this script stays
 * capture.sh's own step.
 *
 *   deno run --allow-run --allow-read scripts/capture_summary.ts [--log SERVER_LOG] FILE PORT
 *   deno run --allow-run --allow-read scripts/capture_summary.ts --wait FILE PORT
 *
 * The first form prints one row per TCP stream (handshake, packets, FIN or RST), the count of
 * lines of each kind the dissector found, and, given the server's log, the frame(s) of every
 * `[RECV]`, `[SEND]` and `[FWD]` line and the FIN or RST of every `[DISCONNECT]` line. `--wait`
 * returns once every stream in FILE has ended on the wire: the capture tool writes packets in
 * batches, so it must not be stopped before then.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { formatEndings, matchEndings, parseEndings } from "../lib/capture/log_endings.ts";
import {
  describeLogProblem,
  formatMatches,
  matchLogToPackets,
  parseLogEvents,
} from "../lib/capture/log_packets.ts";
import { formatStreams, summarizeStreams } from "../lib/capture/streams.ts";
import { readLines, readSegments } from "../lib/capture/tshark.ts";
import { WAIT_FOR_END_MS, waitForEnd } from "../lib/capture/capture_end.ts";

async function summary(file: string, port: number, logFile?: string): Promise<string[]> {
  const out: string[] = [];
  const segments = await readSegments(file);
  const streams = summarizeStreams(segments, port);
  out.push(`TCP streams (one per client connection):`, formatStreams(streams), "");

  const kinds = new Map<string, number>();
  for (const line of await readLines(file, port)) {
    kinds.set(line.kind, (kinds.get(line.kind) ?? 0) + 1);
  }
  const counted = [...kinds].sort(([, a], [, b]) => b - a).map(([kind, n]) => `${kind} ${n}`);
  out.push(`tcpchat lines by kind (tcpchat.kind): ${counted.join(", ")}`);

  if (logFile !== undefined) {
    const log = await Deno.readTextFile(logFile);
    const events = parseLogEvents(log);
    const { matched, problems, retransmissions } = matchLogToPackets(events, segments, port);
    const exact = matched.flatMap((m) => m.deliveries).filter((d) => d.exact).length;
    const all = matched.flatMap((m) => m.deliveries).length;
    out.push(
      "",
      `Server log ↔ packets: ${events.length} [RECV]/[SEND]/[FWD] lines, ${all} deliveries, ` +
        `${exact} of them exactly one TCP segment.` +
        // Not a fault: lines of one read (a paste) are relayed in one write, and share a segment.
        (exact < all
          ? " The others share a segment with other lines (several lines in one read or one " +
            "write) or span several (a long line)."
          : ""),
      formatMatches(matched),
    );
    if (retransmissions.length > 0) {
      out.push(
        `Retransmitted (the same bytes again, no log line): frames ${retransmissions.join(", ")}`,
      );
    }
    if (problems.length === 0) {
      out.push("Every log line has its packets and every data packet its log line.");
    }
    for (const p of problems) out.push(`PROBLEM: ${describeLogProblem(p)}`);
    const endings = matchEndings(parseEndings(log), segments, port);
    out.push(
      "",
      "How each connection ended ([DISCONNECT] ↔ its FIN or RST):",
      formatEndings(endings),
    );
  }
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { wait: { type: "boolean", default: false }, log: { type: "string" } },
  });
  const [file, portText] = positionals;
  const port = Number(portText);
  if (!file || !Number.isInteger(port) || port < 1 || port > 65535) {
    console.error("usage: capture_summary.ts [--wait] [--log SERVER_LOG] FILE PORT");
    Deno.exit(2);
  }
  if (values.wait) {
    if (await waitForEnd(file, port)) return;
    console.error(`capture: some connection in ${file} had not ended after ${WAIT_FOR_END_MS} ms`);
    Deno.exit(1);
  }
  console.log((await summary(file, port, values.log)).join("\n"));
}

if (import.meta.main) await main();
