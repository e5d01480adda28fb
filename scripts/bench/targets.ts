/**
 * tcpchat's performance targets, checked against a run's medians. Each check says what it
 * compared, and by how much a target was missed; a target whose scenarios did not run (a smaller
 * size, a peer left out) says so instead of passing.
 *
 * @module
 */

import { kb, ns, type Summary, us } from "./report.ts";

/** One target's verdict. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly result: string;
}

/** Fan-out-shaped scenarios whose cost per delivery should not grow with the clients. */
const SCALING = ["throughput", "fan-out", "idle-2000", "idle-10000"];
/** "Flat" means the dearest cost per delivery is at most this many times the cheapest. */
const FLAT_RATIO = 1.5;

export function checkTargets(summaries: readonly Summary[]): TargetCheck[] {
  const find = (scenario: string, peer = "tcpchat", pinned = false) =>
    summaries.find((s) => s.scenario === scenario && s.peer === peer && s.pinned === pinned);
  const checks: TargetCheck[] = [];

  for (const pinned of [false, true]) {
    const ours = find("fan-out", "tcpchat", pinned);
    const ncat = find("fan-out", "ncat", pinned);
    checks.push(ratioAtMost(
      `fan-out: server CPU per delivery ≤ ncat --chat's${pinned ? " (pinned)" : ""}`,
      ours && ncat ? [ours.cpuNsPerDelivery, ncat.cpuNsPerDelivery] : undefined,
      1,
      (a, b) => `${ns(a)} vs ${ns(b)}`,
    ));
  }

  for (const pinned of [false, true]) {
    const latency = find("latency", "tcpchat", pinned);
    checks.push(ratioAtMost(
      `p99 latency ≤ 0.5 ms at 50 clients × 20 lines/s${pinned ? " (pinned)" : ""}`,
      latency && latency.clients === 50 ? [latency.p99Us, 500] : undefined,
      1,
      (a) => us(a),
    ));
  }

  const idle = summaries
    .filter((s) => s.peer === "tcpchat" && !s.pinned && s.scenario.startsWith("idle-"))
    .sort((a, b) => b.clients - a.clients)[0];
  checks.push(ratioAtMost(
    `≤ 10 KB RSS per idle connection${idle ? ` (${idle.clients} clients)` : ""}`,
    idle ? [idle.kbPerConnection, 10] : undefined,
    1,
    (a) => kb(a),
  ));

  const big = find("idle-10000");
  checks.push({
    target: "10,000 concurrent clients held and served",
    measured: big
      ? `${big.connected} held, ${big.lost} deliveries lost${big.note ? `, ${big.note}` : ""}`
      : "–",
    result: !big
      ? "not measured (needs --full)"
      : big.connected === 10_000 && big.status === "ok"
      ? "met"
      : `**missed**: ${big.status}`,
  });

  const scaling = SCALING.map((name) => find(name)).filter((s) => s !== undefined);
  const costs = scaling.map((s) => s.cpuNsPerDelivery);
  checks.push(ratioAtMost(
    `cost per delivery flat from 10 to 10,000 clients (within ${FLAT_RATIO}×)`,
    scaling.length >= 3 ? [Math.max(...costs), Math.min(...costs) * FLAT_RATIO] : undefined,
    1,
    () => scaling.map((s) => `${s.clients}: ${ns(s.cpuNsPerDelivery)}`).join(", "),
  ));

  const room = find("room");
  const fanOut = find("fan-out");
  checks.push(ratioAtMost(
    "chat-mode room within 1.2× of broadcast (CPU per delivery)",
    room && fanOut ? [room.cpuNsPerDelivery, fanOut.cpuNsPerDelivery] : undefined,
    1.2,
    (a, b) => `${ns(a)} vs ${ns(b)}`,
  ));

  const logged = find("log-file");
  const quiet = find("throughput");
  checks.push(ratioAtMost(
    "--log-file ≤ 2× --quiet (CPU per delivery, 10 clients all sending)",
    logged && quiet ? [logged.cpuNsPerDelivery, quiet.cpuNsPerDelivery] : undefined,
    2,
    (a, b) => `${ns(a)} vs ${ns(b)}`,
  ));

  for (const name of ["live-view", "live-view-20"]) {
    const live = find(name);
    checks.push(ratioAtMost(
      `live view open in ${name === "live-view" ? "1 page" : "20 pages"}: server CPU per ` +
        `delivery ≤ 1.3× without${live ? ` (${live.clients} clients)` : ""}`,
      live && fanOut ? [live.cpuNsPerDelivery, fanOut.cpuNsPerDelivery] : undefined,
      1.3,
      (a, b) => `${ns(a)} vs ${ns(b)}`,
    ));
  }
  return checks;
}

/** Met when `values[0] ≤ limit × values[1]`; otherwise says by how much it was missed. */
function ratioAtMost(
  target: string,
  values: [number, number] | undefined,
  limit: number,
  describe: (a: number, b: number) => string,
): TargetCheck {
  if (!values) return { target, measured: "–", result: "not measured in this run" };
  const [a, b] = values;
  const measured = describe(a, b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { target, measured, result: "no data" };
  const ratio = a / b;
  if (ratio <= limit) return { target, measured, result: "met" };
  return { target, measured, result: `**missed** by ${((ratio / limit - 1) * 100).toFixed(0)}%` };
}
