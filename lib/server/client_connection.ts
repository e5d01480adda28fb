/**
 * One accepted TCP connection at the server's edge: its framing, its outbox, its pause timer, and
 * how it ends (the close protocol both programs share, `lib/net/link.ts`).
 *
 * Reading uses `read()` into a buffer of the connection's own (`ReadBuffer`) rather than
 * `readable`, which pins a 64 KiB chunk per idle connection. Every way a connection can end is
 * reported once, with what a student would see in Wireshark: the peer's FIN, the peer's RST, or
 * the server closing it (FIN) or dropping it.
 *
 * @module
 */

import { type Clock, systemClock, type TimerId } from "../clock.ts";
import { FloodGate, type FloodPolicy } from "../core/flood_gate.ts";
import type { ConnId } from "../core/machine.ts";
import { MessageFramer, type Received } from "../core/message_framer.ts";
import { formatPeer } from "../core/protocol.ts";
import type { NetError } from "../net/errors.ts";
import { Link, type LinkEnd } from "../net/link.ts";
import type { Transport } from "../net/transport.ts";
import { Outbox } from "./outbox.ts";
import { ReadBuffer } from "./read_buffer.ts";

/** How the peer went away: its FIN, its RST, or silence (its machine stopped answering). */
export type PeerCause = "closed" | "reset" | "timed-out";

/** How a connection ended, for the `[DISCONNECT]` log. */
export type Ending =
  | { readonly by: "peer"; readonly cause: PeerCause }
  | { readonly by: "server"; readonly why: string }
  | { readonly by: "dropped"; readonly why: string };

/** What the server learns from a connection. */
export interface ConnectionHooks {
  onItem(client: ClientConnection, item: Received): void;
  /** The peer went away by itself (FIN or RST) or broke; the session must forget it now. */
  onPeerGone(client: ClientConnection, cause: PeerCause): void;
  /**
   * The connection ended on the wire, now: the packet `ending` names was just seen or sent (the
   * peer's FIN or RST, our FIN, or the release of a dropped connection), so a log line written
   * now has that packet's time. Called exactly once; the socket may linger a while after it.
   */
  onEnded(client: ClientConnection, ending: Ending): void;
  /** The socket was released, after {@link onEnded}; called exactly once. */
  onReleased(client: ClientConnection): void;
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
  /** `ip:port` of the peer, as Wireshark shows it. */
  readonly peer: string;
  /** The peer's IP address alone, for the per-address limit. */
  readonly hostname: string;
  /** When it was accepted (ms, on the connection's clock). */
  readonly openedAt: number;
  readonly outbox: Outbox;
  /** Judges each line against the flood policy. */
  readonly flood: FloodGate;
  /** When the client last sent anything (or connected), for the idle timeout. */
  lastReadAt: number;
  /** Resolves once the connection is fully closed and its end was reported. */
  readonly closed: Promise<void>;
  readonly #link: Link;
  readonly #clock: Clock;
  readonly #framer: MessageFramer;
  readonly #hooks: ConnectionHooks;
  readonly #pauseMs: number;
  // Armed only while the framing rule says a pause would end a message: never for a client
  // whose reads end with a newline.
  #pauseTimer: TimerId | undefined;
  /** Why the server closed or dropped it, for the log. */
  #why = "";
  /** Whether `onEnded` was called. */
  #endReported = false;

  constructor(
    transport: Transport,
    id: ConnId,
    limits: ConnectionLimits,
    hooks: ConnectionHooks,
    clock: Clock = systemClock,
  ) {
    this.id = id;
    this.hostname = transport.remoteAddr.hostname;
    this.peer = formatPeer(this.hostname, transport.remoteAddr.port);
    this.#clock = clock;
    this.openedAt = this.lastReadAt = clock.now();
    this.#hooks = hooks;
    this.#framer = new MessageFramer({ maxLineBytes: limits.maxLineBytes });
    this.#pauseMs = limits.pauseMs;
    this.flood = new FloodGate(limits.flood);
    this.outbox = new Outbox(transport, limits.maxQueueBytes, (error) => this.#link.fail(error));
    this.#link = new Link(
      transport,
      {
        onData: (bytes) => this.#onData(bytes),
        onFin: () => {
          this.#stopPauseTimer();
          if (this.isOpen) this.#deliver(this.#framer.end());
        },
        onPeerGone: (how, error) => {
          const cause = how === "fin" ? "closed" : brokenBy(error);
          this.#reportEnd({ by: "peer", cause });
          hooks.onPeerGone(this, cause);
        },
        onFinSent: () => this.#reportEnd({ by: "server", why: this.#why }),
        drain: () => this.outbox.drain(),
        onEnd: (end) => {
          this.#stopPauseTimer();
          this.#reportEnd(this.#ending(end));
          hooks.onReleased(this);
        },
      },
      new ReadBuffer(),
      clock,
    );
    this.closed = this.#link.ended.then(() => {});
  }

