/**
 * What a server counts for its `[STOP]` summary, with one owner: the counts change only through
 * the methods below, each named for what happened, and only this module words the summary.
 *
 * @example
 * ```ts
 * import { ServerStats } from "./stats.ts";
 * import { equal } from "node:assert/strict";
 *
 * const stats = new ServerStats();
 * stats.clientServed();
 * stats.lineReceived();
 * stats.linesSent(2);
 * equal(stats.summary(1500), "uptime 1.5 s, 1 client served, 1 line received, 0 relayed, 2 sent");
 * ```
 * @module
 */

/** A server's counts. */
export class ServerStats {
  #served = 0;
  #received = 0;
  #relayed = 0;
  #sent = 0;
  #refused = 0;

  /** A client was admitted (refused newcomers are not counted). */
  clientServed(): void {
    this.#served++;
  }

  /** A line arrived from a client (whether or not flood control let it through). */
  lineReceived(): void {
    this.#received++;
  }

  /** Flood control refused a line. */
  lineRefused(): void {
    this.#refused++;
  }

  /** One user's line was passed on to others (`[FWD]`), reaching `recipients` of them. */
  lineRelayed(recipients: number): void {
    this.#relayed++;
    this.#sent += recipients;
  }

  /** Lines written to one client: replies, notices, refusals. */
  linesSent(lines: number): void {
    this.#sent += lines;
  }

  /** The `[STOP]` line's text, after `uptimeMs` of running. */
  summary(uptimeMs: number): string {
    const refused = this.#refused > 0 ? `, ${this.#refused} refused by flood control` : "";
    return `uptime ${(uptimeMs / 1000).toFixed(1)} s, ${count(this.#served, "client")} served, ` +
      `${count(this.#received, "line")} received, ${this.#relayed} relayed, ${this.#sent} sent` +
      refused;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
