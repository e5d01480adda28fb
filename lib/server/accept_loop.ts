/**
 * The accept loop, which must outlive every failure of `accept()`.
 *
 * Running out of file descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) pauses accepting
 * until some are freed: logged once when it starts and once when it ends. Any other failure
 * concerns one connection only (Deno's accept() fails with ENOTCONN when the peer reset before we
 * got to it), so it is one `[WARN]` and the next connection is accepted at once. A plain
 * `for await (const conn of listener)` would simply end on the first EMFILE.
 *
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import { classifyNetError } from "../net/errors.ts";
import type { Logger } from "./logger.ts";

/** After accept() fails for lack of descriptors or memory, wait this long before trying again. */
const RETRY_MS = 100;

/** Accepts connections until `stopped()` says so (or the listener is closed). */
export async function acceptLoop(
  listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>,
  log: Logger,
  stopped: () => boolean,
  admit: (conn: Deno.TcpConn) => void,
  clock: Clock = systemClock,
): Promise<void> {
  let outOfResources = false;
  while (!stopped()) {
    let conn: Deno.TcpConn;
    try {
      conn = await listener.accept();
    } catch (error) {
      if (stopped()) return;
      const { kind, detail } = classifyNetError(error);
      if (kind !== "out-of-descriptors") {
        log.event("WARN", `a connection ended before it could be accepted: ${detail}`);
        continue;
      }
      if (!outOfResources) {
        log.event(
          "ERROR",
          `accept failed: ${detail}; not accepting until descriptors are freed ` +
            `(raise the limit with ulimit -n, or lower --max-clients)`,
        );
      }
      outOfResources = true;
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), RETRY_MS));
      continue;
    }
    if (stopped()) {
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
