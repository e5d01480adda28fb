/**
 * Every accepted connection of one server, from admission to its `[DISCONNECT]` line: admitted
 * (or refused with one error line and a FIN), its messages logged and fed to the mode through the
 * guards, its end reported, and all of them closed cleanly at a stop.
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
import type { ConnId } from "../core/machine.ts";
import { framingNote, type Received, type TelnetReceived } from "../core/message_framer.ts";
import { formatSystem } from "../core/protocol.ts";
import { formatTelnet } from "../core/telnet_commands.ts";
import { encodeNegotiation } from "../core/telnet_reply.ts";
import { TEXTS, type Texts } from "../core/texts.ts";
import type { Transport } from "../net/transport.ts";
import {
  ClientConnection,
  type ConnectionHooks,
  type Ending,
  type PeerCause,
} from "./client_connection.ts";
import { Guards } from "./guards.ts";
import { Hub } from "./hub.ts";
import { type Logger, quote } from "./logger.ts";
import { Operator } from "./operator.ts";
import type { ServerOptions } from "./options.ts";
import { ServerStats } from "./stats.ts";

/** At shutdown, wait only briefly for clients' FINs: a stop must feel immediate. */
const SHUTDOWN_LINGER_MS = 300;

/** The connections of one server. */
export class Connections {
  readonly #options: ServerOptions;
  readonly #log: Logger;
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
    this.#log = log;
    this.#clock = clock;
    this.#startedAt = clock.now();
    this.#texts = TEXTS[options.lang];
    this.#hub = createHub(options, this.#clients, log, this.#stats, this.#texts, clock);
    this.#guards = new Guards(options, this.#clients, this.#hub, log, this.#texts, clock);
    this.operator = new Operator(this.#clients, this.#hub, log, this.#texts, clock);
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
    this.#log.event(
      "CONNECT",
      `New client #${client.id} ${client.peer} (${this.#connected} connected)`,
    );
    client.start();
    this.#guards.watch(client);
    this.#hub.dispatch({ type: "connect", conn: client.id, peer: client.peer });
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
    const log = this.#log;
    if (item.kind === "telnet") return this.#answerTelnet(client, item);
    if (item.kind === "overflow") {
      log.event(
        "WARN",
        `${this.#hub.describe(client)} sent a line over ${item.maxLineBytes} bytes; discarded`,
      );
      const text = this.#texts.lineTooLong(item.maxLineBytes);
      return this.#hub.say(client, formatSystem("error", "line-too-long", text));
    }
    if (item.kind === "partner") {
      // Not a message: the rest of a newline whose line was already taken (docs/PROTOCOL.md,
      // "Framing"). Logged so that every byte received has its [RECV] line.
      if (log.verbose) {
        log.event(
          "RECV",
          `${this.#hub.describe(client)} 1 bytes: ${item.byte} (the rest of the CR newline before)`,
        );
      }
      return;
    }
    this.#stats.lineReceived();
    if (log.verbose) {
      const note = emptyLineNote(item) + framingNote(item, this.#options.pauseMs);
      log.event(
        "RECV",
        `${this.#hub.describe(client)} ${item.bytes} bytes: ${quote(item.text)}${note}`,
      );
    }
    if (!this.#guards.allowLine(client)) return this.#stats.lineRefused();
    this.#hub.dispatch({ type: "line", conn: client.id, text: item.text });
  }

  /** Logs telnet commands as such (they are never text) and sends the answers they call for. */
  #answerTelnet(client: ClientConnection, item: TelnetReceived): void {
    const log = this.#log;
    const names = (commands: typeof item.commands) => commands.map(formatTelnet).join(", ");
    if (log.verbose) {
      const what = `${item.bytes} bytes: telnet ${names(item.commands)}`;
      const note = framingNote(item, this.#options.pauseMs);
      log.event("RECV", `${this.#hub.describe(client)} ${what}${note}`);
    }
    // RFC 854's AYT asks for visible evidence that the server is up: a line of text.
    if (item.here) this.#hub.say(client, formatSystem("notice", "here", this.#texts.here()));
    if (item.reply.length === 0) return;
    const reply = encodeNegotiation(item.reply);
    if (client.send(reply) && log.verbose) {
      log.event(
        "SEND",
        `${this.#hub.describe(client)} ${reply.length} bytes: telnet ${names(item.reply)}`,
      );
    }
  }

  /**
   * Refuses a newcomer with one error line and a clean close (FIN), waiting for the peer's FIN;
   * `at once` closes as soon as the line is sent.
   */
  #refuse(client: ClientConnection, line: string, why: string, how?: "at once"): void {
    this.#log.event("CONNECT", `New client #${client.id} ${client.peer} refused: ${why}`);
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
    const seconds = ((this.#clock.now() - client.openedAt) / 1000).toFixed(1);
    this.#log.event(
      "DISCONNECT",
      `#${client.id} ${client.peer} ${describeEnding(ending)} after ${seconds} s ` +
        `(${this.#connected} connected)`,
    );
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
  log: Logger,
  stats: ServerStats,
  texts: Texts,
  clock: Clock,
): Hub<EchoState> | Hub<BroadcastState> | Hub<ChatState> {
  switch (options.mode) {
    case "echo":
      return new Hub(
        options.capitalize ? capitalizingEchoMachine : echoMachine,
        clients,
        log,
        stats,
        texts,
        clock,
      );
    case "broadcast":
      return new Hub(broadcastMachine, clients, log, stats, texts, clock);
    case "chat": {
      const chat = createChatMachine({
        requestTimeoutSeconds: options.requestTimeoutSeconds,
        loginTimeoutSeconds: options.loginTimeoutSeconds,
        texts,
      });
      return new Hub(chat, clients, log, stats, texts, clock);
    }
  }
}

/**
 * What an empty line is, for its `[RECV]` line: `1 bytes: ""` alone puzzles a reader. One or two
 * bytes are a line end alone (LF; CR LF or CR NUL); more were typed, then erased with BS or DEL.
 */
function emptyLineNote(item: Received): string {
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
function describeEnding(ending: Ending): string {
  switch (ending.by) {
    case "peer":
      return PEER_ENDINGS[ending.cause];
    case "server":
      return `closed by server (FIN): ${ending.why}`;
    case "dropped":
      return `dropped by server: ${ending.why}`;
  }
}
