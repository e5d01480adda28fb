/**
 * The framing rule: where one client message ends, for every client a course uses.
 *
 * **A newline ends a message** (LF, CR LF, CR NUL or a CR alone). **So does a pause, for a client
 * that sends no newlines**, unless the connection behaves like a terminal. The server tells the
 * kinds of client apart by what arrives before the first message ends, and keeps its decision:
 *
 * A CR at the end of a read may still get its LF or NUL, so its message waits for the next byte
 * or a pause, whatever the kind. The pause ends the wait, never the CR: an LF or NUL that comes
 * later, however late, completes that newline (a `partner` item, no text), for every kind.
 *
 * | kind         | how the server recognises it                           | what ends a message |
 * | ------------ | ------------------------------------------------------ | ------------------- |
 * | `line`       | its first message ended with a newline (nc, socat, …) | a newline           |
 * | `telnet`     | it sent a telnet command (telnet.ts says when)         | a newline (Enter)   |
 * | `keystroke`  | its first message came one byte per read (a terminal) | a newline (Enter)   |
 * | `no-newline` | its first message was followed by a pause, no newline  | a newline or pause  |
 *
 * The no-newline kind is the course's Python client: `sock.sendall(input().encode())` sends what
 * was typed with no newline and waits for an answer, so only silence can end its message. A
 * terminal in character mode also pauses mid-line while its user thinks, which is why a telnet
 * command, or keystrokes arriving one per read, rule pauses out. A line client's pauses (a slow
 * network, a retransmission) never split its lines.
 *
 * The server reads people typing, so **the keys of a terminal's line editing edit the line**
 * (the {@link LineFramer} option `editing`): BS (0x08) and DEL (0x7F) erase the character before
 * them, Ctrl+U the line, Ctrl+C throws it away, as telnet's `EC`, `EL` and `IP` do. A terminal in
 * character mode sends each key as a byte and has shown the user the line as edited. Only this
 * input path edits; programs reading a server's output frame every byte as text.
 *
 * Telnet commands are taken out first (lib/core/telnet.ts, which also says when a connection is
 * telnet at all: before that, a 0xFF byte is text). Every item comes in the order its bytes
 * came, and every byte received is in exactly one item, so the server's log counts them all.
 *
 * Pure, with no clock: the caller arms a timer while {@link MessageFramer.awaitsPause} is true,
 * and calls {@link MessageFramer.pause} when the client has been quiet for the pause
 * (`--pause`, default {@link DEFAULT_PAUSE_MS} ms).
 *
 * @example The course client: a message with no newline, ended by a pause
 * ```ts
 * import { MessageFramer } from "./message_framer.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const framer = new MessageFramer({ maxLineBytes: 4096 });
 * deepEqual(framer.push(new TextEncoder().encode("alice")), []);
 * equal(framer.awaitsPause, true);
 * deepEqual(framer.pause(), [
 *   { kind: "line", text: "alice", bytes: 5, end: "pause", client: "no-newline" },
 * ]);
 * equal(framer.kind, "no-newline");
 * ```
 * @module
 */

import { type Framed, type FramedLine, LineFramer } from "./line_framer.ts";
import { TelnetFilter, type TelnetPiece } from "./telnet.ts";
import { lineEdit, type TelnetCommand } from "./telnet_commands.ts";
import { NO_OPTIONS, type TelnetOptions, telnetReply } from "./telnet_reply.ts";

/** Default quiet time that ends a message from a client that sends no newline. */
export const DEFAULT_PAUSE_MS = 250;

/** What the server takes a connection to be; `undecided` until its first message ends. */
export type ClientKind = "undecided" | "line" | "telnet" | "keystroke" | "no-newline";

/** Options for {@link MessageFramer}. */
export interface MessageFramerOptions {
  /** Longest accepted message in bytes, as edited, terminator excluded. */
  readonly maxLineBytes: number;
}

/** Telnet commands that came one after the other in one read, and the server's answer to them. */
export interface TelnetReceived {
  /** Tells this item from a {@link Framed} one. */
  readonly kind: "telnet";
  /** The commands, in the order they arrived. */
  readonly commands: readonly TelnetCommand[];
  /** Bytes the commands took on the wire, those that came in earlier reads included. */
  readonly bytes: number;
  /** What to send back (`telnetReply` in telnet_reply.ts); often nothing. */
  readonly reply: readonly TelnetCommand[];
  /** The client asked "are you there" (AYT): it is owed a visible line. */
  readonly here: boolean;
}

/**
 * What the framer found. `client` is set on the first item after the server decided (or changed)
 * the connection's kind, so the log can say once why the server treats it as it does.
 */
export type Received =
  | (FramedLine & { readonly client?: ClientKind })
  | Exclude<Framed, FramedLine>
  | (TelnetReceived & { readonly client?: ClientKind });

