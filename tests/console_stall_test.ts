// A server whose standard output nobody reads (a terminal stopped with Ctrl+S, `| slow-reader`,
// a full pipe) still serves every client, its --log-file keeps every line, and SIGTERM still
// stops it at once: the console never holds the server up.
import { equal } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { RUN_SERVER, TEST_ENV } from "../testing/process.ts";
import { waitUntil, within } from "../testing/wait_until.ts";

/** Lines relayed: their log (about 400 bytes each) is several times a pipe's 64 KiB and the
 * console's 1 MiB queue together. */
const LINES = 4000;

Deno.test("console: a stdout nobody reads holds up neither the chat, nor the log file, nor a stop", async () => {
  const dir = await Deno.makeTempDir();
  const logFile = `${dir}/server.log`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      ...RUN_SERVER,
      "--mode",
      "broadcast",
      "--port",
      "0",
      "--flood-rate",
      "0",
      "--log-file",
      logFile,
    ],
    cwd: new URL("../", import.meta.url).pathname,
    env: TEST_ENV,
    stdin: "null",
    // A pipe this test never reads: once full, every write to it waits.
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const clients: TestClient[] = [];
  try {
    const log = () => Deno.readTextFile(logFile).catch(() => "");
    const start = await waitUntil(async () => /^\[START\] .*:(\d+)$/m.exec(await log())?.[1], {
      what: "the [START] line in the log file",
    });
    const bob = await TestClient.connect("127.0.0.1", +start);
    clients.push(bob);
    const alice = await Deno.connect({ hostname: "127.0.0.1", port: +start });
    const text = (i: number) => `line ${i} `.padEnd(100, "x");
    try {
      for (let i = 0; i < LINES; i += 500) {
        const batch = [...Array(500).keys()].map((k) => text(i + k) + "\n").join("");
        let rest = new TextEncoder().encode(batch);
        while (rest.length > 0) rest = rest.subarray(await alice.write(rest));
      }
      const got = await bob.receivedCount(LINES, 30_000);
      equal(got.length, LINES, "every line relayed");
      equal(got.at(-1), `[127.0.0.1:${(alice.localAddr as Deno.NetAddr).port}] ${text(LINES - 1)}`);
    } finally {
      alice.close();
    }

    child.kill("SIGTERM");
    const status = await within(child.status, { what: "the server to stop", ms: 5_000 });
    equal(status.code, 0);
    const lines = (await log()).split("\n");
    equal(lines.filter((l) => l.startsWith("[RECV] ")).length, LINES, "every [RECV] in the file");
    equal(lines.filter((l) => l.startsWith("[FWD] ")).length, LINES, "every [FWD] in the file");
    equal(lines.filter((l) => l.startsWith("[STOP] ")).length, 1);
  } finally {
    for (const client of clients) client.close();
    try {
      child.kill("SIGKILL");
    } catch {
      // It stopped.
    }
    await child.status;
    await child.stdout.cancel();
    await Deno.remove(dir, { recursive: true });
  }
});
