/**
 * The client's TCP connection: lines in, lines out, and a close that is always a FIN.
 *
 * Received bytes go through the same bounded line framer the server uses, without its editing:
 * a BS or DEL the server sent is text like any other byte, and the session decides how to show
 * it (a terminal shows `^H` and `^?`, see lib/core/sanitize.ts). Writes go out one at a time
 * in order; the caller awaits each (a pipe) or refuses new lines once `unsentBytes` reaches its
 * bound (a terminal), so what waits in the client stays bounded: the kernel's send buffer holds
 * the rest. Closing sends our FIN (`closeWrite`), keeps reading until the server's
 * FIN arrives, and only then releases the socket: closing with unread bytes would make the kernel
 * answer with an RST instead.
 *
 * @module
 */

import { type Framed, LineFramer } from "../core/line_framer.ts";
import { formatPeer } from "../core/protocol.ts";
import type { ClientTexts, ConnectionEnd } from "./texts.ts";

/** Bytes per read. */
const READ_BUFFER_BYTES = 16 * 1024;
/** After our FIN, how long to wait for the server's before releasing the socket anyway. */
export const CLIENT_LINGER_MS = 2000;
const encoder = new TextEncoder();

/** Most time a connection attempt may take. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The outcome of {@link connect}: a socket, or the line and exit code that say why not. */
export type Connected =
  | { readonly ok: true; readonly conn: Deno.TcpConn }
  | { readonly ok: false; readonly code: 1 | 2; readonly message: string };

/** Connects, turning every way it can fail into one clear line in the language of `texts`. */
export async function connect(host: string, port: number, texts: ClientTexts): Promise<Connected> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), CONNECT_TIMEOUT_MS);
  try {
    const conn = await Deno.connect({ hostname: host, port, signal: abort.signal });
    return { ok: true, conn };
  } catch (error) {
    return { ok: false, ...connectProblem(error, host, port, texts) };
  } finally {
    clearTimeout(timer);
  }
}

function connectProblem(error: unknown, host: string, port: number, t: ClientTexts) {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof Deno.errors.ConnectionRefused) {
    return { code: 1 as const, message: t.refused(host, port) };
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return { code: 1 as const, message: t.noPermission() };
  }
  if (/lookup address|Name or service not known|No such host|nodename nor servname/i.test(detail)) {
    return { code: 2 as const, message: t.unknownHost(host) };
  }
  if (error instanceof DOMException && error.name === "AbortError") {
    return { code: 1 as const, message: t.timedOut(host, port, CONNECT_TIMEOUT_MS / 1000) };
  }
  return { code: 1 as const, message: t.cannotConnect(host, port, detail) };
}

/** An open connection to a server. */
export class ServerConnection {
  /** `ip:port` of our end, as Wireshark shows it. */
  readonly local: string;
  /** `ip:port` of the server's end. */
  readonly remote: string;
  /** Resolves once, when the connection is over and the socket released. */
  readonly ended: Promise<ConnectionEnd>;
  readonly #conn: Deno.TcpConn;
  readonly #framer: LineFramer;
  #writing: Promise<void> = Promise.resolve();
  #unsent = 0;
  #phase: "open" | "closing" | "closed" = "open";
  #lost: ConnectionEnd | null = null;
  #finished!: (end: ConnectionEnd) => void;

  /**
   * Wraps a connected socket and starts reading. `onReceive` gets what each read completed:
   * lines, and `overflow` for a line longer than `maxLineBytes` (dropped).
   */
  constructor(
    conn: Deno.TcpConn,
    maxLineBytes: number,
    readonly onReceive: (items: readonly Framed[]) => void,
  ) {
    this.#conn = conn;
    // The server's output is shown as it was sent, not as if someone had typed it.
    this.#framer = new LineFramer({ maxLineBytes, editing: false });
    this.local = formatPeer(conn.localAddr.hostname, conn.localAddr.port);
    this.remote = formatPeer(conn.remoteAddr.hostname, conn.remoteAddr.port);
    this.ended = new Promise((resolve) => this.#finished = resolve);
    void this.#readLoop();
  }

  /** Bytes sent but not yet taken by the kernel: they pile up only when the server stops reading. */
  get unsentBytes(): number {
    return this.#unsent;
  }

  /** True until the connection starts closing. */
  get isOpen(): boolean {
    return this.#phase === "open";
  }

  /** Sends `lines`, each with a LF, in one write. Resolves when the kernel has them all. */
  send(lines: readonly string[]): Promise<void> {
    if (this.#phase !== "open" || lines.length === 0) return this.#writing;
    const bytes = encoder.encode(lines.map((l) => l + "\n").join(""));
    this.#unsent += bytes.length;
    this.#writing = this.#writing.then(() => this.#writeAll(bytes));
    return this.#writing;
  }

  /** Closes with a FIN after what was sent, waits (bounded) for the server's FIN, releases. */
  async close(lingerMs = CLIENT_LINGER_MS): Promise<ConnectionEnd> {
    if (this.#phase === "open") {
      this.#phase = "closing";
      await this.#writing;
      try {
        await this.#conn.closeWrite();
      } catch {
        // Already reset or closed: the read loop reports how.
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const linger = new Promise<void>((resolve) => timer = setTimeout(resolve, lingerMs));
      await Promise.race([this.ended, linger.then(() => this.#release({ by: "client" }))]);
      clearTimeout(timer);
    }
    return this.ended;
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    try {
      let rest = bytes;
      while (rest.length > 0 && this.#phase !== "closed") {
        rest = rest.subarray(await this.#conn.write(rest));
      }
    } catch (error) {
      this.#lost ??= lostBy(error);
    } finally {
      this.#unsent -= bytes.length;
    }
  }

  async #readLoop(): Promise<void> {
    const buffer = new Uint8Array(READ_BUFFER_BYTES);
    while (true) {
      let n: number | null;
      try {
        n = await this.#conn.read(buffer);
      } catch (error) {
        if (this.#phase === "closed") return;
        return this.#release(lostBy(error));
      }
      if (n === null) {
        const tail = this.#framer.end();
        if (tail.length > 0) this.onReceive(tail);
        // A failed write means the server never got everything: that is not a clean close.
        if (this.#lost) return this.#release(this.#lost);
        return this.#release({ by: this.#phase === "open" ? "server" : "client" });
      }
      const items = this.#framer.push(buffer.subarray(0, n));
      if (items.length > 0) this.onReceive(items);
    }
  }

  #release(end: ConnectionEnd): void {
    if (this.#phase === "closed") return;
    this.#phase = "closed";
    try {
      this.#conn.close();
    } catch {
      // Closed already.
    }
    this.#finished(end);
  }
}

function lostBy(error: unknown): ConnectionEnd {
  const detail = error instanceof Error ? error.message : String(error);
  const reset = error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.BrokenPipe;
  return { by: "lost", reason: reset ? "reset" : "error", detail };
}
