/**
 * Test support: a log sink that keeps the server's log as lines, with a way to wait for one.
 *
 * @module
 */

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
