/**
 * The clients one check opens, so that the check's end (or its deadline) closes every one of
 * them: no check can leave a connection, a timer or a buffer behind.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { formatPeer } from "../core/protocol.ts";
import type { Keep } from "./bounded_bytes.ts";
import { type ConnectFailure, isProbe, Probe } from "./probe.ts";

/** Where the server under test listens. */
export interface Target {
  readonly host: string;
  readonly port: number;
}

/** Timing of the checks, in ms (named so that tests and slow machines can see them). */
export interface Timing {
  /** How long an expected line may take to arrive. */
  readonly lineMs: number;
  /** How long to watch for something that must not happen (a close right after accept). */
  readonly quietMs: number;
  /** The pause between the two parts of a line split across two segments. */
  readonly splitPauseMs: number;
  /**
   * How much longer a check watches for lines that did not come within `lineMs`, only to say
   * in its hint that they came late and when (the check fails all the same).
   */
  readonly lateMs: number;
}

/** The timing the grader uses: generous for a Python server on a loaded lab machine. */
export const DEFAULT_TIMING: Timing = {
  lineMs: 2000,
  quietMs: 250,
  splitPauseMs: 250,
  lateMs: 5000,
};

/** Everything a check needs to run. */
export interface CheckContext {
  readonly target: Target;
  readonly clock: Clock;
  readonly timing: Timing;
  readonly session: Session;
  /** Clients of earlier checks still connected: a server may send them what it should not. */
  readonly bystanders: readonly Probe[];
}

/**
 * What one check did that the server's log must show: the clients it connected (by local port),
 * the lines each sent, and how many lines each client was to receive.
 */
export interface Journal {
  readonly ports: number[];
  readonly linesSent: Map<number, number>;
  readonly deliveries: Map<number, number>;
}

/** An empty journal. */
export function newJournal(): Journal {
  return { ports: [], linesSent: new Map(), deliveries: new Map() };
}

/** The clients of one check. */
export class Session {
  readonly #target: Target;
  readonly #clock: Clock;
  readonly #probes: Probe[] = [];
  #closed = false;
  readonly journal: Journal;

  constructor(target: Target, clock: Clock, journal: Journal = newJournal()) {
    this.#target = target;
    this.#clock = clock;
    this.journal = journal;
  }

  /** The clients opened so far. */
  get probes(): readonly Probe[] {
    return this.#probes;
  }

  /** Notes that `probe` is to receive `lines` more lines (for the log's [FWD]/[SEND]). */
  expectDeliveries(probe: Probe, lines: number): void {
    const port = probe.local.port;
    this.journal.deliveries.set(port, (this.journal.deliveries.get(port) ?? 0) + lines);
  }

  /** Opens one client. */
  async open(
    name: string,
    options: { maxBytes?: number; keep?: Keep } = {},
  ): Promise<Probe | ConnectFailure> {
    if (this.#closed) return { failed: true, name, kind: "closed", detail: "the check ended" };
    const probe = await Probe.open(name, this.#target.host, this.#target.port, {
      clock: this.#clock,
      ...options,
    });
    if (isProbe(probe) && this.#closed) probe.destroy();
    else if (isProbe(probe)) {
      this.#probes.push(probe);
      this.journal.ports.push(probe.local.port);
    }
    return probe;
  }

  /** Opens clients one after the other (as students start terminals); the first failure stops. */
  async openAll(
    names: readonly string[],
    options: { maxBytes?: number; keep?: Keep } = {},
  ): Promise<Probe[] | ConnectFailure> {
    const probes: Probe[] = [];
    for (const name of names) {
      const probe = await this.open(name, options);
      if (!isProbe(probe)) return probe;
      probes.push(probe);
    }
    return probes;
  }

  /**
   * Every client of the check leaves, as a client that quits does: with a FIN, reading on until
   * the server closes its side ({@link destroy} releases them at the end of grading). Notes the
   * lines each sent. A client closed at once could answer the server's next line with an RST
   * (data arriving at a closed socket): a leave the next check did not ask for.
   */
  close(): void {
    this.#closed = true;
    for (const probe of this.#probes) {
      probe.end();
      this.journal.linesSent.set(probe.local.port, probe.linesSent);
    }
  }

  /** Releases every client of the check at once. */
  destroy(): void {
    this.close();
    for (const probe of this.#probes) probe.destroy();
  }
}

/** `ip:port` of a client as the server sees it, in the lab's form (`[::1]:5000` for IPv6). */
export function peerOf(probe: Probe): string {
  return formatPeer(probe.local.hostname, probe.local.port);
}
