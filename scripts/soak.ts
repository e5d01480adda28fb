/**
 * Soak test: many clients chatting, joining, leaving and dying at random against one server for a
 * fixed time, then a check that the server still serves a newcomer. Reports lines sent and
 * delivered, lines refused by policy, and the server's memory at the start and the end.
 *
 *   deno task soak [--seconds 30] [--clients 40] [--seed 1] [--mode chat|broadcast]
 *
 * Exits 1 if the server died or stopped serving. Loopback only; bounded in time and count.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { LineFramer } from "../lib/core/line_framer.ts";
import { RUN_SERVER } from "../testing/process.ts";
import { Changes, waitUntil, within } from "../testing/wait_until.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "30" },
    clients: { type: "string", default: "40" },
    seed: { type: "string", default: "1" },
    mode: { type: "string", default: "chat" },
  },
});
const seconds = Number(values.seconds);
const clientCount = Number(values.clients);
const mode = values.mode === "broadcast" ? "broadcast" : "chat";
let seed = Number(values.seed) || 1;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const encoder = new TextEncoder();
/** How long the final probe may take before the server counts as no longer serving. */
const PROBE_MS = 5000;
const root = new URL("../", import.meta.url).pathname;

const stats = {
  connects: 0,
  linesSent: 0,
  linesDelivered: 0,
  refusedByPolicy: 0,
  abrupt: 0,
  stalled: 0,
};

const server = new Deno.Command(Deno.execPath(), {
  args: [
    ...RUN_SERVER,
    "--port",
    "0",
    "--mode",
    mode,
    "--quiet",
  ],
  cwd: root,
  // Not the terminal: a server reading it would open its console there (console_session.ts).
  stdin: "null",
  stdout: "piped",
  stderr: "inherit",
  env: { NO_COLOR: "1" },
}).spawn();
const output = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
let head = "";
while (!/\[START\] .*:(\d+)\n/.test(head)) {
  const { value, done } = await output.read();
  if (done) throw new Error("the server ended before it started listening");
  head += value;
}
const port = Number(/\[START\] .*:(\d+)\n/.exec(head)![1]);
/** The server's last log lines, for the report of a failure, and for the probe to wait on. */
const logTail: string[] = [];
const logged = new Changes();
const draining = (async () => {
  let partial = "";
  for (let r = await output.read(); !r.done; r = await output.read()) {
    const lines = (partial + r.value).split("\n");
    partial = lines.pop() ?? "";
    logTail.push(...lines);
    logTail.splice(0, logTail.length - 50);
    logged.notify();
  }
})();
const rssAtStart = rssKiB(server.pid);

