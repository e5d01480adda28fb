/**
 * Test support: the server's whole edge (`Connections`: guards, hub, mode, connections, log) on
 * mock connections and a fake clock. No socket is opened and no real time passes: a test plays
 * each peer (`MockConn`) and moves the clock (`FakeClock.tick`), then looks at what each peer
 * received, how its connection ended, and the log.
 *
 * @example
 * ```ts
 * import { EdgeHarness } from "./edge.ts";
 * import { equal } from "node:assert/strict";
 *
 * const edge = new EdgeHarness(["--mode", "echo"]);
 * const peer = edge.connect();
 * peer.peerSends("hello\n");
 * await edge.settle();
 * equal(peer.writtenText, "hello\n");
 * await edge.stop();
 * ```
 * @module
 */

import { Connections } from "../lib/server/connections.ts";
import { Logger } from "../lib/server/logger.ts";
import { parseServerArgs, type ServerOptions } from "../lib/server/options.ts";
import { CapturedLog } from "./captured_log.ts";
import { FakeClock } from "./fake_clock.ts";
import { MockConn } from "./mock_conn.ts";

/** A server's edge with mock peers. */
export class EdgeHarness {
  readonly clock = new FakeClock();
  readonly options: ServerOptions;
  readonly connections: Connections;
  readonly #captured = new CapturedLog();
  readonly #logger: Logger;
  #nextPort = 50_001;

  /**
   * `args` as the server's command line (e.g. `["--mode", "echo"]`); `maxOpen`, the connections
   * the descriptor limit leaves room for (`lib/server/descriptors.ts`).
   */
  constructor(args: string[], maxOpen = Infinity) {
    const command = parseServerArgs(args, { noColorEnv: true, isTerminal: false });
    if (command.kind !== "run") throw new Error(`bad server arguments: ${args.join(" ")}`);
    this.options = command.options;
    this.#logger = new Logger({
      console: this.#captured,
      color: false,
      quiet: this.options.quiet,
      clock: this.clock,
    });
    this.connections = new Connections(this.options, this.#logger, this.clock, maxOpen);
  }

  /** A new peer from `hostname`, accepted as the listener would. */
  connect(hostname = "127.0.0.1"): MockConn {
    const conn = new MockConn({ hostname, port: this.#nextPort++ });
    this.connections.admit(conn);
    return conn;
  }

  /** Two chat-mode peers logged in as `first` and `second`, in a private chat together. */
  async privateChat(first: string, second: string): Promise<[MockConn, MockConn]> {
    const a = this.connect();
    const b = this.connect();
    a.peerSends(`${first}\n`);
    b.peerSends(`${second}\n`);
    await this.settle();
    a.peerSends(`1\n${second}\n`);
    await this.settle();
    b.peerSends("y\n");
    await this.settle();
    return [a, b];
  }

  /** Lets what the last peer actions started run to its end, without moving the clock. */
  settle(): Promise<void> {
    return this.clock.tick(0);
  }

  /** The log so far, each line without its time: `[WARN] #1 127.0.0.1:50001 ...`. */
  get log(): string[] {
    this.#logger.flush();
    return this.#captured.lines.map((l) => l.replace(/^(\[\w+\]) \d\d:\d\d:\d\d\.\d{3} /, "$1 "));
  }

  /** The log lines that start with `[TAG]`. */
  logged(tag: string): string[] {
    return this.log.filter((l) => l.startsWith(`[${tag}] `));
  }

  /** Stops as a server does: every client told and closed, the clock moved past every linger. */
  async stop(): Promise<void> {
    const closed = this.connections.closeAll();
    for (let i = 0; i < 10 && this.clock.pending > 0; i++) await this.clock.tick(1000);
    await closed;
  }
}