/** Frames one connection's messages by {@link MessageFramer | the framing rule}. */
export class MessageFramer {
  readonly #lines: LineFramer;
  readonly #telnet = new TelnetFilter();
  #telnetOptions: TelnetOptions = NO_OPTIONS;
  #kind: ClientKind = "undecided";
  #announced: ClientKind = "undecided";
  #singleByteReads = 0;

  /**
   * A framer for one new connection; `maxLineBytes` bounds what it holds. Throws a RangeError
   * unless `maxLineBytes` is a positive integer.
   */
  constructor(options: MessageFramerOptions) {
    this.#lines = new LineFramer({ maxLineBytes: options.maxLineBytes, editing: true });
  }

  /** What the server takes this connection to be. */
  get kind(): ClientKind {
    return this.#kind;
  }

  /** Bytes held for an unfinished message (bounded by `maxLineBytes`). */
  get pendingBytes(): number {
    return this.#lines.pendingBytes;
  }

  /** True when a pause from now on would end a message: the caller should arm its timer. */
  get awaitsPause(): boolean {
    if (this.#lines.awaitsNextByte) return true;
    const pauses = this.#kind === "undecided" || this.#kind === "no-newline";
    return pauses && (this.#lines.unfinished || this.#telnet.holding);
  }

  /** Feeds one read; returns what it completed, in the order its bytes came. */
  push(chunk: Uint8Array): Received[] {
    const pieces = this.#telnet.push(chunk);
    let data = 0;
    for (const piece of pieces) if (piece.type === "data") data += piece.bytes.length;
    if (this.#kind === "undecided" && data === 1 && ++this.#singleByteReads === 2) {
      this.#kind = "keystroke";
    }
    return this.#take(pieces);
  }

  /**
   * The client has been quiet for the pause: ends its message if the rule says a pause does, and
   * releases a message a CR ended (its LF or NUL may still come, and will still be the CR's).
   * Bytes held in case they began a telnet command were text.
   */
  pause(): Received[] {
    const held = this.#take(this.#telnet.flush());
    const endsMessage = this.#kind === "undecided" || this.#kind === "no-newline";
    return held.concat(
      this.#decide(endsMessage ? this.#lines.flush("pause") : [...this.#lines.settle()]),
    );
  }

  /** The peer closed: an unfinished message still counts. */
  end(): Received[] {
    return this.#take(this.#telnet.end()).concat(this.#decide(this.#lines.end()));
  }

  /**
   * Frames text pieces, and makes each run of commands one item, answered (telnet_reply.ts); a
   * command that edits the line being typed edits it where it came.
   */
  #take(pieces: readonly TelnetPiece[]): Received[] {
    const out: Received[] = [];
    let commands: TelnetCommand[] = [];
    let bytes = 0;
    const answer = () => {
      if (commands.length === 0) return;
      const { options, reply, here } = telnetReply(this.#telnetOptions, commands);
      this.#telnetOptions = options;
      out.push(this.#announce({ kind: "telnet", commands, bytes, reply, here }));
      commands = [];
      bytes = 0;
    };
    for (const piece of pieces) {
      if (piece.type === "data") {
        answer();
        if (piece.wire > piece.bytes.length) this.#lines.countWire(piece.wire - piece.bytes.length);
        out.push(...this.#decide(this.#lines.push(piece.bytes)));
        continue;
      }
      this.#kind = "telnet";
      commands.push(piece.command);
      bytes += piece.bytes;
      const edit = lineEdit(piece.command);
      if (edit) this.#lines.erase(edit);
    }
    answer();
    return out;
  }

  /** Decides an undecided kind from the first message's ending, and marks the news. */
  #decide(items: Framed[]): Received[] {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind !== "line") continue;
      if (this.#kind === "undecided" && item.end !== "close") {
        this.#kind = item.end === "pause" ? "no-newline" : "line";
      }
      items[i] = this.#announce(item);
    }
    return items;
  }

  #announce<T extends FramedLine | TelnetReceived>(item: T): T & { client?: ClientKind } {
    if (this.#kind === this.#announced || this.#kind === "undecided") return item;
    this.#announced = this.#kind;
    return { ...item, client: this.#kind };
  }
}

/** Why the server framed `item` as it did, for its `[RECV]` log line; "" when nothing is new. */
export function framingNote(item: Received, pauseMs: number): string {
  if (item.kind === "overflow" || item.kind === "discarded" || item.kind === "partner") return "";
  if (item.kind === "line" && item.end === "pause") {
    return ` (no-newline client: a ${pauseMs} ms pause ended it)`;
  }
  if (item.kind === "line" && item.end === "close") return " (the client closed before Enter)";
  switch (item.client) {
    case "line":
      return " (line client: a newline ends each message)";
    case "telnet":
      return " (telnet client: each option it asks for is answered; Enter ends each message)";
    case "keystroke":
      return " (keystroke client: keys come one per segment, so only Enter ends a message)";
    default:
      return "";
  }
}
