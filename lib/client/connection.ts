/**
 * The client's TCP connection: bytes in, bytes or lines out, and a close that is always a FIN.
 *
 * Received bytes go to a {@link Receiver} as they arrived: a pipe copies them as they are, and
 * what shows lines on a terminal frames them with {@link lineReceiver}, the same bounded line
 * framer the server uses, without its editing: a BS or DEL the server sent is text like any other
 * byte, and the session decides how to show it (a terminal shows `^H` and `^?`, see
 * lib/core/sanitize.ts). Writes go out one at a time in order; the caller awaits each (a pipe) or
 * refuses new lines once `unsentBytes` reaches its bound (a terminal), so what waits in the client
 * stays bounded: the kernel's send buffer holds the rest. Closing follows the protocol both programs share (`lib/net/link.ts`): what was sent
 * leaves, then our FIN, then reading until the server's FIN, and only then is the socket released:
 * closing with unread bytes would make the kernel answer with an RST instead.
 *
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import { type Framed, LineFramer } from "../core/line_framer.ts";
import { formatPeer } from "../core/protocol.ts";
import { classifyNetError, type NetError } from "../net/errors.ts";
import { fixedReadTarget, Link, type LinkEnd } from "../net/link.ts";
import type { Transport } from "../net/transport.ts";
import type { ClientTexts, ConnectionEnd } from "./texts.ts";

/** Bytes per read. */
const READ_BUFFER_BYTES = 16 * 1024;
const encoder = new TextEncoder();

/** Most time a connection attempt may take. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The outcome of {@link connect}: a socket, or the line and exit code that say why not. */
export type Connected =
  | { readonly ok: true; readonly conn: Deno.TcpConn }
  | { readonly ok: false; readonly code: 1 | 2; readonly message: string };

/** Connects, turning every way it can fail into one clear line in the language of `texts`. */
export async function connect(
  host: string,
  port: number,
  texts: ClientTexts,
  clock: Clock = systemClock,
): Promise<Connected> {
  const abort = new AbortController();
  const timer = clock.setTimeout(() => abort.abort(), CONNECT_TIMEOUT_MS);
  try {
    const conn = await Deno.connect({ hostname: host, port, signal: abort.signal });
    return { ok: true, conn };
  } catch (error) {
    if (abort.signal.aborted) {
      return { ok: false, code: 1, message: texts.timedOut(host, port, CONNECT_TIMEOUT_MS / 1000) };
    }
    return { ok: false, ...connectProblem(error, host, port, texts) };
  } finally {
    clock.clearTimeout(timer);
  }
}

function connectProblem(error: unknown, host: string, port: number, t: ClientTexts) {
  const { kind, detail } = classifyNetError(error);
  switch (kind) {
    case "refused":
      return { code: 1 as const, message: t.refused(host, port) };
    case "no-permission":
    case "os-refused":
      return { code: 1 as const, message: t.noPermission() };
    case "unknown-host":
    case "invalid-host":
      return { code: 2 as const, message: t.unknownHost(host) };
    default:
      return { code: 1 as const, message: t.cannotConnect(host, port, detail) };
  }
}

/** What gets the server's bytes. */
export interface Receiver {
  /** Bytes as one read got them; valid only during the call (the buffer is read into again). */
  data(bytes: Uint8Array): void;
  /** The server's FIN: nothing more comes. */
  end(): void;
}

/**
 * A {@link Receiver} that frames the bytes into lines of at most `maxLineBytes` (longer ones come
 * as `overflow`, dropped) and gives `onLines` what each read completed.
 */
export function lineReceiver(
  maxLineBytes: number,
  onLines: (items: readonly Framed[]) => void,
): Receiver {
  // The server's output is shown as it was sent, not as if someone had typed it.
  const framer = new LineFramer({ maxLineBytes, editing: false });
  const deliver = (items: readonly Framed[]) => {
    if (items.length > 0) onLines(items);
  };
  return {
    data: (bytes) => deliver(framer.push(bytes)),
    end: () => deliver(framer.end()),
  };
}

/** An open connection to a server. */
export class ServerConnection {
  /** `ip:port` of our end, as Wireshark shows it. */
  readonly local: string;
  /** `ip:port` of the server's end. */
  readonly remote: string;
  /** Resolves once, when the connection is over and the socket released. */
  readonly ended: Promise<ConnectionEnd>;
  readonly #transport: Transport;
  readonly #link: Link;
  #writing: Promise<void> = Promise.resolve();
  #unsent = 0;

  /** Wraps a connected socket and starts reading; `receiver` gets what the server sends. */
  constructor(transport: Transport, receiver: Receiver, clock: Clock = systemClock) {
    this.#transport = transport;
    this.local = formatPeer(transport.localAddr.hostname, transport.localAddr.port);
    this.remote = formatPeer(transport.remoteAddr.hostname, transport.remoteAddr.port);
    // What arrives after our FIN is still the server's: it is shown, not discarded.
    this.#link = new Link(
      transport,
      {
        onData: (bytes) => receiver.data(bytes),
        onFin: () => receiver.end(),
        drain: () => this.#writing,
      },
      fixedReadTarget(READ_BUFFER_BYTES),
      clock,
    );
    this.ended = this.#link.ended.then(connectionEnd);
    this.#link.start();
  }

  /** Bytes sent but not yet taken by the kernel: they pile up only when the server stops reading. */
  get unsentBytes(): number {
    return this.#unsent;
  }

  /** True until the connection starts closing. */
  get isOpen(): boolean {
    return this.#link.phase === "open";
  }

  /** Sends `lines`, each with a LF, in one write. Resolves when the kernel has them all. */
  send(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return this.#writing;
    return this.sendBytes(encoder.encode(lines.map((l) => l + "\n").join("")));
  }

  /**
   * Sends `bytes` as they are, after what was sent before; resolves when the kernel has them all.
   * The connection keeps `bytes` until then: the caller must not reuse them.
   */
  sendBytes(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen || bytes.length === 0) return this.#writing;
    this.#unsent += bytes.length;
    this.#writing = this.#writing.then(() => this.#writeAll(bytes));
    return this.#writing;
  }

  /** Closes with a FIN after what was sent, waits (bounded) for the server's FIN, releases
   * (`Link.close`). */
  async close(lingerMs?: number): Promise<ConnectionEnd> {
    await this.#link.close(lingerMs);
    return this.ended;
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    try {
      let rest = bytes;
      while (rest.length > 0 && this.#link.phase !== "closed") {
        rest = rest.subarray(await this.#transport.write(rest));
      }
    } catch (error) {
      // The server never got everything: that is not a clean close.
      this.#link.fail(error);
    } finally {
      this.#unsent -= bytes.length;
    }
  }
}

/** The client's words for how its link ended. */
function connectionEnd(end: LinkEnd): ConnectionEnd {
  switch (end.how) {
    case "fin":
      if (end.by === "peer") return { by: "server" };
      return end.answer === "reset" ? lost(end.error) : { by: "client" };
    case "reset":
      return lost(end.error);
    case "discarded":
      return { by: "stalled" };
    case "dropped":
      // The client never drops its connection; were it to, it would have been its own close.
      return { by: "client" };
  }
}

function lost(error: NetError): ConnectionEnd {
  return { by: "lost", reason: error.kind === "reset" ? "reset" : "error", detail: error.detail };
}
