/**
 * The receive side of a load worker: finds the lines in what each client's reads return, checks
 * every line's token (token.ts), and counts what it finds. This is the generator's hot path, so
 * lines are checked on the read buffer's bytes in place, and the shared counters are updated once
 * per read, not once per line.
 *
 * @module
 */

import type { LoadPlan, WorkerCounts } from "./plan.ts";
import { nowUs } from "./plan.ts";
import { LatencyHistogram } from "./stats.ts";
import { LineKind, MARK, TokenReader } from "./token.ts";

/** Most bytes kept of a line cut across reads; a longer line is skipped. */
const MAX_CARRY_BYTES = 256 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** What one client has received: the start of a line cut across reads, and each sender's last
 * line number, to tell duplicates and reordering. */
export class Inbox {
  readonly lastSeq: Int32Array;
  carry: Uint8Array | null = null;
  carryLength = 0;
  skipping = false;

  constructor(senders: number) {
    this.lastSeq = new Int32Array(senders).fill(-1);
  }
}

/** Checks and counts the lines of one worker's clients. */
export class LineChecker {
  readonly latency: LatencyHistogram = new LatencyHistogram();
  readonly counts: WorkerCounts;
  readonly #senders: number;
  readonly #reader: TokenReader;
  readonly #shared: Int32Array;
  readonly #onArrivals: () => void;
  readonly #pending: Int32Array;
  readonly #touched: number[] = [];

  constructor(
    plan: Pick<LoadPlan, "senders" | "payloadBytes">,
    counts: WorkerCounts,
    shared: Int32Array,
    onArrivals: () => void,
  ) {
    this.counts = counts;
    this.#senders = plan.senders;
    this.#reader = new TokenReader(plan.payloadBytes);
    this.#shared = shared;
    this.#onArrivals = onArrivals;
    this.#pending = new Int32Array(plan.senders);
  }

  /** Checks what one read returned. */
  chunk(client: Inbox, chunk: Uint8Array): void {
    const now = nowUs();
    let start = 0;
    if (client.carryLength > 0 || client.skipping) {
      const lf = chunk.indexOf(LF);
      if (lf === -1) return this.#hold(client, chunk);
      this.#hold(client, chunk.subarray(0, lf));
      if (client.skipping) client.skipping = false;
      else this.#line(client, client.carry!, 0, client.carryLength, now);
      client.carryLength = 0;
      start = lf + 1;
    }
    for (let lf = chunk.indexOf(LF, start); lf !== -1; lf = chunk.indexOf(LF, start)) {
      this.#line(client, chunk, start, lf, now);
      start = lf + 1;
    }
    if (start < chunk.length) this.#hold(client, chunk.subarray(start));
    this.#publish();
  }

  #hold(client: Inbox, part: Uint8Array): void {
    if (client.skipping) return;
    const length = client.carryLength + part.length;
    if (length > MAX_CARRY_BYTES) {
      // Only ncat's "already connected: ..." list grows this long; a token line never does.
      const held = client.carry?.subarray(0, client.carryLength);
      if (held?.includes(MARK) || part.includes(MARK)) this.counts.mangled++;
      else this.counts.other++;
      client.carryLength = 0;
      client.skipping = true;
      return;
    }
    if (client.carry === null || client.carry.length < length) {
      const grown = new Uint8Array(Math.min(MAX_CARRY_BYTES, Math.max(256, length * 2)));
      if (client.carry) grown.set(client.carry.subarray(0, client.carryLength));
      client.carry = grown;
    }
    client.carry.set(part, client.carryLength);
    client.carryLength = length;
  }

  #line(client: Inbox, bytes: Uint8Array, start: number, end: number, now: number): void {
    if (end > start && bytes[end - 1] === CR) end--;
    const reader = this.#reader;
    const kind = reader.read(bytes, start, end);
    if (kind === LineKind.Delivered || kind === LineKind.Untagged) {
      const sender = reader.sender;
      if (sender >= this.#senders) {
        this.counts.mangled++;
        return;
      }
      if (reader.seq <= client.lastSeq[sender]) {
        this.counts.duplicates++;
        return;
      }
      client.lastSeq[sender] = reader.seq;
      if (kind === LineKind.Delivered) this.counts.delivered++;
      else this.counts.untagged++;
      this.latency.record(now - reader.timeUs);
      if (this.#pending[sender]++ === 0) this.#touched.push(sender);
    } else if (kind === LineKind.Mangled) {
      this.counts.mangled++;
    } else {
      this.counts.other++;
    }
  }

  /** Publishes this read's arrivals to the shared counters and tells the senders. */
  #publish(): void {
    if (this.#touched.length === 0) return;
    let total = 0;
    for (const sender of this.#touched) {
      const n = this.#pending[sender];
      Atomics.add(this.#shared, 1 + sender, n);
      total += n;
      this.#pending[sender] = 0;
    }
    this.#touched.length = 0;
    Atomics.add(this.#shared, 0, total);
    this.#onArrivals();
  }
}
