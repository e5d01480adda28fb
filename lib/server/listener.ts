/**
 * The server's listening socket, and why it is `node:net`'s.
 *
 * **TCP keep-alive.** A client whose machine vanishes (a cable pulled, a laptop closed, Wi-Fi
 * gone) sends no FIN and no RST: without keep-alive its connection, and its chat ID, stay until
 * the server restarts. Keep-alive only helps if it starts soon: the kernel's default waits 2 hours
 * of silence before the first probe (Linux `tcp_keepalive_time` 7200 s). In Deno 2.9,
 * `Deno.TcpConn.setKeepAlive()` only switches SO_KEEPALIVE on, with that default; Deno exposes no
 * TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT or TCP_USER_TIMEOUT (denoland/deno#35634 asks for
 * them). `node:net`'s `socket.setKeepAlive(true, ms)` does set the socket's own idle time
 * (TCP_KEEPIDLE on Linux, TCP_KEEPALIVE on macOS; denoland/deno#34865), so the server accepts
 * through `node:net` and adapts each socket to a `Transport` (`lib/net/node_transport.ts`). The
 * probes' interval and count stay the system's (Linux: 9 probes 75 s apart): docs/RELIABILITY.md
 * gives the resulting times. The cost, measured with `deno task bench`, is in that file too.
 *
 * **Listening errors.** `Deno.listen` is tried first, and closed at once: it says precisely why
 * listening fails (the address is in use, is not this machine's, needs root, or `--allow-net` is
 * missing), where `node:net` reports an address that is not this machine's as EINVAL and a missing
 * permission as an exception nobody can catch. `node:net` then listens on the address and port
 * found. If another program takes an ephemeral port in that instant, a new one is tried.
 *
 * **Accepting again.** In Deno 2.9 a `node:net` server that fails to accept once (EMFILE: out of
 * file descriptors) never polls its listening socket again, even once descriptors are free: it
 * accepts nothing more, silently (seen with `prlimit --nofile=64`; `libs/core/uv_compat/tcp.rs`
 * stops its accept loop at the first error). The server never lets that happen for its own
 * sockets (`descriptors.ts`), and as a deliberate workaround re-arms the listening handle every
 * {@link REARM_MS} (`_handle.listen()`, which libuv and Deno's emulation of it treat as "poll
 * again" on a socket that already listens), so accepting resumes by itself whatever ran out.
 *
 * @module
 */

import { createServer, type Server, type Socket } from "node:net";
import { type Clock, systemClock, type TimerId } from "../clock.ts";
import { classifyNetError } from "../net/errors.ts";

/** How often the listening handle is re-armed (see the module's "Accepting again"). */
export const REARM_MS = 250;
/** Connections waiting to be accepted, as node's default (and Deno's `Deno.listen`). */
const BACKLOG = 511;
/** Attempts at an ephemeral port that another program may take between the two listens. */
const EPHEMERAL_TRIES = 3;

/** A listening socket. */
export interface Listener {
  /** The address actually listened on (the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** Stops listening; accepted connections are not touched. */
  close(): void;
}

/**
 * Listens on `hostname:port`, calling `onSocket` with each accepted socket. Rejects with the
 * runtime's error (classify it with `classifyNetError`) when it cannot listen.
 */
export async function listen(
  hostname: string,
  port: number,
  onSocket: (socket: Socket) => void,
  clock: Clock = systemClock,
): Promise<Listener> {
  for (let attempt = 1;; attempt++) {
    const probe = Deno.listen({ hostname, port, transport: "tcp" });
    const addr = probe.addr;
    probe.close();
    const server = createServer({ allowHalfOpen: true }, onSocket);
    try {
      await listening(server, addr);
    } catch (error) {
      const retry = port === 0 && attempt < EPHEMERAL_TRIES &&
        classifyNetError(error).kind === "address-in-use";
      if (!retry) throw error;
      continue;
    }
    return { addr, close: rearming(server, clock) };
  }
}

function listening(server: Server, addr: Deno.NetAddr): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: addr.hostname, port: addr.port, backlog: BACKLOG }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Re-arms `server`'s listening handle every {@link REARM_MS}; returns how to stop listening. */
function rearming(server: Server, clock: Clock): () => void {
  // The handle is node's internal TCP wrap: if a later Deno has none, there is nothing to re-arm.
  const handle = (server as unknown as { _handle?: { listen?: (backlog: number) => number } })
    ._handle;
  let timer: TimerId | undefined;
  const rearm = () => {
    handle?.listen?.(BACKLOG);
    timer = clock.setTimeout(rearm, REARM_MS, { background: true });
  };
  if (typeof handle?.listen === "function") {
    timer = clock.setTimeout(rearm, REARM_MS, { background: true });
  }
  return () => {
    clock.clearTimeout(timer);
    server.close();
  };
}
