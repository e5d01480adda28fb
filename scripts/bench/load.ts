/**
 * One load worker: its share of the benchmark's client connections, their logins and senders.
 * What arrives is checked by checker.ts. It runs in a worker thread (load_worker.ts) and talks
 * to the coordinator (generator.ts) through messages and a few shared counters.
 *
 * @module
 */

import { Inbox, LineChecker } from "./checker.ts";
import { type FromWorker, type LoadPlan, noCounts, nowUs, type WorkerCounts } from "./plan.ts";
import { acceptQueue, untilAccepted } from "./servers.ts";
import { writePayload } from "./token.ts";

/** Bytes per read on each client connection. */
const READ_BYTES = 16 * 1024;
/** The accept queue assumed when `ss` cannot tell (the smallest a peer uses: ncat's 10). */
const DEFAULT_BACKLOG = 10;
/** A chat-mode login must reach the room within this long. */
const LOGIN_TIMEOUT_MS = 15_000;
/** A closed-loop sender that saw no progress for this long counts its window as lost. */
const STALL_US = 250_000;
const LF = 0x0a;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One client connection of the generator. */
class Client {
  readonly index: number;
  readonly conn: Deno.TcpConn;
  readonly inbox: Inbox;
  /** Chat mode: text seen before the room notice, and what to call when it comes. */
  login: { text: string; done: (problem?: string) => void } | null = null;
  reading: Promise<void> = Promise.resolve();

  constructor(index: number, conn: Deno.TcpConn, senders: number) {
    this.index = index;
    this.conn = conn;
    this.inbox = new Inbox(senders);
  }
}

/** A worker's connections and counters. */
export class LoadWorker {
  readonly counts: WorkerCounts = noCounts();
  readonly #plan: LoadPlan;
  readonly #worker: number;
  readonly #shared: Int32Array;
  readonly #checker: LineChecker;
  readonly #clients: Client[] = [];
  #waiters: (() => void)[] = [];
  #closing = false;

  constructor(plan: LoadPlan, worker: number, shared: SharedArrayBuffer) {
    this.#plan = plan;
    this.#worker = worker;
    this.#shared = new Int32Array(shared);
    this.#checker = new LineChecker(plan, this.counts, this.#shared, () => this.#wake());
  }

