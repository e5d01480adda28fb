/**
 * The rules that keep one client from harming the others, applied at the edge: flood control on
 * each line, a limit on connections per address, and the login and idle deadlines.
 *
 * Each rule's decision is pure (`FloodGate`, simple counts and clocks); this module turns the
 * decisions into actions: a clear line to the client, a `[WARN]` in the log, and, for a client
 * that will not stop, a drop that its partners are told about.
 *
 * @module
 */

import type { ConnId } from "../core/machine.ts";
import { formatSystem } from "../core/protocol.ts";
import type { Texts } from "../core/texts.ts";
import type { ClientConnection } from "./client_connection.ts";
import type { Logger } from "./logger.ts";
import type { ServerOptions } from "./options.ts";

/** How often login and idle deadlines are checked. */
const SWEEP_MS = 1000;

/** What the guards need from the hub. */
export interface GuardedHub {
  describe(client: ClientConnection): string;
  hasName(conn: ConnId): boolean;
  say(client: ClientConnection, line: string): unknown;
  drop(client: ClientConnection, why: string, lastWords?: string): void;
  readonly stats: { linesRefused: number };
}

/** The guards of one server. */
export class Guards {
  readonly #options: ServerOptions;
  readonly #clients: ReadonlyMap<ConnId, ClientConnection>;
  readonly #hub: GuardedHub;
  readonly #log: Logger;
  readonly #texts: Texts;
  // One timer for every connection's deadlines: cheaper than a timer each.
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(
    options: ServerOptions,
    clients: ReadonlyMap<ConnId, ClientConnection>,
    hub: GuardedHub,
    log: Logger,
    texts: Texts,
  ) {
    this.#options = options;
    this.#clients = clients;
    this.#hub = hub;
    this.#log = log;
    this.#texts = texts;
    this.#sweeper = setInterval(() => this.#sweep(Date.now()), SWEEP_MS);
  }

  /** Judges a line against flood control: true when it may go on to the session. */
  allowLine(client: ClientConnection): boolean {
    const verdict = client.flood.take(performance.now());
    if (verdict === "pass") return true;
    this.#hub.stats.linesRefused++;
    const { floodLinesPerSecond, floodBurst, floodDropAfter } = this.#options;
    if (verdict === "warn") {
      this.#log.event(
        "WARN",
        `${
          this.#hub.describe(client)
        } is flooding: lines over ${floodLinesPerSecond}/s are dropped`,
      );
      this.#hub.say(
        client,
        formatSystem("error", "flood", this.#texts.flood(floodLinesPerSecond, floodBurst)),
      );
    } else if (verdict === "drop") {
      this.#hub.drop(client, `flooding (${floodDropAfter} lines refused in a row)`);
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

  stop(): void {
    clearInterval(this.#sweeper);
  }

  #sweep(now: number): void {
    const { mode, loginTimeoutSeconds, idleTimeoutSeconds } = this.#options;
    for (const client of this.#clients.values()) {
      if (!client.isOpen) continue;
      if (
        mode === "chat" && now - client.openedAt > loginTimeoutSeconds * 1000 &&
        !this.#hub.hasName(client.id)
      ) {
        const line = formatSystem(
          "error",
          "login-timeout",
          this.#texts.loginTimeout(loginTimeoutSeconds),
        );
        this.#hub.drop(client, `no ID within ${loginTimeoutSeconds} s`, line);
      } else if (idleTimeoutSeconds > 0 && now - client.lastReadAt > idleTimeoutSeconds * 1000) {
        const line = formatSystem("error", "idle", this.#texts.idle(idleTimeoutSeconds));
        this.#hub.drop(client, `idle for ${idleTimeoutSeconds} s`, line);
      }
    }
  }
}
