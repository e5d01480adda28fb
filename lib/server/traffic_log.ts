/**
 * The server's log of its traffic, written from the traffic events (`traffic.ts`), the same ones
 * the live view is drawn from: `[CONNECT]`, `[RECV]`, `[SEND]`, `[FWD]`, the `[WARN]` of a
 * client, the `[INFO]` of what the operator did, `[DISCONNECT]`. Only this module words them.
 *
 * @module
 */

import { framingNote } from "../core/message_framer.ts";
import { formatTelnetRun } from "../core/telnet_commands.ts";
import type { Ending, PeerCause } from "./client_connection.ts";
import { type Logger, quote } from "./logger.ts";
import type { Mode } from "./options.ts";
import type { Party, ReceivedMessage, TrafficEvent, TrafficListener } from "./traffic.ts";

/** The log's name for a connection: `#3 127.0.0.1:53280 alice`. */
export function describeParty(party: Party): string {
  const peer = party.peer === "" ? "" : " " + party.peer;
  return `#${party.conn}${peer}${party.label === undefined ? "" : " " + party.label}`;
}

/** Writes traffic events to a {@link Logger}. */
export class TrafficLog implements TrafficListener {
  readonly #log: Logger;
  readonly #pauseMs: number;
  readonly #mode: Mode;

  /**
   * `pauseMs` is the server's `--pause`, which the framing notes name; `mode` says who else
   * could have got a line relayed to nobody.
   */
  constructor(log: Logger, pauseMs: number, mode: Mode) {
    this.#log = log;
    this.#pauseMs = pauseMs;
    this.#mode = mode;
  }

  /** Each message is logged unless `--quiet`. */
  get wantsMessages(): boolean {
    return this.#log.verbose;
  }

  traffic(event: TrafficEvent): void {
    const log = this.#log;
    switch (event.type) {
      case "connect":
        return log.event(
          "CONNECT",
          `New client #${event.client.conn} ${event.client.peer} (${event.connected} connected)`,
        );
      case "refused":
        return log.event(
          "CONNECT",
          `New client #${event.client.conn} ${event.client.peer} refused: ${event.why}`,
        );
      case "unaccepted":
        return log.event("WARN", "a connection ended before it could be accepted");
      case "recv":
        return log.event("RECV", `${describeParty(event.client)} ${this.#received(event.message)}`);
      case "overflow":
        return log.event(
          "WARN",
          `${describeParty(event.client)} sent a line over ${event.maxLineBytes} bytes; discarded`,
        );
      case "send": {
        const { lines } = event;
        const what = lines.length === 1
          ? quote(lines[0])
          : `${lines.length} lines: ${lines.map((l) => quote(l)).join(" ")}`;
        return log.event("SEND", `${describeParty(event.client)} ${event.bytes} bytes: ${what}`);
      }
      case "send-telnet":
        return log.event(
          "SEND",
          `${describeParty(event.client)} ${event.bytes} bytes: telnet ${
            formatTelnetRun(event.commands)
          }`,
        );
      case "forward": {
        const from = describeParty(event.from);
        if (event.to.length === 0) {
          return log.event(
            "FWD",
            `${from} -> nobody: ${this.#nobody(event.alone)}; not sent: ` +
              quote(event.line),
          );
        }
        const names = event.named.map(describeParty);
        const more = event.to.length > names.length
          ? ` and ${event.to.length - names.length} more`
          : "";
        return log.event(
          "FWD",
          `${from} -> ${names.join(", ")}${more}: ${event.bytes} bytes each: ${quote(event.line)}`,
        );
      }
      case "warn":
        return log.event("WARN", `${describeParty(event.client)} is ${event.why}`);
      case "drop":
        return log.event("WARN", `${describeParty(event.client)} disconnected: ${event.why}`);
      case "kick":
        return log.event("INFO", `${describeParty(event.client)} ${kickedWhy(event.reason)}`);
      case "say": {
        const count = `${event.reached} ${event.reached === 1 ? "connection" : "connections"}`;
        return log.event("INFO", `console: say ${quote(event.text)} to ${count}`);
      }
      case "disconnect": {
        const seconds = ((event.at - event.openedAt) / 1000).toFixed(1);
        return log.event(
          "DISCONNECT",
          `#${event.client.conn} ${event.client.peer} ${describeEnding(event.ending)} after ` +
            `${seconds} s (${event.connected} connected)`,
        );
      }
    }
  }

  /** Why a relayed line reached nobody, in the `[FWD]` line's words. */
  #nobody(alone = true): string {
    if (!alone) return "every recipient was dropped";
    return this.#mode === "chat" ? "no other user is in the room" : "no other client is connected";
  }

  /** What a `[RECV]` line says after the connection's name. */
  #received(message: ReceivedMessage): string {
    switch (message.kind) {
      case "telnet":
        return `${message.bytes} bytes: telnet ${formatTelnetRun(message.commands)}` +
          framingNote(message, this.#pauseMs);
      case "overflow":
        // Not read: how it began is enough to recognise it, and the count maps it to packets.
        return `${message.bytes} bytes: over --max-line ${message.maxLineBytes}, not read: ` +
          quote(message.head + "…");
      case "discarded":
        return `${message.bytes} bytes: the rest of the line over --max-line ` +
          `${message.maxLineBytes}, not read`;
      case "partner":
        // Not a message: the rest of a newline whose line was already taken (docs/PROTOCOL.md,
        // "Framing"). Logged so that every byte received has its [RECV] line.
        return `1 bytes: ${message.byte} (the rest of the CR newline before)`;
      case "line":
        return `${message.bytes} bytes: ${quote(message.text)}${emptyLineNote(message)}` +
          framingNote(message, this.#pauseMs);
    }
  }
}

/**
 * Why a kicked client's connection is closed, as its `[INFO]` and `[DISCONNECT]` lines say:
 * `reason` is what the operator typed after `kick WHO`, maybe nothing.
 */
export function kickedWhy(reason: string): string {
  return reason === "" ? "kicked from the console" : `kicked from the console: ${reason}`;
}

/**
 * What an empty line is, for its `[RECV]` line: `1 bytes: ""` alone puzzles a reader. One or two
 * bytes are a line end alone (LF; CR LF or CR NUL); more were typed, then erased with BS or DEL.
 */
function emptyLineNote(item: ReceivedMessage): string {
  if (item.kind !== "line" || item.text !== "") return "";
  return item.end === "newline" && item.bytes <= 2
    ? " (an empty line: Enter alone)"
    : " (an empty line: what was typed was erased)";
}

/** How the peer went away, as the capture shows it. */
const PEER_ENDINGS: Readonly<Record<PeerCause, string>> = {
  closed: "closed by peer (FIN)",
  reset: "reset by peer (RST)",
  "timed-out": "timed out: its machine stopped answering (no ACK to keep-alive probes or data)",
};

/** The `[DISCONNECT]` wording, naming the TCP flag a student will find in the capture. */
export function describeEnding(ending: Ending): string {
  switch (ending.by) {
    case "peer":
      return PEER_ENDINGS[ending.cause];
    case "server":
      return `closed by server (FIN): ${ending.why}`;
    case "dropped":
      return `dropped by server: ${ending.why}`;
  }
}
