/**
 * One TCP connection's read loop and how it ends, the same for the server's connections and the
 * client's: one close protocol, one linger bound, and each ending reported exactly once.
 *
 * **Closing** ({@link Link.close}), so that the peer sees a FIN and never an RST:
 * 1. what the owner queued is sent (its `drain`), for at most {@link DRAIN_MS}. If it cannot
 *    leave (the peer stopped reading), the socket is released at once with it unsent: no clean
 *    FIN can follow unsent bytes, and `closeWrite()` would wait behind the stuck write forever;
 * 2. `closeWrite()`: our FIN;
 * 3. reading goes on, until the peer's FIN or at most {@link LINGER_MS}: a socket released with
 *    received bytes unread makes the kernel answer with an RST instead of a FIN (RFC 1122,
 *    4.2.2.13);
 * 4. the socket is released.
 *
 * **The peer's FIN first**: the owner is told, what it queued gets {@link DRAIN_MS} to leave (the
 * peer may still read), then the socket is released, which sends our FIN.
 *
 * **Broken** (an RST, a failed read or write while open): the owner is told and the socket is
 * released at once.
 *
 * **Dropping** ({@link Link.drop}): what is queued (a client's last words) gets at most
 * {@link FAREWELL_MS}, then the socket is released at once, with no FIN exchange.
 *
 * Timers run on an injected {@link Clock}, so every bound is tested on a clock the test moves.
 *
 * @module
 */

import { type Clock, settlesWithin, systemClock } from "../clock.ts";
import { classifyNetError, type NetError } from "./errors.ts";
import type { Transport } from "./transport.ts";

/**
 * After our FIN, how long to keep reading for the peer's FIN before releasing anyway. Every
 * client we test (docs/CLIENTS.md) answers within one round trip plus its own event loop's turn,
 * milliseconds even on a busy lab network; a peer that never answers (an `nc` whose input is
 * still open keeps its side open) holds a descriptor for no more than this. A choice, not a
 * standard: long enough to be clean under load, short enough not to matter.
 */
export const LINGER_MS = 2000;
/** How long what is queued may take to leave when a connection closes (a stuck reader must not
 * hold a close, or a shutdown, for longer). */
export const DRAIN_MS = 2000;
/** How long a dropped connection's last words may take to leave. */
export const FAREWELL_MS = 500;

/** How a link ended: who started it, and what happened on the wire. */
export type LinkEnd =
  /** The peer's FIN came first; what was queued got its time to leave, then our FIN. */
  | { readonly by: "peer"; readonly how: "fin" }
  /** The connection broke while open (an RST, or a read or write that failed). */
  | { readonly by: "peer"; readonly how: "reset"; readonly error: NetError }
  /** We closed with a FIN after sending what was queued; the peer answered with its FIN, or
   * said nothing within the linger bound. */
  | { readonly by: "us"; readonly how: "fin"; readonly answer: "fin" | "none" }
  /** We closed with a FIN; the peer answered with an RST (or the connection broke). */
  | { readonly by: "us"; readonly how: "fin"; readonly answer: "reset"; readonly error: NetError }
  /** We closed, but what was queued could not leave within {@link DRAIN_MS}: released with it
   * unsent. */
  | { readonly by: "us"; readonly how: "discarded" }
  /** We dropped it: released at once after the last words' bounded farewell. */
  | { readonly by: "us"; readonly how: "dropped" };

/** Where a link reads into: a buffer, told how much each read used (see `ReadBuffer`). */
export interface ReadTarget {
  /** Where the next read goes; valid until `record` is called. */
  readonly bytes: Uint8Array;
  /** Notes that a read returned `n` bytes. */
  record(n: number): void;
}

/** A {@link ReadTarget} of one fixed size. */
export function fixedReadTarget(size: number): ReadTarget {
  return { bytes: new Uint8Array(size), record() {} };
}

/** What a link tells the object that owns the connection, and asks of it. */
export interface LinkOwner {
  /** Bytes the peer sent, while open or closing; valid only during the call. */
  onData(bytes: Uint8Array): void;
  /** The peer's FIN arrived (while open or closing), before the link acts on it. */
  onFin?(): void;
  /** While open, the peer ended the connection (`fin`) or it broke (`reset`: an RST, or no answer
   * at all, `error.kind === "timed-out"`). */
  onPeerGone?(how: "fin" | "reset", error?: NetError): void;
  /**
   * Our FIN was just handed to the network (by {@link Link.close}, after the drain): a capture
   * shows it now, while the link may still wait up to the linger for the peer's answer.
   */
  onFinSent?(): void;
  /** Resolves once what the owner queued was written, or could not be. */
  drain(): Promise<void>;
  /** The socket was released; called exactly once. */
  onEnd?(end: LinkEnd): void;
}

