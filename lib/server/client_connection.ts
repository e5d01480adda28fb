/**
 * One accepted TCP connection at the server's edge: its read loop, its outbox, and how it ends.
 *
 * Reading uses `conn.read()` into a small buffer of the connection's own rather than
 * `conn.readable`, which pins a 64 KiB chunk per idle connection. Every way a connection can end
 * is reported once, with what a student would see in Wireshark: the peer's FIN, the peer's RST,
 * or the server closing it (FIN) or dropping it.
 *
 * @module
 */

import { FloodGate, type FloodPolicy } from "../core/flood_gate.ts";
import type { ConnId, DisconnectCause } from "../core/machine.ts";
import { MessageFramer, type Received } from "../core/message_framer.ts";
import { Outbox } from "./outbox.ts";
import { ReadBuffer } from "./read_buffer.ts";

/** How long a closing connection may take to send what is queued. */
const DRAIN_TIMEOUT_MS = 2000;
/** After our FIN, how long to wait for the peer's, reading (and discarding) what it still sends.
 * Closing with unread data would make the kernel answer with an RST instead of a clean FIN. */
const LINGER_MS = 2000;
/** How long a dropped client's last line may take to leave. */
const DROP_FAREWELL_MS = 500;

/** How a connection ended, for the `[DISCONNECT]` log. */
export type Ending =
  | { readonly by: "peer"; readonly cause: "closed" | "reset" }
  | { readonly by: "server"; readonly why: string }
  | { readonly by: "dropped"; readonly why: string };

/** What the server learns from a connection. */
export interface ConnectionHooks {
  onItem(client: ClientConnection, item: Received): void;
  /** The peer went away by itself (FIN or RST) or broke; the session must forget it now. */
  onPeerGone(client: ClientConnection, cause: DisconnectCause): void;
  /** The connection is fully closed; called exactly once. */
  onEnded(client: ClientConnection, ending: Ending): void;
}

/** Limits of one connection. */
export interface ConnectionLimits {
  readonly maxLineBytes: number;
  readonly maxQueueBytes: number;
  readonly flood: FloodPolicy;
  /** Quiet time that ends a message from a client that sends no newline. */
  readonly pauseMs: number;
}