  /** True until the server starts closing it or the peer leaves. */
  get isOpen(): boolean {
    return this.#link.phase === "open";
  }

  /** Starts the read loop; it never rejects. */
  start(): void {
    this.#link.start();
  }

  /** Queues bytes; false when the client is closed or its queue is full. */
  send(bytes: Uint8Array): boolean {
    return this.#link.phase !== "closed" && this.outbox.push(bytes);
  }

  /** Sends what is queued, closes with a FIN, waits briefly for the peer's FIN, then releases
   * (`Link.close`). Already closing: waits for the end. */
  async closeGracefully(why: string, lingerMs?: number): Promise<void> {
    if (!this.isOpen) return this.closed;
    this.#why = why;
    await this.#link.close(lingerMs);
  }

  /**
   * Drops the client: the server ends it for misbehaving. What is queued (its last words, see
   * `Outbox.lastWords`) gets a short time to leave; then the connection is closed whether or not
   * the client read it.
   */
  async drop(why: string): Promise<void> {
    if (this.#link.phase === "closed") return this.closed;
    this.#why = why;
    await this.#link.drop();
  }

  #onData(bytes: Uint8Array): void {
    // While closing, the peer's late lines are read only to keep the close clean.
    if (!this.isOpen) return;
    this.lastReadAt = this.#clock.now();
    this.#deliver(this.#framer.push(bytes));
    if (this.#framer.awaitsPause) this.#startPauseTimer(this.#pauseMs);
    else if (this.#pauseTimer !== undefined) this.#stopPauseTimer();
  }

  #deliver(items: readonly Received[]): void {
    for (const item of items) {
      this.#hooks.onItem(this, item);
      if (!this.isOpen) break;
    }
  }

  #startPauseTimer(ms: number, lookedAgain = false): void {
    this.#clock.clearTimeout(this.#pauseTimer);
    const due = this.#clock.now() + ms;
    this.#pauseTimer = this.#clock.setTimeout(() => this.#onPause(due, lookedAgain), ms);
  }

  #stopPauseTimer(): void {
    this.#clock.clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
  }

  #onPause(due: number, lookedAgain: boolean): void {
    this.#pauseTimer = undefined;
    if (!this.isOpen) return;
    // A timer that fires late means this process was busy, and bytes that arrived meanwhile may
    // still be waiting to be read: look once more before calling it a pause.
    if (!lookedAgain && this.#clock.now() - due > this.#pauseMs / 2) {
      return this.#startPauseTimer(this.#pauseMs / 2, true);
    }
    this.#deliver(this.#framer.pause());
  }

  #reportEnd(ending: Ending): void {
    if (this.#endReported) return;
    this.#endReported = true;
    this.#hooks.onEnded(this, ending);
  }

  /** The ending of a link released before anything else reported one. */
  #ending(end: LinkEnd): Ending {
    switch (end.how) {
      case "fin":
        // Our close failed before its FIN left: the connection had been reset.
        if (end.by === "us" && end.answer === "reset") return { by: "peer", cause: "reset" };
        return end.by === "peer"
          ? { by: "peer", cause: "closed" }
          : { by: "server", why: this.#why };
      case "reset":
        return { by: "peer", cause: brokenBy(end.error) };
      case "discarded":
        return { by: "server", why: `${this.#why}; unsent data discarded` };
      case "dropped":
        return { by: "dropped", why: this.#why };
    }
  }
}

/** A broken connection's cause: silence when the kernel gave up waiting for an answer. */
function brokenBy(error: NetError | undefined): PeerCause {
  return error?.kind === "timed-out" ? "timed-out" : "reset";
}