/** Where a link is: open, closing (by either side), or released. */
export type LinkPhase = "open" | "closing" | "closed";

/** A connection's read loop and close protocol. */
export class Link {
  /** Resolves once, when the socket is released. */
  readonly ended: Promise<LinkEnd>;
  readonly #transport: Transport;
  readonly #owner: LinkOwner;
  readonly #clock: Clock;
  readonly #buffer: ReadTarget;
  #phase: LinkPhase = "open";
  #started = false;
  /** How the peer answered our close, as far as the read loop saw. */
  #answer: { kind: "fin" | "none" } | { kind: "reset"; error: NetError } = { kind: "none" };
  #resolveEnded!: (end: LinkEnd) => void;
  #resolveReadDone!: () => void;
  readonly #readDone: Promise<void>;

  constructor(transport: Transport, owner: LinkOwner, buffer: ReadTarget, clock = systemClock) {
    this.#transport = transport;
    this.#owner = owner;
    this.#buffer = buffer;
    this.#clock = clock;
    this.ended = new Promise((resolve) => this.#resolveEnded = resolve);
    this.#readDone = new Promise((resolve) => this.#resolveReadDone = resolve);
  }

  get phase(): LinkPhase {
    return this.#phase;
  }

  /** Starts the read loop (once); it never rejects. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#readLoop().finally(this.#resolveReadDone);
  }

  /** Closes with the protocol above. Already closing or closed: waits for the end. */
  async close(lingerMs = LINGER_MS): Promise<LinkEnd> {
    if (this.#phase !== "open") return this.ended;
    this.#phase = "closing";
    const drained = await settlesWithin(this.#owner.drain(), DRAIN_MS, this.#clock);
    // Broken while draining (a write failed): released already.
    if (this.#released()) return this.ended;
    if (!drained) {
      this.#release({ by: "us", how: "discarded" });
      return this.ended;
    }
    try {
      await this.#transport.closeWrite();
      if (!this.#released()) this.#owner.onFinSent?.();
    } catch {
      // Broken already: the read loop has seen it, or will.
    }
    await settlesWithin(this.#readDone, lingerMs, this.#clock);
    const answer = this.#answer;
    this.#release(
      answer.kind === "reset"
        ? { by: "us", how: "fin", answer: "reset", error: answer.error }
        : { by: "us", how: "fin", answer: answer.kind },
    );
    return this.ended;
  }

  /** Gives what is queued at most `farewellMs` to leave, then releases the socket at once. */
  async drop(farewellMs = FAREWELL_MS): Promise<LinkEnd> {
    if (this.#phase === "closed") return this.ended;
    this.#phase = "closing";
    await settlesWithin(this.#owner.drain(), farewellMs, this.#clock);
    this.#release({ by: "us", how: "dropped" });
    return this.ended;
  }

  /** A write failed: the connection is broken, and is released at once. */
  fail(error: unknown): void {
    if (this.#phase === "closed") return;
    this.#broken(classifyNetError(error));
  }

  #released(): boolean {
    return this.#phase === "closed";
  }

  async #readLoop(): Promise<void> {
    const buffer = this.#buffer;
    while (true) {
      let n: number | null;
      try {
        n = await this.#transport.read(buffer.bytes);
      } catch (error) {
        return this.#readFailed(classifyNetError(error));
      }
      if (this.#phase === "closed") return;
      if (n === null) return this.#fin();
      this.#owner.onData(buffer.bytes.subarray(0, n));
      buffer.record(n);
    }
  }

  #fin(): void {
    this.#owner.onFin?.();
    if (this.#phase === "open") this.#owner.onPeerGone?.("fin");
    if (this.#phase !== "open") {
      // Our own close is under way (perhaps begun just now, while the owner was told), and
      // waits for this FIN.
      this.#answer = { kind: "fin" };
      return;
    }
    this.#phase = "closing";
    // The peer may still read: let what is queued reach it, then close our side too.
    void settlesWithin(this.#owner.drain(), DRAIN_MS, this.#clock).then(() =>
      this.#release({ by: "peer", how: "fin" })
    );
  }

  #readFailed(error: NetError): void {
    // After our own release a pending read fails; that is not news.
    if (this.#phase === "closed") return;
    if (this.#phase === "closing") {
      this.#answer = { kind: "reset", error };
      return;
    }
    this.#broken(error);
  }

  #broken(error: NetError): void {
    const wasOpen = this.#phase === "open";
    this.#phase = "closing";
    if (wasOpen) this.#owner.onPeerGone?.("reset", error);
    this.#release({ by: "peer", how: "reset", error });
  }

  #release(end: LinkEnd): void {
    if (this.#phase === "closed") return;
    this.#phase = "closed";
    try {
      this.#transport.close();
    } catch {
      // Closed already.
    }
    this.#owner.onEnd?.(end);
    this.#resolveEnded(end);
  }
}
