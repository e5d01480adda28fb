/**
 * Live view pages for the benchmark: each reads `/events` as a browser's EventSource does. They
 * run in a process of their own (this file, run as a program), so that reading them takes no time
 * from the load generator: a slower generator would batch fewer lines per write and make the
 * server look dearer per delivery than the pages make it. A real browser would also draw; the
 * server's side, which is what is measured, is the same.
 *
 * @module
 */

const decoder = new TextDecoder();

/** The pages of one run, in their process. */
export class LivePages {
  readonly #child: Deno.ChildProcess;
  readonly #count: number;
  #summary = "";
  #closed = false;

  private constructor(child: Deno.ChildProcess, count: number) {
    this.#child = child;
    this.#count = count;
  }

  /** Opens `count` pages on the live view at `url`; resolves once all are reading. */
  static async open(url: string, count: number): Promise<LivePages> {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", new URL(import.meta.url).pathname, url, String(count)],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const pages = new LivePages(child, count);
    const first = await pages.#line();
    if (first !== "open") throw new Error(`live view pages could not open: ${first}`);
    return pages;
  }

  async #line(): Promise<string> {
    const reader = this.#child.stdout.getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    reader.releaseLock();
    return text.trim();
  }

  /** What the pages got, for the run's note; pages the server dropped would show here. */
  describe(): string {
    return this.#summary;
  }

  /** Closes the pages and reads what they got. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#child.stdin.close();
    const [bytes, ended] = (await this.#line()).split(" ").map(Number);
    await this.#child.status;
    const n = this.#count;
    const early = ended > 0 ? `, ${ended} ended early` : "";
    this.#summary = `${n} live view page${n === 1 ? "" : "s"} read ${
      Math.round(bytes / 1024)
    } KiB${early}`;
  }
}

/** The pages' process: opens them, says `open`, reads until stdin closes, prints `BYTES ENDED`. */
async function main(url: string, count: number): Promise<void> {
  let bytes = 0;
  let ended = 0;
  const responses = await Promise.all(
    Array.from({ length: count }, () => fetch(new URL("events", url))),
  );
  const readers = responses.map((r) => {
    if (!r.ok) throw new Error(`live view answered ${r.status} for /events`);
    return r.body!.getReader();
  });
  const done = readers.map(async (reader) => {
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
      ended++;
    } catch {
      // Cancelled at the end of the run.
    }
  });
  console.log("open");
  for await (const _ of Deno.stdin.readable) { /* until the benchmark closes it */ }
  const endedBefore = ended;
  await Promise.all(readers.map((r) => r.cancel().catch(() => {})));
  await Promise.all(done);
  console.log(`${bytes} ${endedBefore}`);
}

if (import.meta.main) await main(Deno.args[0], Number(Deno.args[1]));
