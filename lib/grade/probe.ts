/**
 * One of the grader's simulated clients: a real TCP connection (node:net, which can also end a
 * connection with an RST as a killed client does), everything it received kept in a bounded
 * buffer, and waits that always end: on what arrived, or at a deadline on the injected clock.
 *
 * Nothing here judges: the checks read {@link Probe.received} and decide (see judge_*.ts).
 *
 * @module
 */

import net from "node:net";
import type { Clock } from "../clock.ts";
import { classifyNetError, type NetErrorKind } from "../net/errors.ts";
import { resetConnection } from "../net/reset_peer.ts";
import type { Endpoint } from "../net/transport.ts";
import { BoundedBytes, type Keep } from "./bounded_bytes.ts";

/** What a probe keeps by default of what it receives: far more than any check needs. */
export const DEFAULT_PROBE_BYTES = 1024 * 1024;
/** How long a connection may take to open, in ms. */
export const CONNECT_TIMEOUT_MS = 3000;

/** How a connection ended, as the probe saw it. */
export type Ending =
  | { readonly by: "server-fin"; readonly at: number }
  | { readonly by: "reset"; readonly at: number }
  | {
    readonly by: "error";
    readonly at: number;
    readonly kind: NetErrorKind;
    readonly detail: string;
  }
  | { readonly by: "grader"; readonly at: number };

/** Why a connection could not be opened. */
export interface ConnectFailure {
  readonly failed: true;
  readonly name: string;
  readonly kind: NetErrorKind;
  readonly detail: string;
}

/** Options of a probe. */
export interface ProbeOptions {
  readonly clock: Clock;
  /** Bytes kept; more are counted. */
  readonly maxBytes?: number;
  /** Keep the first bytes (to judge them) or the last (to find a last line in a flood). */
  readonly keep?: Keep;
  readonly connectTimeoutMs?: number;
}

/** A connected simulated client. */
export class Probe {
  readonly name: string;
  readonly local: Endpoint;
  readonly #socket: net.Socket;
  readonly #clock: Clock;
  readonly #rx: BoundedBytes;
  #ending: Ending | undefined;
  /** Newlines written: the lines (messages) this client sent. */
  linesSent = 0;
  /** Newlines received, kept or not: counts lines in a flood the buffer does not keep. */
  linesReceived = 0;
  #lastDataAt: number;
  #wakers = new Set<() => void>();

  private constructor(name: string, socket: net.Socket, clock: Clock, rx: BoundedBytes) {
    this.name = name;
    this.#socket = socket;
    this.#clock = clock;
    this.#rx = rx;
    this.#lastDataAt = clock.now();
    this.local = { hostname: socket.localAddress ?? "", port: socket.localPort ?? 0 };
    socket.on("data", (chunk: Uint8Array) => {
      this.#rx.push(chunk);
      for (const byte of chunk) if (byte === 0x0a) this.linesReceived++;
      this.#lastDataAt = clock.now();
      // A flood past what is kept for judging is not read further: the server's sends then
      // block, and it costs this machine nothing more (the grader, and the server's own
      // accept loop, keep their time).
      if (rx.keep === "head" && rx.overflowed) socket.pause();
      this.#wake();
    });
    socket.on("end", () => this.#end({ by: "server-fin", at: clock.now() }));
    socket.on("error", (error: unknown) => {
      const { kind, detail } = classifyNetError(error);
      const at = clock.now();
      this.#end(kind === "reset" ? { by: "reset", at } : { by: "error", at, kind, detail });
    });
    socket.on("close", () => this.#end({ by: "grader", at: clock.now() }));
  }

  /** Opens a connection, or says why it could not within the timeout. */
  static open(
    name: string,
    host: string,
    port: number,
    options: ProbeOptions,
  ): Promise<Probe | ConnectFailure> {
    const { clock } = options;
    return new Promise((resolve) => {
      const socket = net.connect({ host, port, noDelay: true });
      const timer = clock.setTimeout(() => {
        socket.destroy();
        resolve({ failed: true, name, kind: "timed-out", detail: "no answer" });
      }, options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
      socket.once("error", (error: unknown) => {
        clock.clearTimeout(timer);
        socket.destroy();
        resolve({ failed: true, name, ...classifyNetError(error) });
      });
      socket.once("connect", () => {
        clock.clearTimeout(timer);
        socket.removeAllListeners("error");
        const rx = new BoundedBytes(options.maxBytes ?? DEFAULT_PROBE_BYTES, options.keep);
        resolve(new Probe(name, socket, clock, rx));
      });
    });
  }

  /** Everything received so far (bounded), and where it starts in the whole stream. */
  get received(): BoundedBytes {
    return this.#rx;
  }

  /** How the connection ended, if it did. */
  get ending(): Ending | undefined {
    return this.#ending;
  }

  /** When the last bytes arrived (or the probe opened), on the probe's clock. */
  get lastDataAt(): number {
    return this.#lastDataAt;
  }

  /**
   * Sends `data` as one write (one TCP segment when it fits: Nagle is off). Resolves true once
   * the kernel took it, false if the connection broke or the kernel did not take it within
   * `ms` (a server that stopped reading).
   */
  send(data: Uint8Array | string, ms = CONNECT_TIMEOUT_MS): Promise<boolean> {
    if (this.#ending !== undefined || this.#socket.destroyed) return Promise.resolve(false);
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.linesSent += bytes.filter((b) => b === 0x0a).length;
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => resolve(false), ms);
      this.#socket.write(bytes, (error?: Error | null) => {
        this.#clock.clearTimeout(timer);
        resolve(!error);
      });
    });
  }

  /** Calls `fn` after every arrival and at the ending; returns the function that stops it. */
  subscribe(fn: () => void): () => void {
    this.#wakers.add(fn);
    return () => this.#wakers.delete(fn);
  }

  /** Stops reading: the kernel's buffers fill and then the server's sends to us block. */
  stopReading(): void {
    this.#socket.pause();
  }

  /** Sends a FIN: a client that leaves cleanly. */
  end(): void {
    this.#socket.end();
  }

  /** Ends the connection with an RST, as the kernel does for a killed client. */
  reset(): void {
    resetConnection(this.#socket);
    this.#end({ by: "grader", at: this.#clock.now() });
  }

  /** Releases the connection at once (the end of a check). */
  destroy(): void {
    this.#socket.destroy();
    this.#end({ by: "grader", at: this.#clock.now() });
  }

  #end(ending: Ending): void {
    this.#ending ??= ending;
    this.#wake();
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }
}

/** True for a probe, false for a connection that could not be opened. */
export function isProbe(value: Probe | ConnectFailure): value is Probe {
  return value instanceof Probe;
}
