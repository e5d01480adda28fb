/**
 * Checking a hand-in: the capture (`tcp_multiclient_chat_capture.pcapng`) and the server's log
 * (`tcp_multiclient_server_output.txt`) held to what the lab asks. Pure: it reads the capture's
 * segments and payloads (lib/capture/) and the log's text, and returns the problems, one each.
 *
 * What is checked (the lab's section 6 and 7; the ids are checks.ts's `HANDIN_CHECKS`): at least 3
 * client connections to the port, each with its handshake and an ending (FIN or RST, from either
 * side: a client such as netcat may keep its side open after the server's FIN); at least 5
 * messages from at least 2 clients; at least 3 clients connected at the same time, with messages
 * sent meanwhile; every message relayed to every other client connected then;
 * every `[RECV]`/`[FWD]`/`[SEND]` line of the log paired with its packets by content (client
 * port, direction, the text or byte count, order: handin_log.ts); and the log's form
 * (handin_form.ts): the command that started the server first, the `OUTPUT_END` line, and the
 * student's 5-7 sentences below it.
 *
 * @module
 */

import { type StreamSummary, summarizeStreams } from "../capture/streams.ts";
import type { Segment } from "../capture/tshark.ts";
import { showBytes, showLine } from "./escape.ts";
import type { Say } from "./result.ts";
import { formProblems } from "./handin_form.ts";
import { parseLabLog } from "./server_log.ts";
import type { HandinCheckId } from "./checks.ts";
import { type HandinLogProblem, pairLogWithCapture } from "./handin_log.ts";
import type { ShownLogProblem } from "./handin_texts.ts";

/** What the lab asks for. Source: the handout, sections 6 ("3 clienți") and 7 ("5 mesaje"). */
export const MIN_CLIENTS = 3;
export const MIN_MESSAGES = 5;
export const MIN_SENDERS = 2;
/**
 * Clients connected at the same time. Source: the handout, sections 5 and 6: open at least 3
 * clients, send from one and see it arrive at the others ("conectați 3 clienți").
 */
export const MIN_TOGETHER = 3;

/** One problem of a hand-in: the check it fails (for --json) and its sentence. */
export interface Problem {
  readonly kind: HandinCheckId;
  readonly say: Say;
}

/** A message a client sent, as the capture shows it. */
interface Message {
  readonly stream: number;
  readonly clientPort: number;
  readonly frame: number;
  readonly bytes: Uint8Array;
}

/** The verdict on a hand-in. */
export interface Handin {
  readonly streams: readonly StreamSummary[];
  readonly messages: number;
  readonly senders: number;
  readonly problems: readonly Problem[];
}

const LF = 0x0a;
/** The most client ports named in one line; the rest are an ellipsis. */
const SHOWN_PORTS = 8;

/** Segments of `port`, without retransmissions of bytes already seen (by sequence number). */
function fresh(segments: readonly Segment[], port: number): Segment[] {
  const ends = new Map<string, number>();
  return segments.filter((s) => {
    if (s.srcPort !== port && s.dstPort !== port) return false;
    if (s.len === 0) return true;
    const key = `${s.stream}:${s.srcPort}`;
    const end = ends.get(key) ?? 0;
    if (s.seq + s.len <= end) return false;
    ends.set(key, s.seq + s.len);
    return true;
  });
}

/** The messages of every client: each data segment's lines (a segment without LF is one). */
function messagesOf(
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  port: number,
): Message[] {
  const out: Message[] = [];
  for (const s of segments) {
    if (s.dstPort !== port || s.len === 0) continue;
    const data = payloads.get(s.frame) ?? new Uint8Array();
    let start = 0;
    for (let i = 0; i <= data.length; i++) {
      if (i < data.length && data[i] !== LF) continue;
      let end = i;
      if (end > start && data[end - 1] === 0x0d) end--;
      if (end > start) {
        out.push({
          stream: s.stream,
          clientPort: s.srcPort,
          frame: s.frame,
          bytes: data.slice(start, end),
        });
      }
      start = i + 1;
    }
  }
  return out;
}

