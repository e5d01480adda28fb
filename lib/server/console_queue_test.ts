// A console that stops reading (Ctrl+S, a full pipe) never holds the log up: its lines wait in a
// bounded queue, the ones past it are counted and reported once the console reads again, the log
// file keeps every line, and closing the log waits for such a console only for a bounded time.
import { deepEqual, equal, match } from "node:assert/strict";
import { CapturedLog } from "../../testing/captured_log.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { ConsoleQueue } from "./console_queue.ts";
import { CONSOLE_CLOSE_MS, Logger } from "./logger.ts";

/** A console that takes nothing until `resume()`, then everything. */
class StalledConsole {
  readonly written: string[] = [];
  readonly #waiting = Promise.withResolvers<void>();
  async write(bytes: Uint8Array): Promise<number> {
    await this.#waiting.promise;
    this.written.push(new TextDecoder().decode(bytes));
    return bytes.length;
  }
  resume(): void {
    this.#waiting.resolve();
  }
  get lines(): string[] {
    return this.written.join("").split("\n").slice(0, -1);
  }
}

const untimed = (line: string) => line.replace(/ \d\d:\d\d:\d\d\.\d{3} /, " ");

Deno.test("console queue: a stalled console costs at most its bound; the rest is counted, then told", async () => {
  const console = new StalledConsole();
  const file = Object.assign(new CapturedLog(), { close() {} });
  const clock = new FakeClock();
  const line = (i: number) => `#1 127.0.0.1:50001 9 bytes: "line ${String(i).padStart(3, "0")}"`;
  const log = new Logger({
    console,
    file,
    color: false,
    quiet: false,
    clock,
    consoleQueueBytes: 600,
  });
  for (let i = 0; i < 100; i++) {
    log.event("RECV", line(i));
    log.flush();
  }
  equal(file.lines.length, 100, "the log file has every line at once");
  console.resume();
  await log.close();
  const shown = console.lines.map(untimed);
  const kept = shown.length - 1;
  equal(kept > 0 && kept < 20, true, `the lines within the bound are shown: ${kept}`);
  deepEqual(shown.slice(0, kept), [...Array(kept).keys()].map((i) => `[RECV] ${line(i)}`));
  equal(
    shown[kept],
    `[WARN] ${
      100 - kept
    } log lines were not shown here: the console (stdout) was not being read; ` +
      "the log file has them",
  );
});

Deno.test("console queue: lines flow again after the report, in order", async () => {
  const console = new StalledConsole();
  const reports: number[] = [];
  const queue = new ConsoleQueue(console, 10, (n) => reports.push(n));
  const bytes = (text: string) => new TextEncoder().encode(text);
  queue.push(bytes("a\n"), 1);
  queue.push(bytes("b\n"), 1);
  queue.push(bytes("0123456789\n"), 1);
  queue.push(bytes("c\n"), 1);
  equal(queue.queuedBytes, 4);
  console.resume();
  equal(await queue.drained(1000), true);
  deepEqual(reports, [2], "dropped until the queue emptied, even what would have fit");
  queue.push(bytes("d\n"), 1);
  await queue.drained(1000);
  deepEqual(console.lines, ["a", "b", "d"]);
});

Deno.test("console queue: closing the log waits for a console that never reads only so long", async () => {
  const console = new StalledConsole();
  const clock = new FakeClock();
  const log = new Logger({ console, color: false, quiet: false, clock });
  log.event("STOP", "uptime 1.0 s");
  let closed = false;
  const closing = log.close().then(() => closed = true);
  await clock.tick(CONSOLE_CLOSE_MS - 1);
  equal(closed, false, "it waits for the console a while");
  await clock.tick(1);
  await closing;
  equal(closed, true);
  match(String(console.written.length), /^0$/);
});