  /**
   * Connects this worker's clients (every `workers`-th index) and logs them in. Connections are
   * opened in batches that fit the server's accept queue, and each batch waits until the server
   * accepted it: a connection the kernel had to drop from a full queue looks established to the
   * client but never reaches the server (ncat listens with a backlog of 10).
   */
  async connect(): Promise<FromWorker> {
    const { clients, workers, host, port } = this.#plan;
    const indexes: number[] = [];
    for (let i = this.#worker; i < clients; i += workers) indexes.push(i);
    const problems: string[] = [];
    const note = (problem: string | undefined) => {
      if (problem !== undefined && problems.length < 5) problems.push(problem);
    };
    const backlog = (await acceptQueue(host, port))?.backlog ?? DEFAULT_BACKLOG;
    const batch = Math.max(1, Math.floor((backlog - 1) / workers));
    const logins: Promise<string | undefined>[] = [];
    for (let at = 0; at < indexes.length; at += batch) {
      const opened = await Promise.all(indexes.slice(at, at + batch).map((i) => this.#open(i)));
      for (const result of opened) {
        if (typeof result === "string") note(result);
        else logins.push(result.loggedIn);
      }
      note(await untilAccepted(host, port));
    }
    for (const problem of await Promise.all(logins)) note(problem);
    this.#clients.sort((a, b) => a.index - b.index);
    return { type: "connected", connected: this.#clients.length, problems };
  }

  /** Runs this worker's senders from `startUs`; resolves with the lines they sent. */
  async send(startUs: number): Promise<number> {
    const { send, senders, workers } = this.#plan;
    const mine = this.#clients.filter((c) => c.index < senders);
    const deadlineUs = startUs + this.#plan.maxSendSeconds * 1e6;
    // Arrivals in this thread wake waiting senders at once; other threads' arrivals are polled.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (startUs - nowUs()) / 1000)));
    const poll = setInterval(() => this.#wake(), workers > 1 ? 1 : 50);
    try {
      if (send.kind === "rate") {
        await this.#sendAtRate(mine, send.perSecond, send.lines, startUs, deadlineUs);
      } else {
        await Promise.all(
          mine.map((c) => this.#sendWindowed(c, send.window, send.lines, deadlineUs)),
        );
      }
    } finally {
      clearInterval(poll);
    }
    return this.counts.sent;
  }

  /** What was counted, for the coordinator to merge. */
  report(): FromWorker {
    return {
      type: "report",
      counts: { ...this.counts },
      latency: { counts: this.#checker.latency.counts, max: this.#checker.latency.max },
    };
  }

  /** Closes every connection and waits for the read loops to end. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const client of this.#clients) {
      try {
        client.conn.close();
      } catch {
        // Already closed by the server.
      }
    }
    await Promise.all(this.#clients.map((c) => c.reading));
  }

  /** Opens one connection; its login (chat mode) goes on in the background. */
  async #open(index: number): Promise<string | { loggedIn: Promise<string | undefined> }> {
    let conn: Deno.TcpConn;
    try {
      conn = await Deno.connect({ hostname: this.#plan.host, port: this.#plan.port });
      conn.setNoDelay(true);
    } catch (error) {
      return `connect #${index}: ${error instanceof Error ? error.message : error}`;
    }
    const client = new Client(index, conn, this.#plan.senders);
    this.#clients.push(client);
    let loggedIn: Promise<string | undefined> = Promise.resolve(undefined);
    if (this.#plan.login) {
      loggedIn = new Promise((resolve) => {
        const timer = setTimeout(
          () => resolve(`login #${index}: no room notice`),
          LOGIN_TIMEOUT_MS,
        );
        client.login = {
          text: "",
          done: (problem) => {
            clearTimeout(timer);
            resolve(problem);
          },
        };
      });
    }
    client.reading = this.#readLoop(client);
    return { loggedIn };
  }

  async #readLoop(client: Client): Promise<void> {
    const buffer = new Uint8Array(READ_BYTES);
    while (true) {
      let n: number | null;
      try {
        n = await client.conn.read(buffer);
      } catch {
        n = null;
      }
      if (n === null) {
        if (!this.#closing) this.counts.ended++;
        client.login?.done(`#${client.index} ended before reaching the room`);
        if (!this.#closing) {
          try {
            client.conn.close();
          } catch {
            // Closed already.
          }
        }
        return;
      }
      const chunk = buffer.subarray(0, n);
      if (client.login) this.#loginChunk(client, chunk);
      else this.#checker.chunk(client.inbox, chunk);
    }
  }

  /** Chat mode: answers the ID prompt and the menu, until the room notice. */
  #loginChunk(client: Client, chunk: Uint8Array): void {
    const login = client.login!;
    const lines = (login.text + decoder.decode(chunk)).split("\n");
    login.text = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("? id:")) this.#write(client, `u${client.index}\n`);
      else if (line.startsWith("? menu:")) this.#write(client, "3\n");
      else if (line.startsWith("! ")) login.done(`login #${client.index}: ${line}`);
      else if (line.startsWith("* room:")) {
        client.login = null;
        login.done();
      }
    }
  }

  #write(client: Client, text: string): void {
    client.conn.write(encoder.encode(text)).catch(() => {});
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async #sendWindowed(client: Client, window: number, lines: number, deadlineUs: number) {
    const slot = client.index;
    const recipients = this.#plan.clients - 1;
    const line = new Uint8Array(this.#plan.payloadBytes + 1);
    line[line.length - 1] = LF;
    let forgiven = 0;
    let lastCount = 0;
    let lastProgressUs = nowUs();
    for (let seq = 0; seq < lines; seq++) {
      while (true) {
        const count = Atomics.load(this.#shared, 1 + slot);
        const now = nowUs();
        if (count !== lastCount) {
          lastCount = count;
          lastProgressUs = now;
        }
        const inFlight = seq - Math.floor(count / recipients) - forgiven;
        if (inFlight < window) break;
        if (now > deadlineUs) return;
        if (now - lastProgressUs > STALL_US) {
          // Lines that never arrive (a lossy server) must not stop the run: write them off.
          forgiven += inFlight;
          lastProgressUs = now;
          this.counts.stalls++;
          break;
        }
        await new Promise<void>((resolve) => this.#waiters.push(resolve));
      }
      if (!(await this.#sendLine(client, line, slot, seq))) return;
    }
  }

  async #sendAtRate(
    senders: Client[],
    perSecond: number,
    lines: number,
    startUs: number,
    deadlineUs: number,
  ): Promise<void> {
    const periodUs = 1e6 / perSecond;
    const line = senders.map(() => new Uint8Array(this.#plan.payloadBytes + 1).fill(LF));
    // Senders are spread evenly over one period, so lines arrive at an even pace.
    const due = senders.map((c) => startUs + (c.index / this.#plan.senders) * periodUs);
    const seq = senders.map(() => 0);
    const busy = senders.map(() => false);
    while (true) {
      const now = nowUs();
      if (now > deadlineUs) return;
      let soonest = Infinity;
      for (let i = 0; i < senders.length; i++) {
        if (seq[i] >= lines) continue;
        if (due[i] <= now && !busy[i]) {
          busy[i] = true;
          const n = seq[i]++;
          due[i] += periodUs;
          void this.#sendLine(senders[i], line[i], senders[i].index, n).then(() => busy[i] = false);
        }
        soonest = Math.min(soonest, due[i]);
      }
      if (soonest === Infinity) break;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Math.floor((soonest - now) / 1000)))
      );
    }
    while (busy.some((b) => b)) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  /** Stamps and writes one line; false when the connection is gone. */
  async #sendLine(client: Client, line: Uint8Array, slot: number, seq: number): Promise<boolean> {
    writePayload(line, 0, this.#plan.payloadBytes, slot, seq, nowUs());
    try {
      let written = 0;
      while (written < line.length) written += await client.conn.write(line.subarray(written));
    } catch {
      return false;
    }
    this.counts.sent++;
    return true;
  }
}
