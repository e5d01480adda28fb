/**
 * Every accepted connection of one server, from admission to its end: admitted (or refused with
 * one error line and a FIN), its messages fed to the mode through the guards, its end reported,
 * and all of them closed cleanly at a stop. What happens is told as typed events
 * ({@link Traffic}); the log (`traffic_log.ts`) and the live view are written from them.
 *
 * It takes any {@link Transport} and a {@link Clock}, so the whole edge runs in tests on mock
 * connections and a clock the test moves (`testing/edge.ts`); `server.ts` feeds it the sockets
 * its listener accepts.
 *
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import { broadcastMachine, type BroadcastState } from "../core/broadcast.ts";
import { createChatMachine } from "../core/chat.ts";
import type { ChatState } from "../core/chat_state.ts";
import { capitalizingEchoMachine, echoMachine, type EchoState } from "../core/echo.ts";
import { DEFAULT_FLOOD_DROP_AFTER_MS } from "../core/flood_gate.ts";
import type { ConnId } from "../core/machine.ts";
import type { Received, TelnetReceived } from "../core/message_framer.ts";
import { formatSystem } from "../core/protocol.ts";
import { encodeNegotiation } from "../core/telnet_reply.ts";
import { TEXTS, type Texts } from "../core/texts.ts";
import type { Transport } from "../net/transport.ts";
import { ClientConnection, type ConnectionHooks, type Ending } from "./client_connection.ts";
import { Guards } from "./guards.ts";
import { Hub } from "./hub.ts";
import type { Logger } from "./logger.ts";
import { Operator } from "./operator.ts";
import type { ServerOptions } from "./options.ts";
import { ServerStats } from "./stats.ts";
import { Traffic } from "./traffic.ts";
import { TrafficLog } from "./traffic_log.ts";

/** At shutdown, wait only briefly for clients' FINs: a stop must feel immediate. */
const SHUTDOWN_LINGER_MS = 300;

/** The connections of one server. */
export class Connections {
  readonly #options: ServerOptions;
  readonly #clock: Clock;
  readonly #texts: Texts;
  readonly #stats = new ServerStats();
  readonly #startedAt: number;
  /** Admitted clients until their socket is released (after any linger). */
  readonly #clients = new Map<ConnId, ClientConnection>();
  /** Refused newcomers while they close: a stop waits for them too. */
  readonly #refused = new Set<ClientConnection>();
  /**
   * Admitted clients whose connection has not ended on the wire: `#clients` less those whose
   * FIN or RST is logged but whose socket still lingers. The log counts these as connected.
   */
  #connected = 0;
  readonly #hub: Hub<EchoState> | Hub<BroadcastState> | Hub<ChatState>;
  readonly #guards: Guards;
  readonly #hooks: ConnectionHooks;
  /** What the server's console does to these connections. */
  readonly operator: Operator;
  /** Most connections open at once, admitted or being refused (the descriptors' room). */
  readonly #maxOpen: number;
  /** Most clients at once: `--max-clients`, or fewer when descriptors are fewer. */
  readonly #capacity: number;
  /**
   * What happens on these connections, as typed events: the log is written from them, and the
   * live view listens here too (`server.ts`).
   */
  readonly traffic = new Traffic();
  #accepted = 0;

  /**
   * `maxOpen` is how many connections the process's descriptors leave room for
   * (`descriptors.ts`); past it, a newcomer is told `! full` and closed at once.
   */
  constructor(
    options: ServerOptions,
    log: Logger,
    clock: Clock = systemClock,
    maxOpen = Infinity,
  ) {
    this.#options = options;
    this.#maxOpen = maxOpen;
    this.#capacity = Math.min(options.maxClients, maxOpen);
    this.traffic.add(new TrafficLog(log, options.pauseMs, options.mode));
    this.#clock = clock;
    this.#startedAt = clock.now();
    this.#texts = TEXTS[options.lang];
    this.#hub = createHub(options, this.#clients, this.traffic, this.#stats, this.#texts, clock);
    this.#guards = new Guards(options, this.#clients, this.#hub, this.#texts, clock);
    this.operator = new Operator(this.#clients, this.#hub, this.#texts, clock);
    this.#hooks = {
      onItem: (client, item) => this.#onItem(client, item),
      onPeerGone: (client, cause) => {
        this.#hub.dispatch({ type: "disconnect", conn: client.id, cause });
      },
      onEnded: (client, ending) => this.#onEnded(client, ending),
      onReleased: (client) => this.#onReleased(client),
    };
  }

