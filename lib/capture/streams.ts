/**
 * What a capture says about each TCP connection: its client port, its packets, whether the
 * three-way handshake is there, and how it ended (FIN from which side first, or an RST).
 *
 * @example
 * ```ts
 * import { summarizeStreams } from "./streams.ts";
 * import { equal } from "node:assert/strict";
 *
 * const base = { time: 0, stream: 0, seq: 1, len: 0, syn: false, ack: true, fin: false, rst: false };
 * const toServer = { srcPort: 50000, dstPort: 3333 };
 * const toClient = { srcPort: 3333, dstPort: 50000 };
 * const [s] = summarizeStreams([
 *   { ...base, ...toServer, frame: 1, syn: true, ack: false },
 *   { ...base, ...toClient, frame: 2, syn: true },
 *   { ...base, ...toServer, frame: 3 },
 *   { ...base, ...toServer, frame: 4, rst: true },
 * ], 3333);
 * equal(s.handshake, true);
 * equal(s.ending, "client RST");
 * ```
 * @module
 */

import type { Segment } from "./tshark.ts";

/** Which end of a connection sent a segment. */
export type Side = "client" | "server";

/** One connection as the capture shows it. */
export interface StreamSummary {
  readonly stream: number;
  readonly clientPort: number;
  readonly packets: number;
  /** Segments carrying data, each way. */
  readonly dataToServer: number;
  readonly dataToClient: number;
  /** SYN from the client, then SYN+ACK from the server, then the client's ACK. */
  readonly handshake: boolean;
  /** Each side's first FIN and first RST, in the order they appeared: `server FIN, client FIN`. */
  readonly ending: string;
  /** Over on the wire: an RST, or both FINs and the ACK of the last one. */
  readonly finished: boolean;
  /** The server will send nothing more: it sent its FIN, or either side an RST. */
  readonly serverEnded: boolean;
}

/** Summarises every stream of a capture of a server listening on `serverPort`. */
export function summarizeStreams(
  segments: readonly Segment[],
  serverPort: number,
): StreamSummary[] {
  const byStream = new Map<number, Segment[]>();
  for (const s of segments) {
    const list = byStream.get(s.stream);
    if (list) list.push(s);
    else byStream.set(s.stream, [s]);
  }
  return [...byStream.entries()].sort(([a], [b]) => a - b).map(([stream, list]) =>
    summarize(stream, list, serverPort)
  );
}

function summarize(stream: number, list: readonly Segment[], serverPort: number): StreamSummary {
  const side = (s: Segment): Side => s.srcPort === serverPort ? "server" : "client";
  const first = list[0];
  const clientPort = side(first) === "server" ? first.dstPort : first.srcPort;
  const syn = list.findIndex((s) => s.syn && !s.ack && side(s) === "client");
  const synAck = list.findIndex((s, i) => i > syn && s.syn && s.ack && side(s) === "server");
  const ack = list.findIndex((s, i) => i > synAck && !s.syn && s.ack && side(s) === "client");
  const closes: string[] = [];
  const finBy = new Set<Side>();
  let lastFin = -1;
  let rst = false;
  for (const [i, s] of list.entries()) {
    if (s.rst) {
      // A reset peer answers every late segment with another RST: name it once.
      if (!closes.includes(`${side(s)} RST`)) closes.push(`${side(s)} RST`);
      rst = true;
    } else if (s.fin && !finBy.has(side(s))) {
      closes.push(`${side(s)} FIN`);
      finBy.add(side(s));
      lastFin = i;
    }
  }
  const lastFinAcked = finBy.size === 2 &&
    list.some((s, i) => i > lastFin && s.ack && !s.fin && side(s) !== side(list[lastFin]));
  return {
    stream,
    clientPort,
    packets: list.length,
    dataToServer: list.filter((s) => s.len > 0 && side(s) === "client").length,
    dataToClient: list.filter((s) => s.len > 0 && side(s) === "server").length,
    handshake: syn >= 0 && synAck > syn && ack > synAck,
    ending: closes.length === 0 ? "still open" : closes.join(", "),
    finished: rst || lastFinAcked,
    serverEnded: rst || finBy.has("server"),
  };
}

/** The words of the table: its column headers, and what a missing handshake is called. */
export interface StreamTableWords {
  readonly headers: readonly [string, string, string, string, string, string, string];
  readonly notCaptured: string;
}

/** The table's words in English (Wireshark's own names stay as they are in every language). */
export const STREAM_TABLE_EN: StreamTableWords = {
  headers: [
    "tcp.stream",
    "client port",
    "packets",
    "data →server",
    "data →client",
    "handshake",
    "ending (first to last)",
  ],
  notCaptured: "not captured",
};

/** The summary as a table for a terminal. */
export function formatStreams(
  streams: readonly StreamSummary[],
  words: StreamTableWords = STREAM_TABLE_EN,
): string {
  const rows = streams.map((s) => [
    String(s.stream),
    String(s.clientPort),
    String(s.packets),
    String(s.dataToServer),
    String(s.dataToClient),
    s.handshake ? "SYN, SYN-ACK, ACK" : words.notCaptured,
    s.ending,
  ]);
  const table = [[...words.headers], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return table.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd())
    .join("\n");
}