/** One simulated user: connects, logs in, then acts at random until the time is up. */
async function user(index: number, until: number): Promise<void> {
  while (Date.now() < until) {
    let conn: Deno.TcpConn;
    try {
      conn = await Deno.connect({ hostname: "127.0.0.1", port });
    } catch {
      return;
    }
    stats.connects++;
    const framer = new LineFramer({ maxLineBytes: 1 << 16 });
    const reading = (async () => {
      const buffer = new Uint8Array(16 * 1024);
      while (true) {
        const n = await conn.read(buffer).catch(() => null);
        if (n === null) return;
        for (const item of framer.push(buffer.subarray(0, n))) {
          if (item.kind !== "line") continue;
          if (/^(<|#room <|\[)/.test(item.text)) stats.linesDelivered++;
          if (/^! (flood|line-too-long)/.test(item.text)) stats.refusedByPolicy++;
        }
      }
    })();
    const say = async (text: string) => {
      stats.linesSent++;
      await conn.write(encoder.encode(text + "\n")).catch(() => {});
    };
    if (mode === "chat") {
      await say(`u${index}x${stats.connects}`);
      await say(pick(["3", "3", "1"]));
    }
    const actions = 5 + Math.floor(random() * 50);
    for (let i = 0; i < actions && Date.now() < until; i++) {
      const roll = random();
      if (roll < 0.7) await say(`message ${i} from ${index}`);
      else if (roll < 0.8) {
        await say(
          pick(["exit()", "3", "1", "4", `u${Math.floor(random() * clientCount)}`, "y", "n"]),
        );
      } else if (roll < 0.85) await say("x".repeat(8000)); // over the line limit
      else if (roll < 0.9) { for (let j = 0; j < 100; j++) await say("flood"); // a held Enter key
       }
      await new Promise((resolve) => setTimeout(resolve, random() * 50));
    }
    const ending = random();
    if (ending < 0.2) {
      // Stops reading and lingers, then vanishes: the server must not wait for it.
      stats.stalled++;
      await new Promise((resolve) => setTimeout(resolve, 200));
      conn.close();
    } else if (ending < 0.5) {
      stats.abrupt++;
      conn.close();
    } else {
      if (mode === "chat") await say("exit()");
      if (mode === "chat") await say("2");
      await conn.closeWrite().catch(() => {});
    }
    await reading;
    try {
      conn.close();
    } catch {
      // Already closed.
    }
  }
}

const until = Date.now() + seconds * 1000;
await Promise.all(Array.from({ length: clientCount }, (_, i) => user(i, until)));

// The server must still serve newcomers after all that: in chat mode one logs in and asks who is
// online; in broadcast mode one says "ping" and another must hear it.
const healthy = await probe().catch(() => false);
const rssAtEnd = rssKiB(server.pid);
const alive = rssAtEnd > 0;
server.kill("SIGTERM");
const status = await server.status;
await draining;

console.log(
  `| soak (${mode}, ${clientCount} clients, ${seconds} s, seed ${values.seed}) | value |`,
);
console.log(`| --- | ---: |`);
for (const [name, value] of Object.entries(stats)) console.log(`| ${name} | ${value} |`);
console.log(`| server RSS at start | ${rssAtStart} KiB |`);
console.log(`| server RSS at end | ${rssAtEnd} KiB |`);
console.log(`| server alive and serving at the end | ${alive && healthy ? "yes" : "NO"} |`);
console.log(`| server exit code after SIGTERM | ${status.code} |`);
if (!alive || !healthy || status.code !== 0) {
  console.error(logTail.join("\n"));
  Deno.exit(1);
}

async function probe(): Promise<boolean> {
  const first = await Deno.connect({ hostname: "127.0.0.1", port });
  const second = mode === "broadcast" ? await Deno.connect({ hostname: "127.0.0.1", port }) : first;
  try {
    return await within(exchange(first, second), { what: "the probe's answer", ms: PROBE_MS });
  } finally {
    // Closing also ends a read still waiting after the deadline.
    for (const conn of new Set([first, second])) {
      try {
        conn.close();
      } catch {
        // Already closed.
      }
    }
  }
}

/** Sends the probe's line from `first`; true once `second` gets the answer. */
async function exchange(first: Deno.TcpConn, second: Deno.TcpConn): Promise<boolean> {
  if (mode === "broadcast") {
    // The listener must be among the members before the ping is sent, or it will not hear it.
    const listening = new RegExp(`^\\[CONNECT\\] .* \\S+:${second.localAddr.port} `);
    await waitUntil(() => logTail.find((line) => listening.test(line)), {
      what: "the server to accept the probe's listener",
      seen: () => logTail.join("\n"),
      ms: PROBE_MS,
      changes: logged,
    });
  }
  await first.write(encoder.encode(mode === "chat" ? "soakprobe\n4\n" : "ping\n"));
  const expected = mode === "chat" ? /^\* who: /m : /\] ping$/m;
  const buffer = new Uint8Array(4096);
  let text = "";
  while (!expected.test(text)) {
    const n = await second.read(buffer);
    if (n === null) return false;
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  return true;
}

function rssKiB(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