/** An accepted connection. */
export class ClientConnection {
  readonly id: ConnId;
  readonly peer: string;
  /** The peer's IP address alone, for the per-address limit. */
  readonly hostname: string;
  readonly openedAt = Date.now();
  readonly outbox: Outbox;
  /** Judges each line against the flood policy. */
  readonly flood: FloodGate;
  /** When the client last sent anything (or connected), for the idle timeout. */
  lastReadAt = this.openedAt;
  readonly #conn: Deno.Conn;
  readonly #framer: MessageFramer;
  readonly #hooks: ConnectionHooks;
  readonly #pauseMs: number;
  // Armed only while the framing rule says a pause would end a message: never for a client
  // whose reads end with a newline.
  #pauseTimer: ReturnType<typeof setTimeout> | undefined;
  #phase: "open" | "closing" | "closed" = "open";
  #resolveClosed: () => void = () => {};
  /** Resolves once the connection is fully closed and its end was reported. */
  readonly closed: Promise<void> = new Promise((resolve) => this.#resolveClosed = resolve);
  #peerEof: (() => void) | null = null;
  #readDone = false;

  constructor(
    conn: Deno.Conn,
    id: ConnId,
    peer: string,
    hostname: string,
    limits: ConnectionLimits,
    hooks: ConnectionHooks,
  ) {
    this.#conn = conn;
    this.id = id;
    this.peer = peer;
    this.hostname = hostname;
    this.#hooks = hooks;
    this.#framer = new MessageFramer({ maxLineBytes: limits.maxLineBytes });
    this.#pauseMs = limits.pauseMs;
    this.flood = new FloodGate(limits.flood);
    this.outbox = new Outbox(conn, limits.maxQueueBytes, () => this.#peerGone("reset"));
  }

  /** True until the server starts closing it or the peer leaves. */
  get isOpen(): boolean {
    return this.#phase === "open";
  }

  /** Starts the read loop; it never rejects. */
  start(): void {
    void this.#readLoop();
  }

  /** Queues bytes; false when the client is closing or its queue is full. */
  send(bytes: Uint8Array): boolean {
    return this.#phase !== "closed" && this.outbox.push(bytes);
  }

  /** Sends what is queued, closes with a FIN, waits briefly for the peer's FIN, then releases. */
  async closeGracefully(why: string, lingerMs = LINGER_MS): Promise<void> {
    // Already closing for another reason: the caller (a shutdown) still waits for the end.
    if (this.#phase !== "open") return this.closed;
    this.#phase = "closing";
    const drained = await withTimeout(this.outbox.drain(), DRAIN_TIMEOUT_MS);
    if (this.#phase !== "closing") return;
    if (!drained) {
      // A write is stuck (the peer stopped reading): no clean FIN can follow unsent data, and
      // closeWrite() would wait behind that write forever. Close at once instead.
      return this.#release({ by: "server", why: `${why}; unsent data discarded` });
    }
    try {
      await this.#conn.closeWrite();
    } catch {
      // Already reset by the peer: closing below is all that is left to do.
    }
    if (!this.#readDone) {
      await withTimeout(new Promise<void>((resolve) => this.#peerEof = resolve), lingerMs);
    }
    this.#release({ by: "server", why });
  }

  /**
   * Drops the client: the server ends it for misbehaving. What is queued (its last words, see
   * `Outbox.lastWords`) gets a short time to leave; then the connection is closed whether or not
   * the client read it.
   */
  async drop(why: string): Promise<void> {
    if (this.#phase === "closed") return this.closed;
    this.#phase = "closing";
    await withTimeout(this.outbox.drain(), DROP_FAREWELL_MS);
    this.#release({ by: "dropped", why });
  }

  async #readLoop(): Promise<void> {
    const buffer = new ReadBuffer();
    while (true) {
      let n: number | null;
      try {
        n = await this.#conn.read(buffer.bytes);
      } catch {
        this.#readDone = true;
        // After our own close() a pending read fails; that is not news.
        if (this.#phase === "closed") return;
        if (this.#phase === "closing") return this.#peerEof?.();
        // ConnectionReset is the usual case; any other read error also means the peer is gone.
        return this.#peerGone("reset");
      }
      if (n === null) {
        this.#readDone = true;
        this.#stopPauseTimer();
        if (this.#phase !== "open") return this.#peerEof?.();
        this.#deliver(this.#framer.end());
        return this.#peerGone("closed");
      }
      // While closing, the peer's late lines are read only to keep the close clean.
      if (this.#phase !== "open") continue;
      this.lastReadAt = Date.now();
      this.#deliver(this.#framer.push(buffer.bytes.subarray(0, n)));
      buffer.record(n);
      if (this.#framer.awaitsPause) this.#startPauseTimer(this.#pauseMs);
      else if (this.#pauseTimer !== undefined) this.#stopPauseTimer();
    }
  }

  #deliver(items: readonly Received[]): void {
    for (const item of items) {
      this.#hooks.onItem(this, item);
      if (this.#phase !== "open") break;
    }
  }

  #startPauseTimer(ms: number, lookedAgain = false): void {
    clearTimeout(this.#pauseTimer);
    const due = Date.now() + ms;
    this.#pauseTimer = setTimeout(() => this.#onPause(due, lookedAgain), ms);
  }

  #stopPauseTimer(): void {
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
  }

  #onPause(due: number, lookedAgain: boolean): void {
    this.#pauseTimer = undefined;
    if (this.#phase !== "open") return;
    // A timer that fires late means this process was busy, and bytes that arrived meanwhile may
    // still be waiting to be read: look once more before calling it a pause.
    if (!lookedAgain && Date.now() - due > this.#pauseMs / 2) {
      return this.#startPauseTimer(this.#pauseMs / 2, true);
    }
    this.#deliver(this.#framer.pause());
  }

  #peerGone(cause: "closed" | "reset"): void {
    if (this.#phase === "closed") return;
    const wasOpen = this.#phase === "open";
    this.#phase = "closing";
    if (wasOpen) this.#hooks.onPeerGone(this, cause);
    if (cause === "reset") return this.#release({ by: "peer", cause });
    // The peer sent its FIN but may still read: let our last lines reach it, then close.
    void withTimeout(this.outbox.drain(), DRAIN_TIMEOUT_MS).then(() =>
      this.#release({ by: "peer", cause })
    );
  }

  #release(ending: Ending): void {
    if (this.#phase === "closed") return;
    this.#phase = "closed";
    this.#stopPauseTimer();
    this.#peerEof?.();
    try {
      this.#conn.close();
    } catch {
      // Closed already.
    }
    this.#hooks.onEnded(this, ending);
    this.#resolveClosed();
  }
}

/** Waits for `promise` at most `ms`; true when it settled in time. */
async function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
