/**
 * A TCP client that can end its connection with an RST, the way a killed or crashed program's
 * connection ends, instead of the FIN of a normal close.
 *
 * `Deno.Conn.close()` always sends a FIN, and the runtime exposes no SO_LINGER. Node's
 * `net.Socket.resetAndDestroy()` (Node 16.17 and 18.3; Deno's `node:net` has it too, in the
 * version tcpchat pins) sets SO_LINGER to zero before closing, and a zero linger makes the kernel
 * send an RST and drop the connection at once (the ABORT call of RFC 9293, section 3.10.5). The
 * other way to get an RST, closing with unread received data (RFC 1122 4.2.2.13; Linux does it,
 * not every system does), needs the server to have sent something first; this one works in every
 * mode and on every system.
 *
 * It keeps the last {@link RESET_PEER_MAX_LINES} lines it received, so that a program can wait
 * until the server's last message has arrived before the reset (an RST that overtakes a message
 * makes the server's write of it fail: the message would be logged but never on the wire).
 *
 * @example
 * ```ts ignore
 * const peer = await ResetPeer.connect("127.0.0.1", 3333);
 * await peer.type("hello");
 * await peer.reset(); // the server's read fails with ConnectionReset
 * ```
 * @module
 */

import { createConnection, type Socket } from "node:net";

/** How long a connect may take before it counts as failed, in ms. */
export const RESET_PEER_CONNECT_MS = 10_000;
/** Lines received that are kept for {@link ResetPeer.until}; older ones are dropped. */
export const RESET_PEER_MAX_LINES = 1000;
/** Longest line kept whole; the rest of a longer one is dropped. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * Ends `socket`'s connection with an RST instead of a FIN (see above): what every program of
 * tcpchat that plays a killed client calls, the grader's clients included.
 */
export function resetConnection(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

/** A connected client that can only type and reset. */
export class ResetPeer {
  /** The client's own port: its TCP stream in a capture, its `[CONNECT]` line in the log. */
  readonly localPort: number;
  readonly #socket: Socket;
  readonly #closed: Promise<void>;
  readonly #lines: string[] = [];
  #partial = "";
  #waiters: (() => void)[] = [];
  readonly #decoder = new TextDecoder();

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.localPort = socket.localPort ?? 0;
    this.#closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("data", (bytes: Uint8Array) => this.#received(bytes));
  }

  /** Connects to `hostname:port`; rejects with the runtime's error when it cannot. */
  static connect(hostname: string, port: number): Promise<ResetPeer> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: hostname, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new Error(`could not connect to ${hostname}:${port} within ${RESET_PEER_CONNECT_MS} ms`),
        );
      }, RESET_PEER_CONNECT_MS);
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        // A late error (the server's own RST) must not crash the program: the peer is gone anyway.
        socket.on("error", () => {});
        resolve(new ResetPeer(socket));
      });
    });
  }

  /** Sends `text` and a LF, and resolves once the bytes are handed to the kernel. */
  type(text: string): Promise<void> {
    return this.typeRaw(text + "\n");
  }

  /** Sends `text` exactly, without a LF. */
  typeRaw(text: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#socket.write(text, (error) => error ? reject(error) : resolve())
    );
  }

  /**
   * Waits until a line matching `pattern` has arrived (among the last ones kept); returns it.
   * Rejects after `ms`.
   */
  until(pattern: RegExp, ms: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.#lines.find((l) => pattern.test(l));
        if (line === undefined) return false;
        clearTimeout(timer);
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        reject(new Error(`no line matching ${pattern} within ${ms} ms`));
      }, ms);
      const wake = () => {
        if (check()) this.#waiters = this.#waiters.filter((w) => w !== wake);
      };
      if (!check()) this.#waiters.push(wake);
    });
  }

  /** Resets the connection (an RST, no FIN) and resolves once the socket is closed. */
  async reset(): Promise<void> {
    resetConnection(this.#socket);
    await this.#closed;
  }

  #received(bytes: Uint8Array): void {
    const parts = (this.#partial + this.#decoder.decode(bytes, { stream: true })).split("\n");
    this.#partial = (parts.pop() ?? "").slice(0, MAX_LINE_CHARS);
    this.#lines.push(...parts.map((l) => l.replace(/\r$/, "").slice(0, MAX_LINE_CHARS)));
    this.#lines.splice(0, Math.max(0, this.#lines.length - RESET_PEER_MAX_LINES));
    for (const wake of [...this.#waiters]) wake();
  }
}
