/**
 * The hand-in check's sentences in English (`grade --capture F --log F`), apart from the live
 * grader's: its check titles and its problems. {@link HANDIN_EN} defines the shape; the Romanian
 * catalogue (`handin_texts_ro.ts`) must have the same keys.
 *
 * @module
 */

import type { Shape } from "../core/texts.ts";
import { STREAM_TABLE_EN } from "../capture/streams.ts";
import type { HandinCheckId } from "./checks.ts";

const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** A size in MiB, as the limits are named. */
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
const frames = (f: readonly number[]) => `${f.length === 1 ? "frame" : "frames"} ${f.join(", ")}`;

/**
 * A log line or packets without a partner (handin_log.ts, `HandinLogProblem`), ready to print:
 * the log's line and the packets' text escaped and bounded; `bytes` as `tcp.len` counts them.
 */
export type ShownLogProblem =
  | { readonly kind: "unnamed"; readonly count: number; readonly line: string }
  | {
    readonly kind: "unlogged";
    readonly way: "from" | "to";
    readonly port: number;
    readonly frames: readonly number[];
    readonly bytes: number;
    /** The first line's text, quoted. */
    readonly text: string;
    readonly lines: number;
  }
  | { readonly kind: "noPacket"; readonly line: string }
  | { readonly kind: "otherSession"; readonly ports: string }
  | {
    readonly kind: "portAbsent";
    readonly port: number;
    readonly lines: number;
    readonly line: string;
  }
  | {
    readonly kind: "differs";
    readonly line: string;
    readonly frames: readonly number[];
    readonly bytes: number;
    readonly text: string;
  };

/** A {@link ShownLogProblem} in English. */
function logProblemEn(p: ShownLogProblem): string {
  switch (p.kind) {
    case "unnamed":
      return `${p.count} recipients are not named: ${p.line}`;
    case "unlogged":
      return `no log line for ${s(p.bytes, "byte", "bytes")} ${p.way} client port ${p.port}: ${
        p.lines === 1 ? p.text : `${p.lines} lines, the first ${p.text}`
      } (${frames(p.frames)})`;
    case "noPacket":
      return `no packet carries this log line: ${p.line}`;
    case "otherSession":
      return `none of the log's client ports (${p.ports}) is in the capture: the log and the capture are from different sessions; hand in the two files of one session (deno task record writes both)`;
    case "portAbsent":
      return `client port ${p.port} is in ${
        s(p.lines, "log line", "log lines")
      } but in no packet of the capture (the first: ${p.line})`;
    case "differs":
      return `this log line does not match its packet: ${p.line}; ${frames(p.frames)} ${
        p.frames.length === 1 ? "carries" : "carry"
      } ${s(p.bytes, "byte", "bytes")}: ${p.text}`;
  }
}

/** What each check of a hand-in holds it to, by id. */
export const HANDIN_TITLES_EN: Readonly<Record<HandinCheckId, string>> = {
  "handin.clients": "at least 3 client connections (TCP streams) to the port",
  "handin.handshake": "each connection's handshake (SYN, SYN-ACK, ACK) is in the capture",
  "handin.ended": "each connection ends in the capture (a FIN or an RST, from either side)",
  "handin.messages": "at least 5 messages from clients",
  "handin.senders": "messages from at least 2 different clients",
  "handin.together": "at least 3 clients connected at the same time, and messages sent meanwhile",
  "handin.relayed": "every message reached every other client connected then",
  "handin.log":
    "every [RECV] and [FWD] line of the log matches its packets (client port, text or byte count, order)",
  "handin.command": "the log's first line is the command that started the server (`$ python3 ...`)",
  "handin.explanation":
    "5-7 sentences at the end of the log, after the server's output (the lab's section 7)",
};

