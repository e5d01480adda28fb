/**
 * `deno task grade --capture FILE --log FILE [--port 3333]`: the edge of the hand-in check. It
 * reads the files (one clear line when one is missing or is not a capture), asks tshark for the
 * segments and payloads, and prints the verdict: a summary and one line per problem, or `--json`
 * one object `{summary, problems}`. Exit code 0 without problems, 1 with any, 2 when a
 * file cannot be read.
 *
 * @module
 */

import { readCapture } from "../capture/payloads.ts";
import { captureFileProblem, readLogFile } from "./handin_files.ts";
import { formatStreams } from "../capture/streams.ts";
import { tsharkProblem } from "../capture/tshark.ts";
import { userPath } from "../cli.ts";
import { writeAll } from "../io.ts";
import { type Handin, judgeHandin } from "./handin.ts";
import type { HandinCheckId } from "./checks.ts";
import type { HandinOptions } from "./options.ts";
import { GRADE_TEXTS } from "./texts.ts";

/** The most problems printed one per line; the rest are counted. */
const SHOWN_PROBLEMS = 40;

/** The first line of tshark's complaint, without its own name in front. */
function tsharkSays(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").slice(1).filter((l) => l.trim() !== "");
  return (lines[0] ?? text).replace(/^tshark: /, "").trim();
}

/** Checks a hand-in and prints the verdict; returns the exit code. */
export async function checkHandin(options: HandinOptions): Promise<number> {
  const t = GRADE_TEXTS[options.lang];
  const fail = (message: string) => {
    console.error(`tcpchat-grade: ${message}`);
    return 2;
  };
  const capture = userPath(options.capture);
  const unusable = await captureFileProblem(options.capture);
  if (unusable !== null) return fail(unusable(t));
  const log = await readLogFile(options.log);
  if (typeof log !== "string") return fail(log(t));
  if (await tsharkProblem({ capture: false }) !== null) return fail(t.errors.noTshark());
  let read;
  try {
    read = await readCapture(capture);
  } catch (error) {
    return fail(t.errors.notCapture(options.capture, tsharkSays(error)));
  }
  if (read === null) {
    return fail(t.handin.captureTooBig(options.capture));
  }
  const { segments, payloads } = read;
  const onPort = segments.filter((s) => s.srcPort === options.port || s.dstPort === options.port);
  if (onPort.length === 0) {
    const message = segments.length === 0
      ? t.handin.noTcp()
      : t.handin.noPackets(options.port, capturePorts(segments));
    writeAll(
      Deno.stdout,
      (options.json
        ? handinJson(options, { streams: [], messages: 0, senders: 0 }, [
          { kind: "handin.clients", message },
        ])
        : message) + "\n",
    );
    return 1;
  }
  const verdict = judgeHandin(segments, payloads, log, options.port);
  const problems = verdict.problems.map((p) => ({ kind: p.kind, message: p.say(t) }));
  if (options.json) {
    writeAll(Deno.stdout, handinJson(options, verdict, problems) + "\n");
    return problems.length === 0 ? 0 : 1;
  }
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `PROBLEM: ${p.message}`);
  if (problems.length > SHOWN_PROBLEMS) shown.push(`… ${problems.length - SHOWN_PROBLEMS} more`);
  writeAll(
    Deno.stdout,
    [
      `${t.handin.heading(options.capture, options.port)}: ${
        t.handin.summary(verdict.streams.length, verdict.messages, verdict.senders)
      }`,
      t.handin.streams,
      formatStreams(verdict.streams, t.handin.table),
      "",
      ...(problems.length === 0 ? [t.handin.ok(options.port)] : shown),
    ].join("\n") + "\n",
  );
  return problems.length === 0 ? 0 : 1;
}

/**
 * The verdict as one JSON object (docs/LAB.md, "--json"): `summary` (the files, the port, the
 * counts and each stream) and `problems` (`kind`, a `handin.*` check id, and `message`).
 */
function handinJson(
  options: HandinOptions,
  verdict: Pick<Handin, "streams" | "messages" | "senders">,
  problems: readonly { kind: HandinCheckId; message: string }[],
): string {
  return JSON.stringify({
    summary: {
      capture: options.capture,
      log: options.log,
      port: options.port,
      clients: verdict.streams.length,
      messages: verdict.messages,
      senders: verdict.senders,
      streams: verdict.streams.map((s) => ({
        stream: s.stream,
        clientPort: s.clientPort,
        handshake: s.handshake,
        ending: s.ending,
      })),
    },
    problems,
  });
}

/** The capture's TCP ports, servers first (the ports that got a SYN), at most 10. */
function capturePorts(
  segments: readonly { srcPort: number; dstPort: number; syn: boolean; ack: boolean }[],
): string {
  const servers = new Set(segments.filter((s) => s.syn && !s.ack).map((s) => s.dstPort));
  const all = [...servers, ...new Set(segments.flatMap((s) => [s.srcPort, s.dstPort]))];
  const unique = [...new Set(all)];
  return unique.slice(0, 10).join(", ") + (unique.length > 10 ? ", ..." : "");
}
