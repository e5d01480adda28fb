/**
 * The benchmark's scenarios, in three sizes: `smoke` (a few seconds, for the test suite), `quick`
 * (small counts, under a minute) and `full` (the numbers in docs/BENCHMARKS.md, a few minutes).
 *
 * @module
 */

import type { SendPlan } from "./plan.ts";
import { type Peer, PEERS } from "./servers.ts";

export const SIZES = ["smoke", "quick", "full"] as const;
export type Size = typeof SIZES[number];

/** One scenario: a server mode, clients, senders and how they send. */
export interface Scenario {
  /** Short name, used on the command line (`--scenarios fan-out,latency`) and in the JSON. */
  readonly name: string;
  /** What it measures, for the table. */
  readonly title: string;
  readonly mode: "broadcast" | "chat";
  /** tcpchat logs every message to a file (`--log-file`) instead of running `--quiet`. */
  readonly logging: boolean;
  /** Live view pages open during the run (tcpchat with `--web`), each reading its stream. */
  readonly pages?: number;
  readonly clients: number;
  readonly senders: number;
  readonly send: SendPlan;
  readonly maxSendSeconds: number;
  /** Servers that can run it (chat mode and `--log-file` are tcpchat's alone). */
  readonly peers: readonly Peer[];
  /** Also run with server and generator pinned to different CPUs. */
  readonly pinnable: boolean;
}

/** Bytes of each line's token; with the sender tag a relayed line is about 70 bytes. */
export const PAYLOAD_BYTES = 48;

interface Counts {
  throughputLines: number;
  fanOutClients: number;
  fanOutLines: number;
  latencyClients: number;
  latencyLines: number;
  idle: readonly number[];
  /** Deliveries aimed at in each idle scenario's send phase, whatever its size. */
  idleDeliveries: number;
}

const COUNTS: Record<Size, Counts> = {
  smoke: {
    throughputLines: 100,
    fanOutClients: 20,
    fanOutLines: 40,
    latencyClients: 10,
    latencyLines: 10,
    idle: [300],
    idleDeliveries: 6_000,
  },
  quick: {
    throughputLines: 3_000,
    fanOutClients: 200,
    fanOutLines: 400,
    latencyClients: 50,
    latencyLines: 40,
    idle: [2_000],
    idleDeliveries: 200_000,
  },
  full: {
    throughputLines: 10_000,
    fanOutClients: 200,
    fanOutLines: 1_000,
    latencyClients: 50,
    latencyLines: 60,
    idle: [2_000, 10_000],
    idleDeliveries: 1_000_000,
  },
};

/** Lines of one sender on their way in the fan-out scenarios: the same at every size, so that
 * the cost per delivery can be compared from 200 to 10,000 clients. */
const FAN_OUT_WINDOW = 16;
/** Senders once the idle clients are connected. */
const IDLE_SENDERS = 5;
/** Lines a second of each sender in the latency scenario. */
const LATENCY_RATE = 20;

/** The scenarios of one size, in the order they run. */
export function scenarios(size: Size): Scenario[] {
  const c = COUNTS[size];
  const throughput: Scenario = {
    name: "throughput",
    title: "10 clients, all sending",
    mode: "broadcast",
    logging: false,
    clients: 10,
    senders: 10,
    send: { kind: "window", window: 32, lines: c.throughputLines },
    maxSendSeconds: 20,
    peers: PEERS,
    pinnable: false,
  };
  const fanOut: Scenario = {
    name: "fan-out",
    title: `${c.fanOutClients} clients, 5 sending`,
    mode: "broadcast",
    logging: false,
    clients: c.fanOutClients,
    senders: 5,
    send: { kind: "window", window: FAN_OUT_WINDOW, lines: c.fanOutLines },
    maxSendSeconds: 20,
    peers: PEERS,
    pinnable: true,
  };
  const latency: Scenario = {
    name: "latency",
    title: `${c.latencyClients} clients × ${LATENCY_RATE} lines/s`,
    mode: "broadcast",
    logging: false,
    clients: c.latencyClients,
    senders: c.latencyClients,
    send: { kind: "rate", perSecond: LATENCY_RATE, lines: c.latencyLines },
    maxSendSeconds: c.latencyLines / LATENCY_RATE + 5,
    peers: PEERS,
    pinnable: true,
  };
  const room: Scenario = {
    ...fanOut,
    name: "room",
    title: `chat mode: ${c.fanOutClients} logged in, common room, 5 sending`,
    mode: "chat",
    peers: ["tcpchat"],
    pinnable: false,
  };
  const logging: Scenario = {
    ...throughput,
    name: "log-file",
    title: "10 clients, all sending, every message logged to --log-file",
    logging: true,
    peers: ["tcpchat"],
    pinnable: false,
  };
  const idle = c.idle.map((clients): Scenario => ({
    name: `idle-${clients}`,
    title: `${clients} clients held, then ${IDLE_SENDERS} sending to all`,
    mode: "broadcast",
    logging: false,
    clients,
    senders: IDLE_SENDERS,
    send: {
      kind: "window",
      window: FAN_OUT_WINDOW,
      lines: Math.max(4, Math.round(c.idleDeliveries / (IDLE_SENDERS * (clients - 1)))),
    },
    maxSendSeconds: 20,
    peers: PEERS,
    pinnable: false,
  }));
  // The live view costs the chat nothing noticeable: fan-out with pages open, against fan-out.
  const liveView = (pages: number): Scenario => ({
    ...fanOut,
    name: pages === 1 ? "live-view" : `live-view-${pages}`,
    title: `${fanOut.title}, live view open in ${pages === 1 ? "1 page" : `${pages} pages`}`,
    pages,
    peers: ["tcpchat"],
    pinnable: false,
  });
  return [throughput, fanOut, latency, room, logging, ...idle, liveView(1), liveView(20)];
}
