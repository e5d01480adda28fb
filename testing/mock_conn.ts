/**
 * Test support: a {@link Transport} with no socket behind it, whose peer the test plays: it sends
 * bytes, a FIN or an RST, stops reading (so our writes stall), and looks at what was written and
 * how we closed. In the manner of deno-irc's `testing/mock.ts` and nats.deno's transport tests,
 * but with TCP's ending rules kept: releasing a connection with received bytes unread ends it
 * with an RST (RFC 1122, 4.2.2.13), otherwise with a FIN.
 *
 * Errors are the ones Deno throws in each case (a pending read interrupted by our own close,
 * `BrokenPipe` after `closeWrite()`, `ConnectionReset` after the peer's RST...), so the code under
 * test classifies them exactly as it would a real socket's.
 *
 * @example
 * ```ts
 * import { MockConn } from "./mock_conn.ts";
 * import { equal } from "node:assert/strict";
 *
 * const conn = new MockConn();
 * conn.peerSends("hello\n");
 * const buffer = new Uint8Array(16);
 * const n = await conn.read(buffer);
 * equal(new TextDecoder().decode(buffer.subarray(0, n!)), "hello\n");
 * await conn.write(new TextEncoder().encode("hi\n"));
 * equal(conn.writtenText, "hi\n");
 * conn.close();
 * equal(conn.wireEnd, "fin");
 * ```
 * @module
 */

import type { Endpoint, Transport } from "../lib/net/transport.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A connection whose peer is the test. */
export class MockConn implements Transport {
  readonly localAddr: Endpoint;
  readonly remoteAddr: Endpoint;
  /** Every write the code under test made, as it made it. */
  readonly writes: Uint8Array[] = [];
  /** `closeWrite()` was called: our FIN went. */
  closeWriteCalled = false;
  /** `close()` was called: the socket was released. */
  closed = false;
  /** How the connection ended on the wire: `fin` when we released it cleanly; `rst` when an RST
   * ended it (the peer's, or the kernel's for us: we released it with received bytes unread). */
  wireEnd: "open" | "fin" | "rst" = "open";
  #inbound: Uint8Array[] = [];
  #peerFin = false;
  /** What ended the connection under us (an RST, or silence), failing every read and write. */
  #broken: Error | null = null;
  #stalled = false;
  #writesBroken = false;
  #read: (Pending<number | null> & { buffer: Uint8Array }) | null = null;
  #stuck: (Pending<number> & { bytes: Uint8Array })[] = [];

  constructor(remote: Endpoint = { hostname: "127.0.0.1", port: 50_001 }, localPort = 3333) {
    this.remoteAddr = remote;
    this.localAddr = { hostname: remote.hostname, port: localPort };
  }

  // --- The peer's side, played by the test.

  /** The peer sends bytes (text is UTF-8 encoded). */
  peerSends(data: string | Uint8Array): void {
    if (this.closed) {
      // Bytes that reach a released socket are answered with an RST.
      this.wireEnd = "rst";
      return;
    }
    this.#inbound.push(typeof data === "string" ? encoder.encode(data) : data);
    this.#serveRead();
  }

  /** The peer closes its side: a FIN, after whatever it sent. */
  peerFin(): void {
    this.#peerFin = true;
    this.#serveRead();
  }

  /** The peer resets the connection: pending and later reads and writes fail. */
  peerReset(): void {
    this.#breaks(new Deno.errors.ConnectionReset("Connection reset by peer (os error 104)"));
  }

  /**
   * The peer's machine stops answering and our kernel gives up (keep-alive probes, or
   * retransmissions, without an ACK): pending and later reads and writes fail with ETIMEDOUT.
   */
  peerTimesOut(): void {
    this.#breaks(new Deno.errors.TimedOut("Connection timed out (os error 110)"));
  }

  #breaks(error: Error): void {
    this.#broken = error;
    this.#inbound = [];
    const read = this.#read;
    this.#read = null;
    read?.reject(error);
    for (const write of this.#stuck.splice(0)) write.reject(error);
  }

  /** Our writes fail from now on (`EPIPE`), before any read has seen why: as when the peer
   * released its socket and answered what we sent with an RST. */
  breakWrites(): void {
    this.#writesBroken = true;
  }

  /** The peer stops reading: from now on our writes wait, as they would once its window fills. */
  stopReading(): void {
    this.#stalled = true;
  }

  /** The peer reads again: the writes that waited complete. */
  resumeReading(): void {
    this.#stalled = false;
    for (const write of this.#stuck.splice(0)) write.resolve(this.#take(write.bytes));
  }

  /** Everything written, decoded as UTF-8. */
  get writtenText(): string {
    return this.writes.map((w) => decoder.decode(w)).join("");
  }

  /** Bytes the peer sent that were not read yet. */
  get unreadBytes(): number {
    return this.#inbound.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  /** How many writes wait because the peer stopped reading. */
  get stalledWrites(): number {
    return this.#stuck.length;
  }

  // --- The Transport, as the code under test uses it.

  read(buffer: Uint8Array): Promise<number | null> {
    if (this.closed) return Promise.reject(new Deno.errors.BadResource("Bad resource ID"));
    if (this.#read) throw new Error("MockConn: two reads at once");
    return new Promise((resolve, reject) => {
      this.#read = { resolve, reject, buffer };
      this.#serveRead();
    });
  }

  write(bytes: Uint8Array): Promise<number> {
    if (this.closed) return Promise.reject(new Deno.errors.BadResource("Bad resource ID"));
    if (this.#broken || this.#writesBroken || this.closeWriteCalled) {
      return Promise.reject(new Deno.errors.BrokenPipe("Broken pipe (os error 32)"));
    }
    if (this.#stalled) {
      return new Promise((resolve, reject) => this.#stuck.push({ resolve, reject, bytes }));
    }
    return Promise.resolve(this.#take(bytes));
  }

  closeWrite(): Promise<void> {
    if (this.closed) return Promise.reject(new Deno.errors.BadResource("Bad resource ID"));
    if (this.#broken) {
      return Promise.reject(new Deno.errors.NotConnected("Transport endpoint is not connected"));
    }
    this.closeWriteCalled = true;
    return Promise.resolve();
  }

  close(): void {
    if (this.closed) throw new Deno.errors.BadResource("Bad resource ID");
    this.closed = true;
    this.wireEnd = this.#broken ? "rst" : this.unreadBytes > 0 ? "rst" : "fin";
    const read = this.#read;
    this.#read = null;
    read?.reject(new Deno.errors.Interrupted("operation canceled"));
    for (const write of this.#stuck.splice(0)) {
      write.reject(new Deno.errors.BadResource("Bad resource ID"));
    }
  }

  #take(bytes: Uint8Array): number {
    this.writes.push(bytes.slice());
    return bytes.length;
  }

  #serveRead(): void {
    const read = this.#read;
    if (!read) return;
    if (this.#inbound.length > 0) {
      const chunk = this.#inbound[0];
      const n = Math.min(chunk.length, read.buffer.length);
      read.buffer.set(chunk.subarray(0, n));
      if (n === chunk.length) this.#inbound.shift();
      else this.#inbound[0] = chunk.subarray(n);
      this.#read = null;
      read.resolve(n);
    } else if (this.#peerFin) {
      this.#read = null;
      read.resolve(null);
    } else if (this.#broken) {
      this.#read = null;
      read.reject(this.#broken);
    }
  }
}
