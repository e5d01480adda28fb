/**
 * What the benchmark's coordinator and its load workers say to each other.
 *
 * @module
 */

/** How senders send. */
export type SendPlan =
  /** Closed loop: a sender waits while `window` of its lines have not reached everybody. */
  | { readonly kind: "window"; readonly window: number; readonly lines: number }
  /** Open loop: each sender sends `perSecond` lines a second, senders evenly staggered. */
  | { readonly kind: "rate"; readonly perSecond: number; readonly lines: number };

/** One load run: who connects where, and what they send. */
export interface LoadPlan {
  readonly host: string;
  readonly port: number;
  /** Chat mode: each client sends an ID, then `3` for the common room, before the run. */
  readonly login: boolean;
  readonly clients: number;
  /** Clients 0 .. senders-1 send; every client receives. */
  readonly senders: number;
  /** Bytes of each line's token (see token.ts), LF excluded. */
  readonly payloadBytes: number;
  readonly send: SendPlan;
  /** The send phase stops after this long even if lines are left. */
  readonly maxSendSeconds: number;
  /** Worker threads sharing the clients. */
  readonly workers: number;
}

/** Lines counted by one worker. */
export interface WorkerCounts {
  /** Lines sent by this worker's senders. */
  sent: number;
  /** Tagged lines with an intact token, first arrival. */
  delivered: number;
  /** Intact tokens without a sender tag (counted apart; not delivered). */
  untagged: number;
  /** Lines with token bytes that fail the check: split, merged, corrupted. */
  mangled: number;
  /** An intact token seen again, or out of order. */
  duplicates: number;
  /** Lines that are not tokens (notices, announcements). */
  other: number;
  /** Connections that ended during the run (reset or closed by the server). */
  ended: number;
  /** Times a closed-loop sender gave up waiting for its window (a lossy server). */
  stalls: number;
}

/** Counts before anything happened. */
export function noCounts(): WorkerCounts {
  return {
    sent: 0,
    delivered: 0,
    untagged: 0,
    mangled: 0,
    duplicates: 0,
    other: 0,
    ended: 0,
    stalls: 0,
  };
}

/** Coordinator to worker. */
export type ToWorker =
  | {
    readonly type: "connect";
    readonly plan: LoadPlan;
    readonly worker: number;
    readonly shared: SharedArrayBuffer;
  }
  | { readonly type: "go"; readonly startUs: number }
  | { readonly type: "report" }
  | { readonly type: "close" };

/** Worker to coordinator. */
export type FromWorker =
  | { readonly type: "connected"; readonly connected: number; readonly problems: string[] }
  | { readonly type: "sent"; readonly lines: number }
  | {
    readonly type: "report";
    readonly counts: WorkerCounts;
    readonly latency: { readonly counts: Uint32Array; readonly max: number };
  }
  | { readonly type: "closed" };

/**
 * The shared counters (an Int32Array over a SharedArrayBuffer): slot 0 counts every intact
 * arrival, slot 1 + s those of sender s. Closed-loop windows and the end of a run are read here.
 */
export function sharedCounters(senders: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (1 + senders));
}

/** Microseconds since the epoch, the same clock in every worker thread. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
