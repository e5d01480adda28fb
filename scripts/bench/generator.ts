/**
 * The load generator's coordinator: starts the worker threads, moves them through the phases
 * (connect, go, report, close), watches the shared counters to see when a run is over, and merges
 * what the workers counted.
 *
 * @module
 */

import { LatencyHistogram } from "./stats.ts";
import {
  type FromWorker,
  type LoadPlan,
  noCounts,
  nowUs,
  sharedCounters,
  type ToWorker,
  type WorkerCounts,
} from "./plan.ts";

/** Workers start sending this long after "go", all at the same instant. */
const START_DELAY_US = 20_000;
/** After the last line was sent, a run ends when nothing arrived for this long... */
const QUIET_US = 3_000_000;
/** ...or at the latest this long after the send phase's own limit. */
const GRACE_US = 10_000_000;
const POLL_MS = 5;

/** What one load run measured. */
export interface LoadResult extends WorkerCounts {
  /** Deliveries expected: lines sent times the other clients. */
  readonly expected: number;
  /** Expected deliveries that did not arrive intact with their sender tag. */
  readonly lost: number;
  /** From the first send to the last arrival. */
  readonly seconds: number;
  readonly latency: LatencyHistogram;
}

type Type = FromWorker["type"];
type Message<T extends Type> = Extract<FromWorker, { type: T }>;

/** A worker thread and its unread messages. */
class WorkerPort {
  readonly #worker: Worker;
  readonly #inbox: FromWorker[] = [];
  #waiters: (() => void)[] = [];

  constructor() {
    this.#worker = new Worker(new URL("./load_worker.ts", import.meta.url), { type: "module" });
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => {
      this.#inbox.push(event.data);
      for (const wake of this.#waiters.splice(0)) wake();
    };
  }

  post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  async next<T extends Type>(type: T): Promise<Message<T>> {
    while (true) {
      const at = this.#inbox.findIndex((m) => m.type === type);
      if (at !== -1) return this.#inbox.splice(at, 1)[0] as Message<T>;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  terminate(): void {
    this.#worker.terminate();
  }
}

/** Clients on worker threads, ready to run a plan. */
export class LoadGenerator {
  readonly plan: LoadPlan;
  readonly connected: number;
  readonly problems: readonly string[];
  readonly #ports: WorkerPort[];
  readonly #shared: Int32Array;
  #startUs = 0;
  #lastArrivalUs = 0;

  private constructor(
    plan: LoadPlan,
    ports: WorkerPort[],
    shared: Int32Array,
    connected: number,
    problems: string[],
  ) {
    this.plan = plan;
    this.#ports = ports;
    this.#shared = shared;
    this.connected = connected;
    this.problems = problems;
  }

  /** Starts the workers and connects (and logs in) every client. */
  static async connect(plan: LoadPlan): Promise<LoadGenerator> {
    const shared = sharedCounters(plan.senders);
    const ports = Array.from({ length: plan.workers }, () => new WorkerPort());
    ports.forEach((port, worker) => port.post({ type: "connect", plan, worker, shared }));
    const replies = await Promise.all(ports.map((p) => p.next("connected")));
    const connected = replies.reduce((sum, r) => sum + r.connected, 0);
    const problems = replies.flatMap((r) => r.problems).slice(0, 5);
    return new LoadGenerator(plan, ports, new Int32Array(shared), connected, problems);
  }

  /** Runs the send phase and waits until every line arrived or arrivals stopped. */
  async run(): Promise<void> {
    this.#startUs = nowUs() + START_DELAY_US;
    for (const port of this.#ports) port.post({ type: "go", startUs: this.#startUs });
    let sent: number | undefined;
    void Promise.all(this.#ports.map((p) => p.next("sent"))).then((replies) => {
      sent = replies.reduce((sum, r) => sum + r.lines, 0);
    });
    const recipients = this.plan.clients - 1;
    const hardEndUs = this.#startUs + this.plan.maxSendSeconds * 1e6 + GRACE_US;
    let seen = 0;
    this.#lastArrivalUs = this.#startUs;
    while (true) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const arrived = Atomics.load(this.#shared, 0);
      const now = nowUs();
      if (arrived !== seen) {
        seen = arrived;
        this.#lastArrivalUs = now;
      }
      if (sent !== undefined && arrived >= sent * recipients) break;
      if (sent !== undefined && now - this.#lastArrivalUs > QUIET_US) break;
      if (now > hardEndUs) break;
    }
  }

  /** Merges what the workers counted. */
  async result(): Promise<LoadResult> {
    for (const port of this.#ports) port.post({ type: "report" });
    const reports = await Promise.all(this.#ports.map((p) => p.next("report")));
    const latency = new LatencyHistogram();
    const counts = noCounts();
    for (const report of reports) {
      latency.merge(report.latency);
      for (const key of Object.keys(counts) as (keyof WorkerCounts)[]) {
        counts[key] += report.counts[key];
      }
    }
    const expected = counts.sent * (this.plan.clients - 1);
    return {
      ...counts,
      expected,
      lost: Math.max(0, expected - counts.delivered),
      seconds: Math.max(1e-6, (this.#lastArrivalUs - this.#startUs) / 1e6),
      latency,
    };
  }

  /** Closes every connection and stops the workers. */
  async close(): Promise<void> {
    for (const port of this.#ports) port.post({ type: "close" });
    await Promise.all(this.#ports.map((p) => p.next("closed")));
    for (const port of this.#ports) port.terminate();
  }
}