/** Latin-1 view of bytes, so `indexOf` can search bytes. */
function binary(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** For each stream, what the server sent it: the bytes, and the frame that started each part. */
function sentToClients(
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  port: number,
) {
  const byStream = new Map<number, { text: string; starts: [number, number][] }>();
  for (const s of segments) {
    if (s.srcPort !== port || s.len === 0) continue;
    const entry = byStream.get(s.stream) ?? { text: "", starts: [] };
    entry.starts.push([s.frame, entry.text.length]);
    entry.text += binary(payloads.get(s.frame) ?? new Uint8Array());
    byStream.set(s.stream, entry);
  }
  return byStream;
}

/** The frames where a stream began (its first packet) and ended (its first FIN or RST). */
function lifetimes(segments: readonly Segment[]) {
  const life = new Map<number, { from: number; to: number }>();
  for (const s of segments) {
    const l = life.get(s.stream) ?? { from: s.frame, to: Infinity };
    if ((s.fin || s.rst) && l.to === Infinity) l.to = s.frame;
    life.set(s.stream, l);
  }
  return life;
}

/** Judges a hand-in; `segments` are the capture's TCP segments, `log` the server's log. */
export function judgeHandin(
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  log: string,
  port: number,
): Handin {
  const mine = fresh(segments, port);
  const streams = summarizeStreams(mine, port);
  const problems: Problem[] = [];
  if (streams.length < MIN_CLIENTS) {
    problems.push({
      kind: "handin.clients",
      say: (t) => t.handin.fewClients(streams.length, port),
    });
  }
  for (const s of streams) {
    if (!s.handshake) {
      problems.push({
        kind: "handin.handshake",
        say: (t) => t.handin.noHandshake(s.stream, s.clientPort),
      });
    }
    if (s.ending === "still open") {
      problems.push({
        kind: "handin.ended",
        say: (t) => t.handin.notEnded(s.stream, s.clientPort),
      });
    }
  }
  const messages = messagesOf(mine, payloads, port);
  const senders = new Set(messages.map((m) => m.stream)).size;
  if (messages.length < MIN_MESSAGES) {
    problems.push({ kind: "handin.messages", say: (t) => t.handin.fewMessages(messages.length) });
  }
  if (senders < MIN_SENDERS) {
    problems.push({ kind: "handin.senders", say: (t) => t.handin.fewSenders(senders) });
  }
  problems.push(...relayProblems(mine, payloads, port, messages, streams));
  problems.push(...logProblems(log, mine, payloads, port));
  problems.push(...formProblems(log));
  return { streams, messages: messages.length, senders, problems };
}

/** The most streams open at once, by the frames where each began and ended. */
function mostAtOnce(life: ReadonlyMap<number, { from: number; to: number }>): number {
  const edges = [...life.values()].flatMap((l) => [[l.from, 1], [l.to, -1]] as const)
    // At one frame, an ending comes before a beginning: touching is not overlapping.
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, open += step);
  return most;
}

function relayProblems(
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  port: number,
  messages: readonly Message[],
  streams: readonly StreamSummary[],
): Problem[] {
  const sent = sentToClients(segments, payloads, port);
  const life = lifetimes(segments);
  const problems: Problem[] = [];
  const most = mostAtOnce(life);
  if (streams.length > 0 && most < MIN_TOGETHER) {
    problems.push({ kind: "handin.together", say: (t) => t.handin.notTogether(most) });
  }
  let withReceivers = 0;
  let relayed = 0;
  const missed: Problem[] = [];
  for (const m of messages) {
    let receivers = 0;
    let reached = 0;
    for (const other of streams) {
      const l = life.get(other.stream)!;
      if (other.stream === m.stream || l.from > m.frame || l.to < m.frame) continue;
      receivers++;
      const to = sent.get(other.stream);
      const from = to?.starts.find(([frame]) => frame > m.frame)?.[1];
      if (to !== undefined && from !== undefined && to.text.indexOf(binary(m.bytes), from) !== -1) {
        reached++;
        continue;
      }
      missed.push({
        kind: "handin.relayed",
        say: (t) =>
          t.handin.notRelayed(showBytes(m.bytes, 40), m.clientPort, m.frame, other.clientPort),
      });
    }
    if (receivers > 0) withReceivers++;
    if (reached > 0) relayed++;
  }
  if (messages.length > 0 && withReceivers === 0) {
    problems.push({ kind: "handin.together", say: (t) => t.handin.nothingToRelay() });
  } else if (withReceivers > 0 && relayed === 0) {
    // One line says it all: the server relays nothing (each missed delivery would repeat it).
    problems.push({
      kind: "handin.relayed",
      say: (t) => t.handin.noneRelayed(withReceivers),
    });
    return problems;
  }
  return [...problems, ...missed];
}

function logProblems(
  log: string,
  segments: readonly Segment[],
  payloads: ReadonlyMap<number, Uint8Array>,
  port: number,
): Problem[] {
  const perMessage = parseLabLog(log).filter((e) =>
    e.tag === "RECV" || e.tag === "FWD" || e.tag === "SEND"
  );
  if (perMessage.length === 0) return [{ kind: "handin.log", say: (t) => t.handin.noLogLines() }];
  return pairLogWithCapture(log, segments, payloads, port).map((p) => {
    const view = shown(p);
    return { kind: "handin.log", say: (t) => t.handin.logProblem(view) };
  });
}

/** The text of packet lines, quoted and escaped, without the newline that ends each. */
const wireText = (bytes: Uint8Array) =>
  showBytes(bytes.at(-1) === LF ? bytes.subarray(0, bytes.at(-2) === 0x0d ? -2 : -1) : bytes, 60);

/** A problem with the log's lines and the packets' text escaped and bounded, as printed. */
function shown(p: HandinLogProblem): ShownLogProblem {
  switch (p.kind) {
    case "unnamed":
    case "noPacket":
    case "portAbsent":
      return { ...p, line: showLine(p.line) };
    case "otherSession":
      return {
        kind: "otherSession",
        ports: p.ports.slice(0, SHOWN_PORTS).join(", ") +
          (p.ports.length > SHOWN_PORTS ? ", …" : ""),
      };
    case "unlogged":
      return {
        kind: "unlogged",
        way: p.wire[0].way,
        port: p.wire[0].port,
        frames: [...new Set(p.wire.flatMap((w) => w.frames))],
        bytes: p.wire.reduce((n, w) => n + w.bytes.length, 0),
        text: wireText(p.wire[0].bytes),
        lines: p.wire.length,
      };
    case "differs":
      return {
        kind: "differs",
        line: showLine(p.line),
        frames: p.wire.frames,
        bytes: p.wire.bytes.length,
        text: wireText(p.wire.bytes),
      };
  }
}
