/**
 * Test support: a real server on a free port, in this process, with a log a test can await.
 *
 * @module
 */

import { Logger } from "../lib/server/logger.ts";
import { parseServerArgs, type ServerOptions } from "../lib/server/options.ts";
import { type RunningServer, startServer } from "../lib/server/server.ts";
import { TestClient } from "./client.ts";
import { Changes, countReached, firstMatch, waitUntil } from "./wait_until.ts";

/** The log as lines, with a way to wait for one to appear. */
export class CapturedLog {
  readonly lines: string[] = [];
  #partial = "";
  readonly #changes = new Changes();
  readonly #decoder = new TextDecoder();

  writeSync(bytes: Uint8Array): number {
    const text = this.#partial + this.#decoder.decode(bytes);
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    this.lines.push(...parts);
    if (parts.length > 0) this.#changes.notify();
    return bytes.length;
  }

  /** Resolves once `count` log lines (past or future) match `pattern`. */
  async waitForCount(pattern: RegExp, count: number, ms?: number): Promise<void> {
    const what = `${count} log lines matching ${pattern}`;
    await this.#wait(countReached(this.lines, pattern, count), what, ms);
  }

  /** Resolves with the first log line (past or future) matching `pattern`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string> {
    return this.#wait(firstMatch(this.lines, pattern), `a log line matching ${pattern}`, ms);
  }

  #wait<T>(check: () => T | undefined, what: string, ms?: number): Promise<T> {
    const seen = () => `log:\n${this.lines.join("\n")}`;
    return waitUntil(check, { what, seen, ms, changes: this.#changes });
  }
}

/** A server started for one test. */
export class TestServer {
  readonly log = new CapturedLog();
  readonly options: ServerOptions;
  readonly #server: RunningServer;
  readonly #logger: Logger;
  readonly #clients: TestClient[] = [];

  constructor(args: string[]) {
    const command = parseServerArgs(["--port", "0", ...args], {
      noColorEnv: true,
      isTerminal: false,
    });
    if (command.kind !== "run") throw new Error(`bad test server arguments: ${args.join(" ")}`);
    this.options = command.options;
    this.#logger = new Logger({ console: this.log, color: false, quiet: this.options.quiet });
    this.#server = startServer(this.options, this.#logger);
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
  const server = new TestServer(args);
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}
