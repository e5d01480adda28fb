/**
 * The hub runs a mode's pure state machine and performs its effects on real connections.
 *
 * Events are handled one at a time, in arrival order, from a queue: an effect that causes another
 * event (a client dropped for not reading, a timer that runs out) is queued, never handled in the
 * middle of a step. A line for many recipients is encoded once and the same bytes are queued for
 * each of them. Timers are the mode's: the hub arms them on its {@link Clock} and feeds back a
 * `timer` event when one runs out.
 *
 * @module
 */

import { type Clock, systemClock, type TimerId } from "../clock.ts";
import type { ConnId, Effect, Event, Machine, TimerKey } from "../core/machine.ts";
import { formatSystem } from "../core/protocol.ts";
import type { Texts } from "../core/texts.ts";
import type { ClientConnection } from "./client_connection.ts";
import { FanOut } from "./fan_out.ts";
import type { ServerStats } from "./stats.ts";
import { describeParty } from "./traffic_log.ts";
import { NAMED_RECIPIENTS, type Party, type Traffic } from "./traffic.ts";

const encoder = new TextEncoder();

/** Connects a machine to the connections. */
export class Hub<S> {
  readonly #machine: Machine<S>;
  readonly #clients: ReadonlyMap<ConnId, ClientConnection>;
  /** Where what the hub sends is told (the log, the live view). */
  readonly traffic: Traffic;
  readonly #stats: ServerStats;
  readonly #clock: Clock;
  readonly #timers = new Map<TimerKey, TimerId>();
  readonly #queue: Event[] = [];
  /** The last words of a client dropped for not reading. */
  readonly #tooSlowLine: string;
  readonly #fanOut: FanOut<ClientConnection>;
  #state: S;
  #running = false;
  #stopped = false;

  constructor(
    machine: Machine<S>,
    clients: ReadonlyMap<ConnId, ClientConnection>,
    traffic: Traffic,
    stats: ServerStats,
    texts: Texts,
    clock: Clock = systemClock,
  ) {
    this.#tooSlowLine = formatSystem("error", "too-slow", texts.queueFull());
    this.#machine = machine;
    this.#state = machine.initial;
    this.#clients = clients;
    this.#fanOut = new FanOut((conn) => clients.get(conn));
    this.traffic = traffic;
    this.#stats = stats;
    this.#clock = clock;
  }

  /** The log's name for a connection: `#3 127.0.0.1:53280 alice`. */
  describe(client: ClientConnection): string {
    return describeParty(this.party(client));
  }

  /** A connection as traffic events name it, with the mode's label for it now. */
  party(client: ClientConnection): Party {
    const label = this.label(client.id);
    return label === undefined
      ? { conn: client.id, peer: client.peer }
      : { conn: client.id, peer: client.peer, label };
  }

  /** The mode's name for a connection (the chat ID), if it has one. */
  label(conn: ConnId): string | undefined {
    return this.#machine.label?.(this.#state, conn);
  }

  /** True in a mode whose users have IDs (chat), which {@link find} can look up. */
  get hasIds(): boolean {
    return this.#machine.find !== undefined;
  }

  /** The connection of the user a typed ID names, in modes with IDs (`Machine.find`). */
  find(typed: string): ConnId | undefined {
    return this.#machine.find?.(this.#state, typed);
  }

  /** Where a connection is, in words for the operator, in modes that say (`Machine.where`). */
  where(conn: ConnId): string | undefined {
    return this.#machine.where?.(this.#state, conn);
  }

