/**
 * What the server's operator can do to the connections, in every mode: list them, tell everyone
 * something, disconnect one. The console (`console_session.ts`) calls it; the lines users read
 * and the partners' notices go through the hub, and each action is a traffic event, so the log
 * and the live view tell it like any other (`[INFO]` for the action, `[SEND]` for each line,
 * `[DISCONNECT]` for the close).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { BroadcastState } from "../core/broadcast.ts";
import type { ChatState } from "../core/chat_state.ts";
import type { EchoState } from "../core/echo.ts";
import type { ConnId } from "../core/machine.ts";
import { formatSystem } from "../core/protocol.ts";
import { sanitizePeerText } from "../core/sanitize.ts";
import type { Texts } from "../core/texts.ts";
import type { ClientConnection } from "./client_connection.ts";
import type { ConnectionInfo, KickTarget } from "./console.ts";
import type { Hub } from "./hub.ts";
import { kickedWhy } from "./traffic_log.ts";

/** A kick done (`who` names the connection as the log does), or why it could not be. */
export type KickResult =
  | { readonly ok: true; readonly who: string }
  | { readonly ok: false; readonly problem: string };

/** The operator's actions on one server's connections. */
export class Operator {
  readonly #clients: ReadonlyMap<ConnId, ClientConnection>;
  readonly #hub: Hub<EchoState> | Hub<BroadcastState> | Hub<ChatState>;
  readonly #texts: Texts;
  readonly #clock: Clock;

  constructor(
    clients: ReadonlyMap<ConnId, ClientConnection>,
    hub: Hub<EchoState> | Hub<BroadcastState> | Hub<ChatState>,
    texts: Texts,
    clock: Clock,
  ) {
    this.#clients = clients;
    this.#hub = hub;
    this.#texts = texts;
    this.#clock = clock;
  }

  /** Every open connection, in the order they arrived. */
  who(): ConnectionInfo[] {
    const now = this.#clock.now();
    return [...this.#open()].map((client) => {
      const id = this.#hub.label(client.id);
      const where = this.#hub.where(client.id);
      return {
        conn: client.id,
        peer: client.peer,
        ...(id === undefined ? {} : { id }),
        ...(where === undefined ? {} : { where }),
        connectedMs: now - client.openedAt,
      };
    });
  }

  /** Sends `* operator: TEXT` to every open connection; returns how many it reached. */
  say(text: string): number {
    const line = formatSystem("notice", "operator", sanitizePeerText(text));
    const clients = [...this.#open()];
    const at = this.#clock.now();
    this.#hub.traffic.emit({ type: "say", at, text, reached: clients.length });
    for (const client of clients) this.#hub.say(client, line);
    return clients.length;
  }

  /**
   * Disconnects one user: `! kicked: ...` with the reason, their partners told, then a FIN. A
   * target that names nobody connected is refused with one line saying so.
   */
  kick(target: KickTarget, reason: string): KickResult {
    const found = this.#find(target);
    if (!found.ok) return found;
    const client = found.client;
    const who = this.#hub.describe(client);
    const at = this.#clock.now();
    this.#hub.traffic.emit({ type: "kick", at, client: this.#hub.party(client), reason });
    // What the operator typed reaches the user's terminal as any user's text does: made harmless.
    const line = formatSystem("error", "kicked", this.#texts.kicked(sanitizePeerText(reason)));
    this.#hub.kick(client, kickedWhy(reason), line);
    return { ok: true, who };
  }

  #find(target: KickTarget):
    | { readonly ok: true; readonly client: ClientConnection }
    | { readonly ok: false; readonly problem: string } {
    if (target.kind === "conn") {
      const client = this.#clients.get(target.conn);
      return client?.isOpen
        ? { ok: true, client }
        : { ok: false, problem: `no connection #${target.conn} is open (who lists them)` };
    }
    if (!this.#hub.hasIds) {
      return { ok: false, problem: "no IDs in this mode: kick by number, e.g. kick #1 (see who)" };
    }
    const conn = this.#hub.find(target.id);
    const client = conn === undefined ? undefined : this.#clients.get(conn);
    return client?.isOpen
      ? { ok: true, client }
      : { ok: false, problem: `no user "${target.id}" is connected (who lists them)` };
  }

  *#open(): Iterable<ClientConnection> {
    for (const client of this.#clients.values()) if (client.isOpen) yield client;
  }
}
