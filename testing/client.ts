/**
 * Test support: a raw TCP client that reads the server's lines as they were sent (a BS or DEL
 * stays in its line), and tells a clean close (FIN) from a reset (RST).
 *
 * @module
 */

import { LineFramer } from "../lib/core/line_framer.ts";
import { TelnetFilter } from "../lib/core/telnet.ts";
import { formatTelnet } from "../lib/core/telnet_commands.ts";
import { classifyNetError } from "../lib/net/errors.ts";
import { Changes, waitUntil, within } from "./wait_until.ts";

const encoder = new TextEncoder();

/** How the server ended the connection, as the client saw it. */
export type EndSeen = "fin" | "rst";

/** A raw socket client. */
export class TestClient {
  readonly localPort: number;
  /** Every line received so far. */
  readonly received: string[] = [];
  /** Telnet commands received, for a client that speaks telnet (see {@link connect}). */
  readonly telnetReceived: string[] = [];
  /** Resolves when the read loop ends. */
  readonly closed: Promise<EndSeen>;
  readonly #conn: Deno.TcpConn;
  readonly #telnet: TelnetFilter | null;
  #next = 0;
  readonly #changes = new Changes();
  #end: EndSeen | null = null;
  #closedByUs = false;

  private constructor(conn: Deno.TcpConn, telnet: boolean) {
    this.#conn = conn;
    // What a telnet server sends is telnet from its first byte.
    this.#telnet = telnet ? new TelnetFilter({ telnet: true }) : null;
    this.localPort = conn.localAddr.port;
    this.closed = this.#readLoop();
  }

  /**
   * Connects. With `telnet`, the client takes telnet commands out of what it receives, as a
   * telnet client does; without, every byte the server sends shows up in `received`.
   */
  static async connect(hostname: string, port: number, telnet = false): Promise<TestClient> {
    return new TestClient(await Deno.connect({ hostname, port }), telnet);
  }

  /** Sends `text` and a LF. */
  send(text: string): void {
    this.sendRaw(encoder.encode(text + "\n"));
  }

  /** Sends bytes exactly as given. */
  sendRaw(bytes: Uint8Array | string): void {
    const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
    // Small test writes go out whole; a failure shows up as the server's reaction.
    this.#conn.write(data).catch(() => {});
  }

  /** The next line not yet consumed (`ms` as in {@link waitUntil}). */
  line(ms?: number): Promise<string> {
    return this.#take(null, ms);
  }

  /** Consumes lines up to and including the first that matches `pattern`, and returns it. */
  until(pattern: RegExp, ms?: number): Promise<string> {
    return this.#take(pattern, ms);
  }

  /**
   * Resolves with every line received once there are `count` (consumed or not), or once the
   * connection has ended with fewer.
   */
  receivedCount(count: number, ms?: number): Promise<string[]> {
    return this.#wait(
      () => this.received.length >= count || this.#end ? this.received : undefined,
      `${count} lines`,
      ms,
    );
  }

  /** Waits for the server to end the connection and says how. */
  ended(ms?: number): Promise<EndSeen> {
    return within(this.closed, { what: "the server to end the connection", ms });
  }

  /** Closes our side normally (FIN). */
  close(): void {
    if (this.#closedByUs) return;
    this.#closedByUs = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }

  /** Half-closes: sends our FIN and keeps reading. */
  async closeWrite(): Promise<void> {
    await this.#conn.closeWrite();
  }

  async #readLoop(): Promise<EndSeen> {
    const framer = new LineFramer({ maxLineBytes: 1 << 20, editing: false });
    const buffer = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await this.#conn.read(buffer);
        if (n === null) {
          for (const item of framer.end()) if (item.kind === "line") this.received.push(item.text);
          return this.#finish("fin");
        }
        const bytes = buffer.subarray(0, n);
        const pieces = this.#telnet?.push(bytes) ?? [{ type: "data", bytes }];
        for (const piece of pieces) {
          if (piece.type === "telnet") {
            this.telnetReceived.push(formatTelnet(piece.command));
            continue;
          }
          for (const item of framer.push(piece.bytes)) {
            if (item.kind === "line") this.received.push(item.text);
          }
        }
        this.#changes.notify();
      }
    } catch (error) {
      if (this.#closedByUs) return this.#finish("fin");
      if (classifyNetError(error).kind === "reset") return this.#finish("rst");
      throw error;
    } finally {
      if (!this.#closedByUs) {
        this.#closedByUs = true;
        try {
          this.#conn.close();
        } catch {
          // Already closed.
        }
      }
    }
  }

  #finish(end: EndSeen): EndSeen {
    this.#end = end;
    this.#changes.notify();
    return end;
  }

  #take(pattern: RegExp | null, ms?: number): Promise<string> {
    const what = pattern ? `a line matching ${pattern}` : "a line";
    return this.#wait(
      () => {
        while (this.#next < this.received.length) {
          const line = this.received[this.#next++];
          if (!pattern || pattern.test(line)) return line;
        }
        if (this.#end) throw new Error(`connection ended (${this.#end}) while waiting for ${what}`);
      },
      what,
      ms,
    );
  }

  #wait<T>(check: () => T | undefined, what: string, ms?: number): Promise<T> {
    const seen = () => `received so far:\n${this.received.join("\n")}`;
    return waitUntil(check, { what, seen, ms, changes: this.#changes });
  }
}
