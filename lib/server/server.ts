/**
 * The TCP server: `Deno.listen`, an accept loop, one read loop per connection, and a clean stop.
 *
 * @example
 * ```ts ignore
 * const log = new Logger({ console: Deno.stdout, color: false, quiet: false });
 * const server = startServer({ ...options, port: 0 }, log);
 * console.log(server.addr.port);
 * await server.stop();
 * ```
 * @module
 */

import { broadcastMachine, type BroadcastState } from "../core/broadcast.ts";
import { createChatMachine } from "../core/chat.ts";
import type { ChatState } from "../core/chat_state.ts";
import { echoMachine, type EchoState } from "../core/echo.ts";
import { framingNote, type Received, type TelnetReceived } from "../core/message_framer.ts";
import type { ConnId } from "../core/machine.ts";
import { formatPeer, formatSystem } from "../core/protocol.ts";
import { encodeNegotiation, formatTelnet } from "../core/telnet.ts";
import { TEXTS } from "../core/texts.ts";
import { acceptLoop } from "./accept_loop.ts";
import { ClientConnection, type Ending } from "./client_connection.ts";
import { Guards } from "./guards.ts";
import { Hub } from "./hub.ts";
import { type Logger, quote } from "./logger.ts";
import type { ServerOptions } from "./options.ts";

/** A running server. */
export interface RunningServer {
  /** The address actually listened on (the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** Tells every client, closes every connection, logs `[STOP]`. Safe to call more than once. */
  stop(): Promise<void>;
}

/** At shutdown, wait only briefly for clients' FINs: a stop must feel immediate. */
const SHUTDOWN_LINGER_MS = 300;

