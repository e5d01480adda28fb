/**
 * The rules that keep one client from harming the others, applied at the edge to every mode:
 * flood control on each line and telnet command, a limit on connections per address, and the idle deadline. (The
 * chat's login deadline is the chat machine's own timer.)
 *
 * Each rule's decision is pure (`FloodGate`, simple counts and clocks); this module turns the
 * decisions into actions: a clear line to the client, a `[WARN]` in the log, and, for a client
 * that will not stop, a drop that its partners are told about.
 *
 * @module
 */

import { type Clock, systemClock, type TimerId } from "../clock.ts";
import type { ConnId } from "../core/machine.ts";
import { formatSystem } from "../core/protocol.ts";
import type { Texts } from "../core/texts.ts";
import type { ClientConnection } from "./client_connection.ts";
import type { Party, Traffic } from "./traffic.ts";
import type { ServerOptions } from "./options.ts";

/** What the guards need from the hub. */
export interface GuardedHub {
  describe(client: ClientConnection): string;
  party(client: ClientConnection): Party;
  readonly traffic: Traffic;
  say(client: ClientConnection, line: string): void;
  drop(client: ClientConnection, why: string, lastWords?: string): void;
}

/** The options the guards apply. */
export type GuardOptions = Pick<
  ServerOptions,
  "floodLinesPerSecond" | "floodBurst" | "floodDropAfter" | "maxPerIp" | "idleTimeoutSeconds"
>;

/** The guards of one server. */
export class Guards {
  readonly #options: GuardOptions;
  readonly #clients: ReadonlyMap<ConnId, ClientConnection>;
  readonly #hub: GuardedHub;
  readonly #texts: Texts;
  readonly #clock: Clock;
  // One idle timer per watched client, armed for when it would have been silent too long, and
  // moved on when it fires early: a read costs no timer work.
  readonly #idleTimers = new Map<ClientConnection, TimerId>();

  constructor(
    options: GuardOptions,
    clients: ReadonlyMap<ConnId, ClientConnection>,
    hub: GuardedHub,
    texts: Texts,
    clock: Clock = systemClock,
  ) {
    this.#options = options;
    this.#clients = clients;
    this.#hub = hub;
    this.#texts = texts;
    this.#clock = clock;
  }

  /** Judges a line against flood control: true when it may go on to the session. */
  allowLine(client: ClientConnection): boolean {
    return this.#allow(client, 1, (rate) => `lines over ${rate}/s are dropped`);
  }

  /**
   * Judges the telnet commands of one read against flood control, each as a line: true when
   * they may be answered. A client sending commands on and on, and never a line, is limited and
   * dropped as a line flooder is.
   */
  allowTelnet(client: ClientConnection, commands: number): boolean {
    return this.#allow(
      client,
      commands,
      (rate) => `telnet commands over ${rate}/s are not answered`,
    );
  }

  /** `refused` says in the log what a flood at a `rate` a second costs. */
  #allow(client: ClientConnection, count: number, refused: (rate: number) => string): boolean {
    const verdict = client.flood.take(this.#clock.now(), count);
    if (verdict === "pass") return true;
    const { floodLinesPerSecond, floodBurst, floodDropAfter } = this.#options;
    if (verdict === "warn") {
      const why = `flooding: ${refused(floodLinesPerSecond)}`;
      const party = this.#hub.party(client);
      this.#hub.traffic.emit({ type: "warn", at: this.#clock.now(), client: party, why });
      this.#hub.say(
        client,
        formatSystem("error", "flood", this.#texts.flood(floodLinesPerSecond, floodBurst)),
      );
    } else if (verdict === "drop") {
      // Told why before the close, as for every drop: a user who pasted never wonders.
      const seconds = client.flood.policy.dropAfterMs / 1000;
      const line = formatSystem(
        "error",
        "flood",
        this.#texts.floodDropped(floodLinesPerSecond, seconds),
      );
      const why = `flooding (over ${floodLinesPerSecond} lines/s for ${seconds} s, ` +
        `at least ${floodDropAfter} refused)`;
      this.#hub.drop(client, why, line);
    }
    return false;
  }

  /** The error line for a newcomer from `hostname` who is over the per-address limit, if any. */
  refusePerAddress(hostname: string): { line: string; why: string } | undefined {
    const max = this.#options.maxPerIp;
    if (max === 0) return undefined;
    let fromThere = 0;
    for (const c of this.#clients.values()) if (c.isOpen && c.hostname === hostname) fromThere++;
    if (fromThere < max) return undefined;
    return {
      line: formatSystem("error", "too-many-from-ip", this.#texts.tooManyFromIp(max)),
      why: `too many connections from ${hostname} (${max})`,
    };
  }

  /** Starts the idle deadline of an admitted client (when `--idle-timeout` is set). */
  watch(client: ClientConnection): void {
    const idleMs = this.#options.idleTimeoutSeconds * 1000;
    if (idleMs > 0) this.#armIdle(client, idleMs);
  }

  /** Forgets a client that ended. */
  forget(client: ClientConnection): void {
    this.#clock.clearTimeout(this.#idleTimers.get(client));
    this.#idleTimers.delete(client);
  }

  /** Cancels every deadline (at shutdown). */
  stop(): void {
    for (const timer of this.#idleTimers.values()) this.#clock.clearTimeout(timer);
    this.#idleTimers.clear();
  }

  #armIdle(client: ClientConnection, ms: number): void {
    this.#idleTimers.set(client, this.#clock.setTimeout(() => this.#checkIdle(client), ms));
  }

  #checkIdle(client: ClientConnection): void {
    this.#idleTimers.delete(client);
    if (!client.isOpen) return;
    const seconds = this.#options.idleTimeoutSeconds;
    const quietMs = this.#clock.now() - client.lastReadAt;
    if (quietMs < seconds * 1000) return this.#armIdle(client, seconds * 1000 - quietMs);
    const line = formatSystem("error", "idle", this.#texts.idle(seconds));
    this.#hub.drop(client, `idle for ${seconds} s`, line);
  }
}