  /** Handles an event, and any it causes, before returning. */
  dispatch(event: Event): void {
    this.#queue.push(event);
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        const { state, effects } = this.#machine.step(this.#state, next);
        this.#state = state;
        this.#perform(effects);
      }
    } finally {
      this.#running = false;
    }
  }

  /** Cancels every pending timer and arms no more (at shutdown). */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) this.#clock.clearTimeout(timer);
    this.#timers.clear();
  }

  #perform(effects: readonly Effect[]): void {
    // Replies of one step to one client are joined: one write, one [SEND] log line, one segment.
    let replies: Map<ConnId, string[]> | undefined;
    const flushReplies = () => {
      if (replies) this.#sendReplies(replies);
      replies = undefined;
    };
    for (const effect of effects) {
      switch (effect.type) {
        case "send": {
          replies ??= new Map();
          const lines = replies.get(effect.to);
          if (lines) lines.push(effect.line);
          else replies.set(effect.to, [effect.line]);
          break;
        }
        case "forward":
          this.#forward(effect.from, effect.to, effect.line);
          break;
        case "close": {
          flushReplies();
          const client = this.#clients.get(effect.conn);
          if (client) void client.closeGracefully(effect.why);
          break;
        }
        case "drop": {
          flushReplies();
          const client = this.#clients.get(effect.conn);
          if (client) this.drop(client, effect.why, effect.lastWords);
          break;
        }
        case "timer":
          this.#arm(effect.key, effect.ms);
          break;
        case "cancel-timer":
          this.#clock.clearTimeout(this.#timers.get(effect.key));
          this.#timers.delete(effect.key);
          break;
      }
    }
    flushReplies();
  }

  #arm(key: TimerKey, ms: number): void {
    if (this.#stopped) return;
    this.#clock.clearTimeout(this.#timers.get(key));
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(key);
      this.dispatch({ type: "timer", key });
    }, ms);
    this.#timers.set(key, timer);
  }

  #sendReplies(replies: Map<ConnId, string[]>): void {
    for (const [to, lines] of replies) {
      const client = this.#clients.get(to);
      if (!client) continue;
      const bytes = encoder.encode(lines.join("\n") + "\n");
      if (this.#deliver(client, bytes)) this.#sent(client, bytes, lines);
    }
  }

  /**
   * Sends a line the server itself writes (a refusal, a warning, "stopping") to one client,
   * logged as `[SEND]` like every other line, so each log line has its packet. With `lastWords`
   * it replaces whatever still waits for a client about to be closed. A client whose queue is
   * full is dropped, as for a relayed line: a client that asks for answers (`AYT`) and never
   * reads them costs the server no more than its queue.
   */
  say(client: ClientConnection, line: string, lastWords = false): void {
    const bytes = encoder.encode(line + "\n");
    const queued = lastWords ? client.outbox.lastWords(bytes) : this.#deliver(client, bytes);
    if (queued) this.#sent(client, bytes, [line]);
  }

  /**
   * Queues bytes that are not lines (telnet's answers) for one client; false when it is closed,
   * or was dropped because its queue is full. The caller tells of what it sent.
   */
  send(client: ClientConnection, bytes: Uint8Array): boolean {
    return this.#deliver(client, bytes);
  }

  #sent(client: ClientConnection, bytes: Uint8Array, lines: readonly string[]): void {
    this.#stats.linesSent(lines.length);
    if (!this.traffic.messages) return;
    const at = this.#clock.now();
    this.traffic.emit({ type: "send", at, client: this.party(client), bytes: bytes.length, lines });
  }

  #forward(from: ConnId, targets: readonly ConnId[], line: string): void {
    const bytes = encoder.encode(line + "\n");
    const to: ConnId[] | undefined = this.traffic.messages ? [] : undefined;
    const named: Party[] = [];
    let delivered = 0;
    for (const client of this.#fanOut.targets(targets)) {
      if (client === undefined || client.id === from || !this.#deliver(client, bytes)) continue;
      delivered++;
      if (to === undefined) continue;
      to.push(client.id);
      if (named.length < NAMED_RECIPIENTS) named.push(this.party(client));
    }
    this.#stats.lineRelayed(delivered);
    if (to === undefined) return;
    const sender = this.#clients.get(from);
    this.traffic.emit({
      type: "forward",
      at: this.#clock.now(),
      from: sender ? this.party(sender) : { conn: from, peer: "" },
      to,
      named,
      bytes: bytes.length,
      line,
      ...(to.length === 0 ? { alone: targets.every((conn) => conn === from) } : {}),
    });
  }

  /** Queues bytes for a client; a client whose queue is full is dropped (after this step). */
  #deliver(client: ClientConnection, bytes: Uint8Array): boolean {
    if (!client.isOpen) return false;
    if (client.send(bytes)) return true;
    const why = `send queue over ${client.outbox.maxBytes} bytes (client not reading)`;
    this.drop(client, why, this.#tooSlowLine);
    return false;
  }

  /**
   * Ends a client on the operator's word (the console's `kick`): `line` tells it why, its
   * partners are told it left as for any user the server disconnects, and it is closed with a FIN
   * once `line` has left (`ClientConnection.closeGracefully`). `why` is for the log.
   */
  kick(client: ClientConnection, why: string, line: string): void {
    if (!client.isOpen) return;
    this.say(client, line);
    this.dispatch({ type: "disconnect", conn: client.id, cause: "dropped" });
    void client.closeGracefully(why);
  }

  /**
   * Ends a client for breaking a rule: a `[WARN]` says why, `lastWords` (if any) replace what
   * still waits for it, its partners are told it left, and the connection is closed.
   */
  drop(client: ClientConnection, why: string, lastWords?: string): void {
    if (!client.isOpen) return;
    this.traffic.emit({ type: "drop", at: this.#clock.now(), client: this.party(client), why });
    if (lastWords !== undefined) this.say(client, lastWords, true);
    this.dispatch({ type: "disconnect", conn: client.id, cause: "dropped" });
    void client.drop(why);
  }
}
