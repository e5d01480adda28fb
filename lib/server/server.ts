/**
 * The TCP server: a listening socket (`listener.ts`) whose accepted sockets get Nagle off and TCP
 * keep-alive, each handed to {@link Connections}, and a clean stop.
 *
 * @example
 * ```ts ignore
 * const log = new Logger({ console: Deno.stdout, color: false, quiet: false });
 * const server = await startServer({ ...options, port: 0 }, log);
 * console.log(server.addr.port);
 * await server.stop();
 * ```
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import { formatPeer } from "../core/protocol.ts";
import type { Socket } from "node:net";
import { NodeTransport } from "../net/node_transport.ts";
import { addressHint, connectHint, type InterfaceAddress } from "./connect_hint.ts";
import { Connections } from "./connections.ts";
import { descriptorRoom, shareDescriptors } from "./descriptors.ts";
import { listen } from "./listener.ts";
import type { Logger } from "./logger.ts";
import type { Operator } from "./operator.ts";
import type { ServerOptions } from "./options.ts";
import { LiveView } from "./web/live_view.ts";
import {
  DEFAULT_MAX_WEB_CONNECTIONS,
  isLoopback,
  startWebServer,
  type WebServer,
} from "./web/web_server.ts";
import { RefusalLog } from "./web/refusal_log.ts";
import { VERSION } from "../version.ts";

/** A running server. */
export interface RunningServer {
  /** The address actually listened on (the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** What the server's console does to the connections (who, say, kick). */
  readonly operator: Operator;
  /** The live view, with `--web`. */
  readonly web?: WebServer;
  /** Tells every client, closes every connection, logs `[STOP]`. Safe to call more than once. */
  stop(): Promise<void>;
}

/** The live view could not listen (`--web`); `cause` is the runtime's error. */
export class WebListenError extends Error {
  constructor(readonly address: { hostname: string; port: number }, cause: unknown) {
    super(`the live view cannot listen on ${formatPeer(address.hostname, address.port)}`, {
      cause,
    });
  }
}

/**
 * Starts listening. Rejects with the runtime's error (e.g. `AddrInUse`) if it cannot listen, or
 * with a {@link WebListenError} if the live view cannot.
 */
export async function startServer(
  options: ServerOptions,
  log: Logger,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  // The live view's connections are measured and bounded apart from the chat's: a flood of them
  // never leaves a chat newcomer without a descriptor (not even for `! full`).
  const webWanted = options.web === undefined ? 0 : DEFAULT_MAX_WEB_CONNECTIONS;
  const share = shareDescriptors(
    descriptorRoom(options.maxClients + webWanted),
    options.maxClients,
    webWanted,
  );
  const connections = new Connections(options, log, clock, share.chat);
  let stopping: Promise<void> | undefined;

  function admit(socket: Socket): void {
    if (stopping !== undefined) return void socket.destroy();
    if (socket.remoteAddress === undefined) {
      // Reset by the peer before it was accepted: nobody is there to serve or tell.
      connections.unaccepted();
      return void socket.destroy();
    }
    // Nagle off: a chat line leaves now instead of waiting to be merged with the next one.
    socket.setNoDelay(true);
    // The kernel probes a connection silent for this long, and ends it when the probes go
    // unanswered: a client whose machine vanished frees its ID (docs/RELIABILITY.md).
    if (options.keepaliveSeconds > 0) socket.setKeepAlive(true, options.keepaliveSeconds * 1000);
    connections.admit(new NodeTransport(socket));
  }

  const listener = await listen(options.host, options.port, admit, clock);
  const addr = listener.addr;
  const where = formatPeer(addr.hostname, addr.port);
  log.plain("START", `TCP multi-client server on ${where}`);
  log.plain("INFO", `Server ready, listening on ${where}`);
  const wildcard = addr.hostname === "0.0.0.0" || addr.hostname === "::";
  const hint = connectHint(addr, wildcard ? machineAddresses() : null, dualStack());
  log.plain(
    "INFO",
    `mode ${options.mode}${
      options.capitalize ? " (answers capitalized like the course's example)" : ""
    }, up to ${options.maxClients} clients, lines up to ${options.maxLineBytes} bytes; ` +
      hint,
  );

  if (connections.capacity < options.maxClients) {
    log.plain(
      "WARN",
      `the file-descriptor limit leaves room for ${connections.capacity} clients, not ` +
        `--max-clients ${options.maxClients}: newcomers past ${connections.capacity} get "! full". ` +
        `Raise the limit before starting (ulimit -n ${
          options.maxClients + 64
        }), or lower --max-clients`,
    );
  }
  if (!isLoopback(addr.hostname)) {
    log.plain(
      "WARN",
      `listening beyond this machine (${addr.hostname}): anyone who can reach it on port ` +
        `${addr.port} can connect; your firewall must allow it`,
    );
  }

  let web: WebServer | undefined;
  if (options.web) {
    const live = new LiveView({
      mode: options.mode,
      lang: options.lang,
      webText: options.webText,
      listen: where,
      keepaliveSeconds: options.keepaliveSeconds,
      version: VERSION,
      onDropped: (peer) =>
        log.event("WARN", `live view: the page at ${peer} stopped reading; dropped`),
    }, clock);
    // The live view is fed by the same events the log is written from. Added before this
    // function first yields, so it sees every connection the listener hands over.
    connections.traffic.add(live);
    try {
      const refusals = new RefusalLog((line) => log.event("WARN", line), () => clock.now());
      web = await startWebServer(options.web, live, {
        maxConnections: share.web,
        clock,
        onRefused: (kind, peer) => refusals.refused(kind, peer),
      });
    } catch (error) {
      listener.close();
      throw new WebListenError(options.web, error);
    }
    log.plain("INFO", viewHint(web));
    if (web.token !== undefined) {
      log.plain(
        "WARN",
        `the live view listens beyond this machine (${web.addr.hostname}): it shows the chat ` +
          `to whoever has its link with the token`,
      );
    }
  }

  async function shutdown(): Promise<void> {
    listener.close();
    await connections.closeAll();
    await web?.stop();
    log.event("STOP", connections.summary());
    log.flush();
  }

  return {
    addr,
    operator: connections.operator,
    web,
    stop() {
      return stopping ??= shutdown();
    },
  };
}

/**
 * `live view: open URL`; on every interface (`--web 0.0.0.0:PORT`), the URLs others can open, then
 * this computer's, as the chat's `connect with:` hint offers its addresses.
 */
function viewHint(web: WebServer): string {
  const { hostname, port } = web.addr;
  const query = web.token === undefined ? "" : `?token=${web.token}`;
  const url = (address: string) => `http://${formatPeer(address, port)}/${query}`;
  const wildcard = hostname === "0.0.0.0" || hostname === "::";
  return wildcard
    ? addressHint("live view: open ", url, hostname, machineAddresses(), dualStack())
    : `live view: open ${web.url}`;
}

/**
 * This machine's interface addresses, or `null` when the program may not read them (it needs
 * `--allow-sys=networkInterfaces`; asked without prompting) or the system cannot list them.
 */
function machineAddresses(): InterfaceAddress[] | null {
  const permission = Deno.permissions.querySync({ name: "sys", kind: "networkInterfaces" });
  if (permission.state !== "granted") return null;
  try {
    return Deno.networkInterfaces();
  } catch {
    // Not supported here: the hint says how to find the address by hand.
    return null;
  }
}

/** Whether `::` also takes IPv4 connections: yes on Linux and macOS, not on Windows. */
function dualStack(): boolean {
  return Deno.build.os !== "windows";
}
