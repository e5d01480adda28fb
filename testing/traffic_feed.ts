/**
 * Test support: traffic events made by hand, the way the server's edge reports them, for the live
 * view's tests without a chat server (the view's own rules, the page in a browser).
 *
 * @example
 * ```ts
 * import { TrafficFeed } from "./traffic_feed.ts";
 * import { TrafficView } from "../lib/server/web/traffic_view.ts";
 * import { equal } from "node:assert/strict";
 *
 * const view = new TrafficView("broadcast", "public");
 * const feed = new TrafficFeed(view);
 * const alice = feed.connect();
 * feed.recv(alice, "hello");
 * equal(view.frame(feed.now)?.rows[0].bytesIn, 6);
 * ```
 * @module
 */

import type { Ending } from "../lib/server/client_connection.ts";
import {
  NAMED_RECIPIENTS,
  type Party,
  type ReceivedMessage,
  type TrafficEvent,
  type TrafficListener,
} from "../lib/server/traffic.ts";

const encoder = new TextEncoder();

/** Bytes of `text` and a LF. */
export function lineBytes(text: string): number {
  return encoder.encode(text).length + 1;
}

/** Makes events for one listener, on a clock that moves 1 ms per event unless moved. */
export class TrafficFeed {
  now = Date.UTC(2026, 0, 5, 10, 0, 0);
  readonly #listener: TrafficListener;
  readonly #opened = new Map<number, number>();
  readonly #refused = new Set<number>();
  #next = 1;
  #nextPort = 50_001;
  #connected = 0;

  constructor(listener: TrafficListener) {
    this.#listener = listener;
  }

  #emit(event: TrafficEvent): void {
    this.#listener.traffic(event);
    this.now++;
  }

  /** A client connects (and is admitted). */
  connect(peer = `127.0.0.1:${this.#nextPort++}`): Party {
    const client = { conn: this.#next++, peer };
    this.#opened.set(client.conn, this.now);
    this.#emit({ type: "connect", at: this.now, client, connected: ++this.#connected });
    return client;
  }

  /** A client connects and is refused; closed `atOnce` when no descriptor is left to wait. */
  refuse(why: string, atOnce = false): Party {
    const client = { conn: this.#next++, peer: `127.0.0.1:${this.#nextPort++}` };
    this.#opened.set(client.conn, this.now);
    this.#refused.add(client.conn);
    this.#emit({ type: "refused", at: this.now, client, why, atOnce });
    return client;
  }

  /** A connection is reset before the server could accept it. */
  unaccepted(): void {
    this.#emit({ type: "unaccepted", at: this.now });
  }

  /** A line arrives from `client`, ended by a LF. */
  recv(client: Party, text: string): void {
    const message = { kind: "line", text, bytes: lineBytes(text), end: "newline" } as const;
    this.#emit({ type: "recv", at: this.now, client, message });
  }

  /** `client` sent `message`, as the server's framer made it of the bytes received. */
  received(client: Party, message: ReceivedMessage): void {
    this.#emit({ type: "recv", at: this.now, client, message });
  }

  /** The server writes `lines` to `client` in one segment. */
  send(client: Party, ...lines: string[]): void {
    const bytes = lines.reduce((sum, line) => sum + lineBytes(line), 0);
    this.#emit({ type: "send", at: this.now, client, bytes, lines });
  }

  /** `line` is relayed from `from` to each of `to`. */
  forward(from: Party, to: readonly Party[], line: string): void {
    this.#emit({
      type: "forward",
      at: this.now,
      from,
      to: to.map((p) => p.conn),
      named: to.slice(0, NAMED_RECIPIENTS),
      bytes: lineBytes(line),
      line,
    });
  }

  /** The server is ending `client` for breaking a rule. */
  drop(client: Party, why: string): void {
    this.#emit({ type: "drop", at: this.now, client, why });
  }

  /** The late LF of a CR newline, after the pause ended its line. */
  partner(client: Party): void {
    const message = { kind: "partner", byte: "LF", bytes: 1 } as const;
    this.#emit({ type: "recv", at: this.now, client, message });
  }

  /** The operator kicks `client` from the console. */
  kick(client: Party, reason: string): void {
    this.#emit({ type: "kick", at: this.now, client, reason });
  }

  /** The operator writes `text` to `reached` connections. */
  say(text: string, reached: number): void {
    this.#emit({ type: "say", at: this.now, text, reached });
  }

  /** `client`'s connection is over. */
  disconnect(client: Party, ending: Ending): void {
    const openedAt = this.#opened.get(client.conn) ?? this.now;
    this.#emit({
      type: "disconnect",
      at: this.now,
      client,
      ending,
      openedAt,
      connected: this.#refused.has(client.conn) ? this.#connected : --this.#connected,
    });
  }

  /** A chat-mode login as the server does it: welcome, the ID typed, hello and the menu. */
  login(client: Party, id: string): Party {
    this.send(client, `* welcome: Welcome.`, `? id: Enter your ID:`);
    this.recv(client, id);
    const named = { ...client, label: id };
    this.send(named, `* hello ${id}: Hello, ${id}!`, `? menu: 1) private chat  2) exit`);
    return named;
  }
}
