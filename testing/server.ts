/**
 * Test support: a real server on a free port, in this process, with a log a test can await.
 *
 * @module
 */

import { Logger } from "../lib/server/logger.ts";
import { parseServerArgs, type ServerOptions } from "../lib/server/options.ts";
import { type RunningServer, startServer } from "../lib/server/server.ts";
import { CapturedLog } from "./captured_log.ts";
import { TestClient } from "./client.ts";

/** A server started for one test. */
export class TestServer {
  readonly log: CapturedLog;
  readonly options: ServerOptions;
  readonly #server: RunningServer;
  readonly #logger: Logger;
  readonly #clients: TestClient[] = [];

  private constructor(
    options: ServerOptions,
    logger: Logger,
    log: CapturedLog,
    server: RunningServer,
  ) {
    this.options = options;
    this.#logger = logger;
    this.log = log;
    this.#server = server;
  }

  /** Starts a server with `args` (after `--port 0`). */
  static async start(args: string[]): Promise<TestServer> {
    const command = parseServerArgs(["--port", "0", ...args], {
      noColorEnv: true,
      isTerminal: false,
    });
    if (command.kind !== "run") throw new Error(`bad test server arguments: ${args.join(" ")}`);
    const log = new CapturedLog();
    const logger = new Logger({ console: log, color: false, quiet: command.options.quiet });
    const server = await startServer(command.options, logger);
    return new TestServer(command.options, logger, log, server);
  }

  get port(): number {
    return this.#server.addr.port;
  }

  get hostname(): string {
    return this.#server.addr.hostname;
  }

  /** Connects a raw TCP client; it is closed when the test's server stops. */
  async connect(): Promise<TestClient> {
    const client = await TestClient.connect(this.hostname, this.port);
    this.#clients.push(client);
    return client;
  }

  /** Connects and logs in as `id`, reading up to the menu prompt. */
  async login(id: string): Promise<TestClient> {
    const client = await this.connect();
    await client.until(/^\? id:/);
    client.send(id);
    await client.until(/^\? menu:/);
    return client;
  }

  /** Makes the log visible now instead of after the logger's short delay. */
  flushLog(): void {
    this.#logger.flush();
  }

  async stop(): Promise<void> {
    await this.#server.stop();
    for (const c of this.#clients) c.close();
    await Promise.all(this.#clients.map((c) => c.closed));
  }
}

/** Runs `fn` against a fresh server and always stops it, so no test leaks a socket or timer. */
export async function withServer(
  args: string[],
  fn: (server: TestServer) => Promise<void>,
): Promise<void> {
  const server = await TestServer.start(args);
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}
