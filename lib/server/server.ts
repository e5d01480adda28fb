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
import type { Framed } from "../core/line_framer.ts";
import type { ConnId } from "../core/machine.ts";
import { formatPeer, formatSystem } from "../core/protocol.ts";
import { TEXTS } from "../core/texts.ts";
import { ClientConnection, type Ending } from "./client_connection.ts";
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

/** After accept() fails for lack of file descriptors, wait this long before trying again. */
const ACCEPT_RETRY_MS = 100;
/** At shutdown, wait only briefly for clients' FINs: a stop must feel immediate. */
const SHUTDOWN_LINGER_MS = 300;
const encoder = new TextEncoder();

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

  const texts = TEXTS[options.lang];
  const clients = new Map<ConnId, ClientConnection>();
  const hub = createHub(options, clients, log);
  const startedAt = Date.now();
  let accepted = 0;
  let served = 0;
  let stopping: Promise<void> | undefined;

  const hooks = {
    onItem(client: ClientConnection, item: Framed) {
      if (item.kind === "overflow") {
        log.event(
          "WARN",
          `${hub.describe(client)} sent a line over ${item.maxLineBytes} bytes; discarded`,
        );
        const line = formatSystem("error", "line-too-long", texts.lineTooLong(item.maxLineBytes));
        client.send(encoder.encode(line + "\n"));
        return;
      }
      hub.stats.linesReceived++;
      if (log.verbose) {
        log.event("RECV", `${hub.describe(client)} ${item.bytes} bytes: ${quote(item.text)}`);
      }
      hub.dispatch({ type: "line", conn: client.id, text: item.text });
    },
    onPeerGone(client: ClientConnection, cause: "closed" | "reset" | "dropped") {
      hub.dispatch({ type: "disconnect", conn: client.id, cause });
    },
    onEnded(client: ClientConnection, ending: Ending) {
      clients.delete(client.id);
      const seconds = ((Date.now() - client.openedAt) / 1000).toFixed(1);
      log.event(
        "DISCONNECT",
        `#${client.id} ${client.peer} ${
          describeEnding(ending)
        } after ${seconds} s (${clients.size} online)`,
      );
    },
  };

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
    const client = new ClientConnection(conn, id, peer, {
      maxLineBytes: options.maxLineBytes,
      maxQueueBytes: options.maxQueueBytes,
    }, hooks);
    if (clients.size >= options.maxClients) {
      clients.set(id, client);
      log.event(
        "CONNECT",
        `New client #${id} ${peer} refused: server full (${options.maxClients} clients)`,
      );
      client.send(
        encoder.encode(formatSystem("error", "full", texts.full(options.maxClients)) + "\n"),
      );
      void client.closeGracefully(`server full (${options.maxClients} clients)`);
      // Reading (and discarding) lets us see the peer's FIN instead of waiting out the linger.
      client.start();
      return;
    }
    clients.set(id, client);
    served++;
    log.event("CONNECT", `New client #${id} ${peer} (${clients.size} online)`);
    client.start();
    hub.dispatch({ type: "connect", conn: id, peer });
  }

  async function acceptLoop(): Promise<void> {
    while (!stopping) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (stopping) return;
        // The loop must outlive every accept() failure: EMFILE, a reset before accept, ...
        log.event("ERROR", `accept failed: ${error instanceof Error ? error.message : error}`);
        await new Promise((resolve) => setTimeout(resolve, ACCEPT_RETRY_MS));
        continue;
      }
      if (stopping) {
        conn.close();
        return;
      }
      admit(conn);
    }
  }

  async function shutdown(): Promise<void> {
    listener.close();
    hub.clearTimers();
    const stoppingText = formatSystem("notice", "stopping", texts.stopping());
    const stoppingLine = encoder.encode(stoppingText + "\n");
    const closing: Promise<void>[] = [];
    for (const client of clients.values()) {
      if (client.isOpen && client.send(stoppingLine) && log.verbose) {
        log.event(
          "SEND",
          `${hub.describe(client)} ${stoppingLine.length} bytes: ${quote(stoppingText)}`,
        );
      }
      closing.push(client.closeGracefully("server stopping", SHUTDOWN_LINGER_MS));
    }
    await Promise.all(closing);
    await acceptDone;
    const uptime = ((Date.now() - startedAt) / 1000).toFixed(1);
    const { linesReceived, linesRelayed, linesSent } = hub.stats;
    log.event(
      "STOP",
      `uptime ${uptime} s, ${count(served, "client")} served, ${
        count(linesReceived, "line")
      } received, ` +
        `${linesRelayed} relayed, ${linesSent} sent`,
    );
    log.flush();
  }

  const acceptDone = acceptLoop();
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
  switch (options.mode) {
    case "echo":
      return new Hub(echoMachine, clients, log, timeoutMs);
    case "broadcast":
      return new Hub(broadcastMachine, clients, log, timeoutMs);
    case "chat": {
      const chat = createChatMachine({
        requestTimeoutSeconds: options.requestTimeoutSeconds,
        texts: TEXTS[options.lang],
      });
      return new Hub(chat, clients, log, timeoutMs);
    }
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The `[DISCONNECT]` wording, naming the TCP flag a student will find in the capture. */
export function describeEnding(ending: Ending): string {
  switch (ending.by) {
    case "peer":
      return ending.cause === "closed" ? "closed by peer (FIN)" : "reset by peer (RST)";
    case "server":
      return `closed by server (FIN): ${ending.why}`;
    case "dropped":
      return `dropped by server: ${ending.why}`;
  }
}