/** Starts listening. Throws the runtime's error (e.g. `AddrInUse`) if it cannot listen. */
export function startServer(options: ServerOptions, log: Logger): RunningServer {
  const listener = Deno.listen({ hostname: options.host, port: options.port, transport: "tcp" });
  const addr = listener.addr;
  const where = formatPeer(addr.hostname, addr.port);
  log.plain("START", `TCP multi-client server on ${where}`);
  log.plain("INFO", `Server ready, listening on ${where}`);
  log.plain(
    "INFO",
    `mode ${options.mode}, up to ${options.maxClients} clients, lines up to ${options.maxLineBytes} bytes; ` +
      `connect with: nc ${addr.hostname} ${addr.port}`,
  );

  if (!isLoopback(addr.hostname)) {
    log.plain(
      "WARN",
      `listening beyond this machine (${addr.hostname}): anyone who can reach it on port ` +
        `${addr.port} can connect; your firewall must allow it`,
    );
  }

  const texts = TEXTS[options.lang];
  const clients = new Map<ConnId, ClientConnection>();
  const hub = createHub(options, clients, log);
  const guards = new Guards(options, clients, hub, log, texts);
  const startedAt = Date.now();
  let accepted = 0;
  let served = 0;
  // Admitted clients not yet gone: refused ones, still closing, must not take up places.
  const admitted = new Set<ConnId>();
  let stopping: Promise<void> | undefined;

  const hooks = {
    onItem(client: ClientConnection, item: Received) {
      if (item.kind === "telnet") return answerTelnet(client, item);
      if (item.kind === "overflow") {
        log.event(
          "WARN",
          `${hub.describe(client)} sent a line over ${item.maxLineBytes} bytes; discarded`,
        );
        hub.say(
          client,
          formatSystem("error", "line-too-long", texts.lineTooLong(item.maxLineBytes)),
        );
        return;
      }
      hub.stats.linesReceived++;
      if (log.verbose) {
        const note = framingNote(item, options.pauseMs);
        log.event(
          "RECV",
          `${hub.describe(client)} ${item.bytes} bytes: ${quote(item.text)}${note}`,
        );
      }
      if (guards.allowLine(client)) {
        hub.dispatch({ type: "line", conn: client.id, text: item.text });
      }
    },
    onPeerGone(client: ClientConnection, cause: "closed" | "reset" | "dropped") {
      hub.dispatch({ type: "disconnect", conn: client.id, cause });
    },
    onEnded(client: ClientConnection, ending: Ending) {
      clients.delete(client.id);
      admitted.delete(client.id);
      const seconds = ((Date.now() - client.openedAt) / 1000).toFixed(1);
      const how = describeEnding(ending);
      log.event(
        "DISCONNECT",
        `#${client.id} ${client.peer} ${how} after ${seconds} s (${admitted.size} online)`,
      );
    },
  };

  /** Logs telnet negotiation as such (it is never text) and sends the refusals it calls for. */
  function answerTelnet(client: ClientConnection, item: TelnetReceived): void {
    const names = (commands: typeof item.commands) => commands.map(formatTelnet).join(", ");
    if (log.verbose) {
      const what = `${item.bytes} bytes: telnet ${names(item.commands)}`;
      log.event("RECV", `${hub.describe(client)} ${what}${framingNote(item, options.pauseMs)}`);
    }
    if (item.reply.length === 0) return;
    const reply = encodeNegotiation(item.reply);
    if (client.send(reply) && log.verbose) {
      log.event(
        "SEND",
        `${hub.describe(client)} ${reply.length} bytes: telnet ${names(item.reply)}`,
      );
    }
  }

  /** Refuses a newcomer with one error line and a clean close (FIN). */
  function refuse(client: ClientConnection, line: string, why: string): void {
    log.event("CONNECT", `New client #${client.id} ${client.peer} refused: ${why}`);
    hub.say(client, line);
    void client.closeGracefully(why);
    // Reading (and discarding) lets us see the peer's FIN instead of waiting out the linger.
    client.start();
  }

  function admit(conn: Deno.TcpConn): void {
    const id = ++accepted;
    const remote = conn.remoteAddr;
    const peer = formatPeer(remote.hostname, remote.port);
    try {
      // Nagle off: a chat line leaves now instead of waiting to be merged with the next one.
      conn.setNoDelay(true);
    } catch {
      // The peer may already be gone; the read loop will notice.
    }
    const client = new ClientConnection(conn, id, {
      maxLineBytes: options.maxLineBytes,
      maxQueueBytes: options.maxQueueBytes,
      flood: {
        linesPerSecond: options.floodLinesPerSecond,
        burst: options.floodBurst,
        dropAfter: options.floodDropAfter,
      },
      pauseMs: options.pauseMs,
    }, hooks);
    const perAddress = guards.refusePerAddress(remote.hostname);
    clients.set(id, client);
    if (perAddress) return refuse(client, perAddress.line, perAddress.why);
    if (admitted.size >= options.maxClients) {
      const line = formatSystem("error", "full", texts.full(options.maxClients));
      return refuse(client, line, `server full (${options.maxClients} clients)`);
    }
    served++;
    admitted.add(id);
    log.event("CONNECT", `New client #${id} ${peer} (${admitted.size} online)`);
    client.start();
    hub.dispatch({ type: "connect", conn: id, peer });
  }

  async function shutdown(): Promise<void> {
    guards.stop();
    listener.close();
    hub.clearTimers();
    const stoppingLine = formatSystem("notice", "stopping", texts.stopping());
    const closing: Promise<void>[] = [];
    for (const client of clients.values()) {
      if (client.isOpen) hub.say(client, stoppingLine);
      closing.push(client.closeGracefully("server stopping", SHUTDOWN_LINGER_MS));
    }
    await Promise.all(closing);
    await acceptDone;
    const uptime = ((Date.now() - startedAt) / 1000).toFixed(1);
    const { linesReceived, linesRelayed, linesSent, linesRefused } = hub.stats;
    log.event(
      "STOP",
      `uptime ${uptime} s, ${count(served, "client")} served, ${count(linesReceived, "line")} ` +
        `received, ${linesRelayed} relayed, ${linesSent} sent` +
        (linesRefused > 0 ? `, ${linesRefused} refused by flood control` : ""),
    );
    log.flush();
  }

  const acceptDone = acceptLoop(listener, log, () => stopping !== undefined, admit);
  return {
    addr,
    stop() {
      return stopping ??= shutdown();
    },
  };
}

function createHub(
  options: ServerOptions,
  clients: ReadonlyMap<ConnId, ClientConnection>,
  log: Logger,
): Hub<EchoState> | Hub<BroadcastState> | Hub<ChatState> {
  const timeoutMs = options.requestTimeoutSeconds * 1000;
  const texts = TEXTS[options.lang];
  switch (options.mode) {
    case "echo":
      return new Hub(echoMachine, clients, log, timeoutMs, texts);
    case "broadcast":
      return new Hub(broadcastMachine, clients, log, timeoutMs, texts);
    case "chat": {
      const chat = createChatMachine({
        requestTimeoutSeconds: options.requestTimeoutSeconds,
        texts,
      });
      return new Hub(chat, clients, log, timeoutMs, texts);
    }
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === "::1" || hostname.startsWith("127.") || hostname === "localhost";
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The `[DISCONNECT]` wording, naming the TCP flag a student will find in the capture. */
function describeEnding(ending: Ending): string {
  switch (ending.by) {
    case "peer":
      return ending.cause === "closed" ? "closed by peer (FIN)" : "reset by peer (RST)";
    case "server":
      return `closed by server (FIN): ${ending.why}`;
    case "dropped":
      return `dropped by server: ${ending.why}`;
  }
}
