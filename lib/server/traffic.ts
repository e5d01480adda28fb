/**
 * What the server's edge tells about its traffic, as typed values: the one stream both the log
 * and the live view (`lib/server/web/`) are written from. Each event is a fact a student can find
 * in a capture: a connection accepted (the handshake), a message read (a segment from the client),
 * bytes written (a segment to it), how it ended (FIN or RST); and what the operator did to the
 * connections from the server's console (`operator.ts`).
 *
 * Times are milliseconds since 1970 on the edge's clock (`lib/clock.ts`); byte counts are TCP
 * payload bytes (Wireshark's `tcp.len`), line endings included.
 *
 * @module
 */

import type { ConnId } from "../core/machine.ts";
import type { Received } from "../core/message_framer.ts";
import type { TelnetCommand } from "../core/telnet_commands.ts";
import type { Ending } from "./client_connection.ts";

/** A connection as the log names it: `#3 127.0.0.1:53280 alice`. */
export interface Party {
  /** The server's number for it (`#3`); Wireshark's `tcp.stream` is one less. */
  readonly conn: ConnId;
  /** The peer's `ip:port`. */
  readonly peer: string;
  /** The mode's name for it (the chat ID), once it has one. */
  readonly label?: string;
}

/** Most recipients of a relayed line named in its event; the rest are numbers. */
export const NAMED_RECIPIENTS = 5;

/**
 * What was read from a client: a line, telnet negotiation, the late second byte of a CR newline
 * (a `partner`, docs/PROTOCOL.md "Framing"), or a line over `--max-line` (its `overflow`, then
 * its `discarded` rest): every byte received is in one.
 */
export type ReceivedMessage = Received;

/** One thing that happened on the server's connections. */
export type TrafficEvent =
  /** A client was accepted and admitted; `connected` counts it. */
  | {
    readonly type: "connect";
    readonly at: number;
    readonly client: Party;
    readonly connected: number;
  }
  /**
   * A client was accepted, told why it cannot stay, and closed: after its FIN, or `atOnce` when no
   * descriptor is left to wait with (`descriptors.ts`).
   */
  | {
    readonly type: "refused";
    readonly at: number;
    readonly client: Party;
    readonly why: string;
    readonly atOnce: boolean;
  }
  /** A connection was reset by its peer before it could be accepted: no number, nobody to tell. */
  | { readonly type: "unaccepted"; readonly at: number }
  /** A message arrived (`[RECV]`). */
  | {
    readonly type: "recv";
    readonly at: number;
    readonly client: Party;
    readonly message: ReceivedMessage;
  }
  /** A line longer than the limit arrived and was discarded (after its `recv`). */
  | {
    readonly type: "overflow";
    readonly at: number;
    readonly client: Party;
    readonly maxLineBytes: number;
  }
  /** The server wrote its own lines to one client, in one segment (`[SEND]`). */
  | {
    readonly type: "send";
    readonly at: number;
    readonly client: Party;
    readonly bytes: number;
    readonly lines: readonly string[];
  }
  /** The server answered telnet negotiation. */
  | {
    readonly type: "send-telnet";
    readonly at: number;
    readonly client: Party;
    readonly bytes: number;
    readonly commands: readonly TelnetCommand[];
  }
  /** A user's line was relayed to others, the same bytes to each (`[FWD]`). */
  | {
    readonly type: "forward";
    readonly at: number;
    readonly from: Party;
    /** The clients it was queued for, in order: numbers only, since a room or a broadcast may
     * have hundreds and naming each would cost more than relaying to it. */
    readonly to: readonly ConnId[];
    /** The first of them named, at most {@link NAMED_RECIPIENTS} (the log names these). */
    readonly named: readonly Party[];
    /** Bytes each of them gets. */
    readonly bytes: number;
    readonly line: string;
    /** Set when `to` is empty: true when the sender was the only one the mode sent it to (alone
     * in broadcast mode, or in the chat's room), false when every recipient was dropped. */
    readonly alone?: boolean;
  }
  /** The server warned about a client (flooding) without ending it. */
  | { readonly type: "warn"; readonly at: number; readonly client: Party; readonly why: string }
  /** The server is ending a client for breaking a rule. */
  | { readonly type: "drop"; readonly at: number; readonly client: Party; readonly why: string }
  /** The operator disconnects a client from the server's console (`kick`), with `reason` as
   * typed (maybe empty); the `[DISCONNECT]` that follows names the same words. */
  | { readonly type: "kick"; readonly at: number; readonly client: Party; readonly reason: string }
  /** The operator wrote `text` to every open connection (`say`), `reached` of them. */
  | { readonly type: "say"; readonly at: number; readonly text: string; readonly reached: number }
  /** A connection is over (`[DISCONNECT]`); `online` no longer counts it. */
  | {
    readonly type: "disconnect";
    readonly at: number;
    readonly client: Party;
    readonly ending: Ending;
    /** When it was accepted. */
    readonly openedAt: number;
    /** Connections not yet ended on the wire, this one no longer among them. */
    readonly connected: number;
  };

/** The events of each message (`[RECV]`, `[SEND]`, `[FWD]`): many, and built only when wanted. */
export const MESSAGE_EVENTS: ReadonlySet<TrafficEvent["type"]> = new Set([
  "recv",
  "send",
  "send-telnet",
  "forward",
]);

/** Whoever wants the traffic: the log, the live view. */
export interface TrafficListener {
  /** True when it wants the events of each message too (the log does unless `--quiet`). */
  readonly wantsMessages: boolean;
  /** Called synchronously, in the order things happened. Must not throw. */
  traffic(event: TrafficEvent): void;
}

/**
 * The one stream of traffic events of a server: the edge emits, the log and the live view
 * listen. The events of each message are built only when {@link messages} says someone wants
 * them: with `--quiet` and no live view, relaying a line builds no event at all.
 */
export class Traffic {
  readonly #listeners: TrafficListener[] = [];
  #messages = false;

  /** Adds a listener; it gets every event from now on. */
  add(listener: TrafficListener): void {
    this.#listeners.push(listener);
    this.#messages ||= listener.wantsMessages;
  }

  /** True when someone wants the events of each message. */
  get messages(): boolean {
    return this.#messages;
  }

  emit(event: TrafficEvent): void {
    const message = MESSAGE_EVENTS.has(event.type);
    for (const listener of this.#listeners) {
      if (!message || listener.wantsMessages) listener.traffic(event);
    }
  }
}