  /** Most clients at once: `--max-clients`, or fewer when descriptors are fewer. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Takes a new connection: admits it, or refuses it with one error line and a FIN. */
  admit(transport: Transport): void {
    const capacity = this.#capacity;
    const client = new ClientConnection(
      transport,
      ++this.#accepted,
      {
        maxLineBytes: this.#options.maxLineBytes,
        maxQueueBytes: this.#options.maxQueueBytes,
        flood: {
          linesPerSecond: this.#options.floodLinesPerSecond,
          burst: this.#options.floodBurst,
          dropAfter: this.#options.floodDropAfter,
          dropAfterMs: DEFAULT_FLOOD_DROP_AFTER_MS,
        },
        pauseMs: this.#options.pauseMs,
      },
      this.#hooks,
      this.#clock,
    );
    const full = formatSystem("error", "full", this.#texts.full(capacity));
    if (this.#clients.size + this.#refused.size >= this.#maxOpen) {
      // No room for a clean refusal's linger: this descriptor must come back at once.
      const why = `out of file descriptors (room for ${this.#maxOpen} connections)`;
      return this.#refuse(client, full, why, "at once");
    }
    const perAddress = this.#guards.refusePerAddress(client.hostname);
    if (perAddress) return this.#refuse(client, perAddress.line, perAddress.why);
    if (this.#clients.size >= capacity) {
      return this.#refuse(client, full, `server full (${capacity} clients)`);
    }
    this.#stats.clientServed();
    this.#clients.set(client.id, client);
    this.#connected++;
    this.traffic.emit({
      type: "connect",
      at: client.openedAt,
      client: this.#hub.party(client),
      connected: this.#connected,
    });
    client.start();
    this.#guards.watch(client);
    this.#hub.dispatch({ type: "connect", conn: client.id, peer: client.peer });
  }

  /** A connection reset by its peer before it could be accepted: there is nobody to admit. */
  unaccepted(): void {
    this.traffic.emit({ type: "unaccepted", at: this.#clock.now() });
  }

  /** Tells every client the server stops, and closes every connection; resolves when all ended. */
  async closeAll(): Promise<void> {
    this.#guards.stop();
    this.#hub.stop();
    const stoppingLine = formatSystem("notice", "stopping", this.#texts.stopping());
    const closing: Promise<void>[] = [];
    for (const client of [...this.#clients.values(), ...this.#refused]) {
      if (client.isOpen) this.#hub.say(client, stoppingLine);
      closing.push(client.closeGracefully("server stopping", SHUTDOWN_LINGER_MS));
    }
    await Promise.all(closing);
  }

  /** The `[STOP]` line's text. */
  summary(): string {
    return this.#stats.summary(this.#clock.now() - this.#startedAt);
  }

  #onItem(client: ClientConnection, item: Received): void {
    // Every byte received has its event: a line, telnet negotiation, a newline's late LF, or an
    // over-long line (what came when it was found too long, then its discarded rest).
    if (this.traffic.messages) {
      this.traffic.emit({
        type: "recv",
        at: this.#clock.now(),
        client: this.#hub.party(client),
        message: item,
      });
    }
    if (item.kind === "telnet") return this.#answerTelnet(client, item);
    if (item.kind === "partner" || item.kind === "discarded") return;
    if (item.kind === "overflow") {
      this.traffic.emit({
        type: "overflow",
        at: this.#clock.now(),
        client: this.#hub.party(client),
        maxLineBytes: item.maxLineBytes,
      });
      const text = this.#texts.lineTooLong(item.maxLineBytes);
      return this.#hub.say(client, formatSystem("error", "line-too-long", text));
    }
    this.#stats.lineReceived();
    if (!this.#guards.allowLine(client)) return this.#stats.lineRefused();
    this.#hub.dispatch({ type: "line", conn: client.id, text: item.text });
  }

  /**
   * Sends the answers telnet commands call for (they are never text). Each command costs a
   * flood-control token as a line does, and commands over the rate are not answered.
   */
  #answerTelnet(client: ClientConnection, item: TelnetReceived): void {
    // Deliberate shortcut: the framer has already taken a refused read's commands as answered
    // (an agreed SGA stays on). Only a flooder's negotiation can be left so, and no client waits
    // on the one option the server agrees to.
    if (!this.#guards.allowTelnet(client, item.commands.length)) return;
    // RFC 854's AYT asks for visible evidence that the server is up: a line of text.
    if (item.here) this.#hub.say(client, formatSystem("notice", "here", this.#texts.here()));
    if (item.reply.length === 0 || !client.isOpen) return;
    const reply = encodeNegotiation(item.reply);
    if (this.#hub.send(client, reply) && this.traffic.messages) {
      this.traffic.emit({
        type: "send-telnet",
        at: this.#clock.now(),
        client: this.#hub.party(client),
        bytes: reply.length,
        commands: item.reply,
      });
    }
  }

  /**
   * Refuses a newcomer with one error line and a clean close (FIN), waiting for the peer's FIN;
   * `at once` closes as soon as the line is sent.
   */
  #refuse(client: ClientConnection, line: string, why: string, how?: "at once"): void {
    this.traffic.emit({
      type: "refused",
      at: client.openedAt,
      client: this.#hub.party(client),
      why,
      atOnce: how === "at once",
    });
    this.#refused.add(client);
    this.#hub.say(client, line);
    if (how === "at once") return void client.drop(why);
    void client.closeGracefully(why);
    // Reading (and discarding) lets us see the peer's FIN instead of waiting out the linger.
    client.start();
  }

  /** Logged when the packet that ends the connection is seen or sent, not after its linger. */
  #onEnded(client: ClientConnection, ending: Ending): void {
    if (this.#clients.get(client.id) === client) this.#connected--;
    this.traffic.emit({
      type: "disconnect",
      at: this.#clock.now(),
      client: this.#hub.party(client),
      ending,
      openedAt: client.openedAt,
      connected: this.#connected,
    });
  }

  #onReleased(client: ClientConnection): void {
    this.#clients.delete(client.id);
    this.#refused.delete(client);
    this.#guards.forget(client);
  }
}

function createHub(
  options: ServerOptions,
  clients: ReadonlyMap<ConnId, ClientConnection>,
  traffic: Traffic,
  stats: ServerStats,
  texts: Texts,
  clock: Clock,
): Hub<EchoState> | Hub<BroadcastState> | Hub<ChatState> {
  switch (options.mode) {
    case "echo":
      return new Hub(
        options.capitalize ? capitalizingEchoMachine : echoMachine,
        clients,
        traffic,
        stats,
        texts,
        clock,
      );
    case "broadcast":
      return new Hub(broadcastMachine, clients, traffic, stats, texts, clock);
    case "chat": {
      const chat = createChatMachine({
        requestTimeoutSeconds: options.requestTimeoutSeconds,
        loginTimeoutSeconds: options.loginTimeoutSeconds,
        texts,
      });
      return new Hub(chat, clients, traffic, stats, texts, clock);
    }
  }
}
