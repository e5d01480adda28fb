/**
 * The TCP server: `Deno.listen`, an accept loop that hands each socket to {@link Connections},
 * and a clean stop.
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

import { type Clock, systemClock } from "../clock.ts";
import { formatPeer } from "../core/protocol.ts";
import { acceptLoop } from "./accept_loop.ts";
import { Connections } from "./connections.ts";
import type { Logger } from "./logger.ts";
import type { Operator } from "./operator.ts";
import type { ServerOptions } from "./options.ts";

/** A running server. */
export interface RunningServer {
  /** The address actually listened on (the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** What the server's console does to the connections (who, say, kick). */
  readonly operator: Operator;
  /** Tells every client, closes every connection, logs `[STOP]`. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Starts listening. Throws the runtime's error (e.g. `AddrInUse`) if it cannot listen. */
export function startServer(
  options: ServerOptions,
  log: Logger,
  clock: Clock = systemClock,
): RunningServer {
  const listener = Deno.listen({ hostname: options.host, port: options.port, transport: "tcp" });
  const addr = listener.addr;
  const where = formatPeer(addr.hostname, addr.port);
  log.plain("START", `TCP multi-client server on ${where}`);
  log.plain("INFO", `Server ready, listening on ${where}`);
  log.plain(
    "INFO",
    `mode ${options.mode}${
      options.capitalize ? " (answers capitalized like the course's example)" : ""
    }, up to ${options.maxClients} clients, lines up to ${options.maxLineBytes} bytes; ` +
      `connect with: nc ${addr.hostname} ${addr.port}`,
  );

  if (!isLoopback(addr.hostname)) {
    log.plain(
      "WARN",
      `listening beyond this machine (${addr.hostname}): anyone who can reach it on port ` +
        `${addr.port} can connect; your firewall must allow it`,
    );
  }

  const connections = new Connections(options, log, clock);
  let stopping: Promise<void> | undefined;

  function admit(conn: Deno.TcpConn): void {
    try {
      // Nagle off: a chat line leaves now instead of waiting to be merged with the next one.
      conn.setNoDelay(true);
    } catch {
      // The peer may already be gone; the read loop will notice.
    }
    connections.admit(conn);
  }

  async function shutdown(): Promise<void> {
    listener.close();
    await connections.closeAll();
    await acceptDone;
    log.event("STOP", connections.summary());
    log.flush();
  }

  const acceptDone = acceptLoop(listener, log, () => stopping !== undefined, admit, clock);
  return {
    addr,
    operator: connections.operator,
    stop() {
      return stopping ??= shutdown();
    },
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === "::1" || hostname.startsWith("127.") || hostname === "localhost";
}
