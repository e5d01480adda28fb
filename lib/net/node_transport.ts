/**
 * A `node:net` socket seen as a {@link Transport}, so that the server's edge (`Link`, `Outbox`)
 * drives it exactly as it drives a `Deno.TcpConn` or a test's `MockConn`.
 *
 * Why the server's sockets are node's at all: only `node:net` sets a socket's own TCP keep-alive
 * timing in Deno 2.9 (`lib/server/listener.ts` says why that matters and what else was tried).
 *
 * Node pushes what arrives (`data` events); a `Transport` is read when its owner asks. In between,
 * bytes wait here, bounded: past {@link READ_AHEAD_BYTES} the socket is paused, so the kernel's
 * buffers fill and TCP's flow control stops the peer, as when a `Deno.TcpConn` is not read. A
 * write resolves once node has handed all of it to the kernel; errors are node's own, classified
 * with the runtime's others in `lib/net/errors.ts`.
 *
 * @example
 * ```ts ignore
 * import { createServer } from "node:net";
 * createServer({ allowHalfOpen: true }, (socket) => connections.admit(new NodeTransport(socket)));
 * ```
 * @module
 */

import type { Socket } from "node:net";
import type { Endpoint, Transport } from "./transport.ts";

/**
 * Bytes received but not yet read by the owner before the socket is paused. The owner's read
 * loop takes what arrives at once, so this is only reached by an owner that stops reading; at
 * most this plus one of node's reads (64 KiB) is ever held.
 */
export const READ_AHEAD_BYTES = 64 * 1024;

interface PendingRead {
  readonly buffer: Uint8Array;
  resolve(n: number | null): void;
  reject(error: unknown): void;
}

/** The runtime's error for a socket this program released (as `Deno.Conn` throws it). */
function released(): Error {
  return new Deno.errors.BadResource("Bad resource ID");
}

/** A `node:net` socket as a {@link Transport}. Give it the socket before any data can arrive
 * (in the server's connection callback), and let nobody else read it. */
export class NodeTransport implements Transport {
  readonly localAddr: Endpoint;
  readonly remoteAddr: Endpoint;
  readonly #socket: Socket;
  readonly #limit: number;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #paused = false;
  #fin = false;
  #error: unknown = undefined;
  #closed = false;
  #read: PendingRead | null = null;

  constructor(socket: Socket, readAheadBytes = READ_AHEAD_BYTES) {
    this.#socket = socket;
    this.#limit = readAheadBytes;
    this.localAddr = { hostname: socket.localAddress ?? "", port: socket.localPort ?? 0 };
    this.remoteAddr = { hostname: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
    socket.on("data", (chunk: Uint8Array) => this.#received(chunk));
    socket.on("end", () => {
      this.#fin = true;
      this.#serve();
    });
    socket.on("error", (error) => {
      this.#error ??= error;
      this.#serve();
    });
    // Released by the runtime without an error or a FIN (never seen, but a read must not wait
    // forever for a socket that is gone).
    socket.on("close", () => {
      if (!this.#fin) this.#error ??= released();
      this.#serve();
    });
  }

  /** Bytes received and waiting for the owner to read them. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  read(buffer: Uint8Array): Promise<number | null> {
    if (this.#closed) return Promise.reject(released());
    if (this.#read) return Promise.reject(new Error("NodeTransport: two reads at once"));
    return new Promise((resolve, reject) => {
      this.#read = { buffer, resolve, reject };
      this.#serve();
    });
  }

  write(bytes: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(released());
    return new Promise((resolve, reject) => {
      this.#socket.write(bytes, (error) => error ? reject(error) : resolve(bytes.length));
    });
  }

  closeWrite(): Promise<void> {
    if (this.#closed) return Promise.reject(released());
    return new Promise((resolve) => this.#socket.end(resolve));
  }

  close(): void {
    if (this.#closed) throw released();
    this.#closed = true;
    this.#socket.destroy();
    this.#chunks = [];
    this.#buffered = 0;
    const read = this.#read;
    this.#read = null;
    // What a pending `Deno.Conn` read gets when its connection is closed under it.
    read?.reject(new Deno.errors.Interrupted("operation canceled"));
  }

  #received(chunk: Uint8Array): void {
    if (this.#closed) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#buffered >= this.#limit && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#serve();
  }

  /** Answers the pending read, if any: bytes first, then the end (a FIN or an error). */
  #serve(): void {
    const read = this.#read;
    if (!read) return;
    if (this.#chunks.length > 0) {
      this.#read = null;
      read.resolve(this.#take(read.buffer));
    } else if (this.#error !== undefined) {
      this.#read = null;
      read.reject(this.#error);
    } else if (this.#fin) {
      this.#read = null;
      read.resolve(null);
    }
  }

  #take(buffer: Uint8Array): number {
    const chunk = this.#chunks[0];
    const n = Math.min(chunk.length, buffer.length);
    buffer.set(chunk.subarray(0, n));
    if (n === chunk.length) this.#chunks.shift();
    else this.#chunks[0] = chunk.subarray(n);
    this.#buffered -= n;
    if (this.#paused && this.#buffered <= this.#limit / 2) {
      this.#paused = false;
      this.#socket.resume();
    }
    return n;
  }
}
