/**
 * Test support: a peer that ends its connection with an RST, like a killed client, in Deno alone.
 *
 * `Deno.Conn.close()` sends a FIN unless received bytes are still unread, and a peer cannot count
 * on the server having sent it something. `node:net`'s `resetAndDestroy()` can: it sets SO_LINGER
 * to zero before closing, so the kernel sends an RST whatever the buffers hold (libuv's
 * `uv_tcp_close_reset`; in Deno since 2.7.13's native TCP handle). The peer never reads.
 *
 * @example
 * ```ts ignore
 * const peer = await ResetPeer.connect("127.0.0.1", 3333);
 * await peer.typeRaw("half a li");
 * await peer.reset(); // the server's read fails with ConnectionReset
 * ```
 * @module
 */

import { connect, type Socket } from "node:net";

const encoder = new TextEncoder();

/** A connected peer that can only type and reset. */
export class ResetPeer {
  /** The peer's own port, as the server logs it. */
  readonly localPort: number;
  readonly #socket: Socket;
  readonly #closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.localPort = socket.localPort ?? 0;
    this.#closed = new Promise((resolve) => socket.once("close", () => resolve()));
    // What the server sends is left unread; an error (the server's own RST) is not the test's.
    socket.pause();
    socket.on("error", () => {});
  }

  /** Connects to `hostname:port`; rejects with the runtime's error when it cannot. */
  static connect(hostname: string, port: number): Promise<ResetPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port });
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new ResetPeer(socket));
      });
    });
  }

  /** Sends `text` and a LF. */
  type(text: string): Promise<void> {
    return this.typeRaw(text + "\n");
  }

  /** Sends `text` exactly, without a LF; resolves once the kernel has it. */
  typeRaw(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#socket.write(encoder.encode(text), (error) => error ? reject(error) : resolve());
    });
  }

  /** Resets the connection (an RST, never a FIN) and waits until the socket is released. */
  async reset(): Promise<void> {
    this.#socket.resetAndDestroy();
    await this.#closed;
  }
}