/** The hand-in check's problems and words, in English. */
export const HANDIN_EN = {
  ok: (port: number) => `no problems: the capture and the log of port ${port} agree with the lab`,
  streams: "TCP streams (one per client connection):",
  table: STREAM_TABLE_EN,
  heading: (capture: string, port: number) => `${capture}, port ${port}`,
  summary: (streams: number, messages: number, senders: number) =>
    `${s(streams, "client connection", "client connections")}, ${
      s(messages, "message", "messages")
    } from ${s(senders, "client", "clients")}`,
  noPackets: (port: number, ports: string) =>
    `no packets on port ${port} in this capture; its TCP ports are ${ports} (use --port)`,
  noTcp: () => "this capture has no TCP packets at all",
  fewClients: (n: number, port: number) =>
    `only ${
      s(n, "client connection", "client connections")
    } to port ${port} in the capture; the lab asks for at least 3`,
  noHandshake: (stream: number, port: number) =>
    `tcp.stream ${stream} (client port ${port}): its handshake (SYN, SYN-ACK, ACK) is not in the capture: start the capture before the clients connect`,
  notEnded: (stream: number, port: number) =>
    `tcp.stream ${stream} (client port ${port}) has not ended in the capture (no FIN or RST): stop the capture after the clients leave`,
  fewMessages: (n: number) =>
    `only ${s(n, "message", "messages")} from clients in the capture; the lab asks for at least 5`,
  fewSenders: (n: number) =>
    `messages from only ${s(n, "client", "clients")}; the lab asks for messages from at least 2`,
  notTogether: (most: number) =>
    `${
      most <= 1
        ? "no two clients were ever connected at the same time"
        : `at most ${most} clients were connected at the same time`
    } in the capture: the lab asks for 3 at once (open all three, then send), so that each message can reach the others`,
  nothingToRelay: () =>
    "no message was sent while another client was connected: nothing could be relayed (send while the other clients are still connected)",
  noneRelayed: (n: number) =>
    `none of the ${
      s(n, "message", "messages")
    } sent while other clients were connected reached any of them: the server never relayed`,
  notRelayed: (text: string, from: number, frame: number, to: number) =>
    `the message ${text} from client port ${from} (frame ${frame}) never reached client port ${to}`,
  noLogLines: () =>
    "the log has no [RECV] or [FWD] lines with a client's address: is it the server's log of this session?",
  logProblem: (p: ShownLogProblem) => `log ↔ capture: ${logProblemEn(p)}`,
  /**
   * The line `deno task record` ends the server's output with: the student's sentences go
   * below it, and the log's lines are read only above it (server_log.ts, `OUTPUT_END`).
   */
  outputEnd: () =>
    "---- end of the server's output; below this line, your 5-7 sentences (the lab's section 7) ----",
  emptyFile: (what: string, path: string) =>
    `${what} ${path} is an empty file (0 bytes): was it saved before anything was written to it? Record it again`,
  fileTooBig: (what: string, path: string, size: number, max: number) =>
    `${what} ${path} is too big (${mib(size)}; the check reads at most ${
      mib(max)
    }): a lab's ${what} is a few KiB; is it the file of one session?`,
  captureTooBig: (path: string) =>
    `capture ${path} is too big (over 64 MiB of TCP data; a lab's capture is a few KiB): did it record more than the chat? Capture only the chat's port (tcp port 3333)`,
  noCommand: () =>
    "the log's first line is not the command that started the server: the lab asks for it (`$ python3 server.py 3333`, as `deno task record` writes it)",
  noOutputEnd: () =>
    "the log has no line `---- end of the server's output ... ----`: `deno task record` writes it after the server's last line; your 5-7 sentences go below it",
  fewSentences: (n: number) =>
    `${
      n === 0 ? "no sentences" : `only ${s(n, "sentence", "sentences")}`
    } after the server's output: the lab asks for 5 to 7 at the end of the log, of at least 3 words each (how the log shows that several clients were connected, and how its lines match the packets)`,
};

/** The shape every language's hand-in catalogue has. */
export type HandinTexts = Shape<typeof HANDIN_EN>;
