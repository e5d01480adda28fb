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
import { type CodeOf, formatPeer, formatSystem, type SystemKind } from "../core/protocol.ts";
import { encodeNegotiation, formatTelnet } from "../core/telnet.ts";
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
/** How often login and idle deadlines are checked. */
const SWEEP_MS = 1000;
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
  const startedAt = Date.now();
  let accepted = 0;
  let served = 0;
  let stopping: Promise<void> | undefined;

  const hooks = {
    onItem(client: ClientConnection, item: Received) {
      if (item.kind === "telnet") return answerTelnet(client, item);
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
        log.event(
          "RECV",
          `${hub.describe(client)} ${item.bytes} bytes: ${quote(item.text)}${
            framingNote(item, options.pauseMs)
          }`,
        );
      }
      const verdict = client.flood.take(performance.now());
      if (verdict === "pass") {
        return hub.dispatch({ type: "line", conn: client.id, text: item.text });
      }
      hub.stats.linesRefused++;
      if (verdict === "warn") {
        log.event(
          "WARN",
          `${
            hub.describe(client)
          } is flooding: lines over ${options.floodLinesPerSecond}/s are dropped`,
        );
        client.send(
          systemLine(
            "error",
            "flood",
            texts.flood(options.floodLinesPerSecond, options.floodBurst),
          ),
        );
      } else if (verdict === "drop") {
        endClient(client, `flooding (${options.floodDropAfter} lines refused in a row)`);
      }
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

  function countFrom(hostname: string): number {
    let n = 0;
    for (const c of clients.values()) if (c.isOpen && c.hostname === hostname) n++;
    return n;
  }

  /** Ends a client for breaking a rule: its partners are told, it gets one last line. */
  function endClient(client: ClientConnection, why: string, farewell?: Uint8Array): void {
    if (!client.isOpen) return;
    log.event("WARN", `${hub.describe(client)} disconnected: ${why}`);
    hub.dispatch({ type: "disconnect", conn: client.id, cause: "dropped" });
    void client.drop(why, farewell);
  }

  // One timer for every connection's deadlines (login and idle): cheaper than a timer each.
  const sweeper = setInterval(() => {
    const now = Date.now();
    const idleMs = options.idleTimeoutSeconds * 1000;
    const loginMs = options.loginTimeoutSeconds * 1000;
    for (const client of clients.values()) {
      if (!client.isOpen) continue;
      if (options.mode === "chat" && now - client.openedAt > loginMs && !hub.hasName(client.id)) {
        const text = texts.loginTimeout(options.loginTimeoutSeconds);
        endClient(
          client,
          `no ID within ${options.loginTimeoutSeconds} s`,
          systemLine("error", "login-timeout", text),
        );
      } else if (idleMs > 0 && now - client.lastLineAt > idleMs) {
        const text = texts.idle(options.idleTimeoutSeconds);
        endClient(
          client,
          `idle for ${options.idleTimeoutSeconds} s`,
          systemLine("error", "idle", text),
        );
      }
    }
  }, SWEEP_MS);
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
    const client = new ClientConnection(conn, id, peer, remote.hostname, {
      maxLineBytes: options.maxLineBytes,
      maxQueueBytes: options.maxQueueBytes,
      flood: {
        linesPerSecond: options.floodLinesPerSecond,
        burst: options.floodBurst,
        dropAfter: options.floodDropAfter,
      },
      pauseMs: options.pauseMs,
    }, hooks);
    const fromSameIp = options.maxPerIp > 0 ? countFrom(remote.hostname) : 0;
    if (options.maxPerIp > 0 && fromSameIp >= options.maxPerIp) {
      clients.set(id, client);
      log.event(
        "CONNECT",
        `New client #${id} ${peer} refused: ${fromSameIp} connections from ${remote.hostname}`,
      );
      client.send(systemLine("error", "too-many-from-ip", texts.tooManyFromIp(options.maxPerIp)));
      void client.closeGracefully(
        `too many connections from ${remote.hostname} (${options.maxPerIp})`,
      );
      client.start();
      return;
    }
    if (clients.size >= options.maxClients) {
      clients.set(id, client);
      log.event(
        "CONNECT",
        `New client #${id} ${peer} refused: server full (${options.maxClients} clients)`,
      );
      client.send(systemLine("error", "full", texts.full(options.maxClients)));
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
    let outOfResources = false;
    while (!stopping) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (stopping) return;
        // The loop must outlive every accept() failure. Running out of descriptors or memory
        // pauses accepting until some are freed; any other failure concerns one connection only
        // (e.g. reset before we could accept it) and the next one is accepted at once.
        const message = error instanceof Error ? error.message : String(error);
        if (!isOutOfResources(message)) {
          log.event("WARN", `a connection ended before it could be accepted: ${message}`);
          continue;
        }
        if (!outOfResources) {
          log.event(
            "ERROR",
            `accept failed: ${message}; not accepting until descriptors are freed ` +
              `(raise the limit with ulimit -n, or lower --max-clients)`,
          );
        }
        outOfResources = true;
        await new Promise((resolve) => setTimeout(resolve, ACCEPT_RETRY_MS));
        continue;
      }
      if (stopping) {
        conn.close();
        return;
      }
      if (outOfResources) {
        outOfResources = false;
        log.event("INFO", "accepting connections again");
      }
      admit(conn);
    }
  }

  async function shutdown(): Promise<void> {
    clearInterval(sweeper);
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
    const { linesReceived, linesRelayed, linesSent, linesRefused } = hub.stats;
    log.event(
      "STOP",
      `uptime ${uptime} s, ${count(served, "client")} served, ${
        count(linesReceived, "line")
      } received, ` +
        `${linesRelayed} relayed, ${linesSent} sent` +
        (linesRefused > 0 ? `, ${linesRefused} refused by flood control` : ""),
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

function systemLine<K extends SystemKind>(kind: K, code: CodeOf<K>, text: string): Uint8Array {
  return encoder.encode(formatSystem(kind, code, text) + "\n");
}

function isLoopback(hostname: string): boolean {
  return hostname === "::1" || hostname.startsWith("127.") || hostname === "localhost";
}

/** EMFILE, ENFILE, ENOBUFS, ENOMEM: the process or system is out of something, not the peer. */
function isOutOfResources(message: string): boolean {
  return /os error (24|23|105|12)\)|too many open files/i.test(message);
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
