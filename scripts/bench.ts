/**
 * A quick fan-out benchmark: N clients connect to a fresh broadcast server, K of them send lines,
 * and every delivered line is counted. Prints a Markdown table. The server's CPU time comes from
 * /proc/PID/stat, which Deno lets a script read only with --allow-all.
 *
 *   deno task bench [--clients 200] [--senders 5] [--lines 200]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { LineFramer } from "../lib/core/line_framer.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    clients: { type: "string", default: "200" },
    senders: { type: "string", default: "5" },
    lines: { type: "string", default: "200" },
  },
});
const clients = Number(values.clients);
const senders = Number(values.senders);
const linesPerSender = Number(values.lines);
const root = new URL("../", import.meta.url).pathname;

const server = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "--allow-net",
    "--allow-env",
    "main_server.ts",
    "--port",
    "0",
    "--mode",
    "broadcast",
    "--quiet",
    "--max-clients",
    String(clients + 10),
  ],
  cwd: root,
  stdout: "piped",
  stderr: "inherit",
  env: { NO_COLOR: "1" },
}).spawn();
const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
let head = "";
while (!/\[START\] .*:(\d+)\n/.test(head)) head += (await reader.read()).value ?? "";
const port = Number(/\[START\] .*:(\d+)\n/.exec(head)![1]);
const drain = (async () => {
  while (!(await reader.read()).done) { /* keep the pipe empty */ }
})();

const expected = senders * linesPerSender * (clients - 1);
let delivered = 0;
let resolveDone: () => void = () => {};
const done = new Promise<void>((resolve) => resolveDone = resolve);
const conns: Deno.TcpConn[] = [];
for (let i = 0; i < clients; i++) conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
const readers = conns.map(async (conn) => {
  const framer = new LineFramer({ maxLineBytes: 4096 });
  const buffer = new Uint8Array(64 * 1024);
  while (true) {
    const n = await conn.read(buffer).catch(() => null);
    if (n === null) return;
    delivered += framer.push(buffer.subarray(0, n)).length;
    if (delivered >= expected) resolveDone();
  }
});

const statBefore = await cpuTicks(server.pid);
const started = performance.now();
const payload = new TextEncoder().encode("x".repeat(40) + "\n");
await Promise.all(
  conns.slice(0, senders).map(async (conn) => {
    for (let i = 0; i < linesPerSender; i++) await conn.write(payload);
  }),
);
const timeout = setTimeout(resolveDone, 30_000);
await done;
clearTimeout(timeout);
const seconds = (performance.now() - started) / 1000;
const statAfter = await cpuTicks(server.pid);
const cpuSeconds = (statAfter - statBefore) / 100;

for (const conn of conns) conn.close();
await Promise.allSettled(readers);
server.kill("SIGTERM");
await server.status;
await drain;

console.log(
  `| scenario | clients | senders | deliveries | lost | deliveries/s | server CPU per delivery |`,
);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: |`);
console.log(
  `| broadcast fan-out | ${clients} | ${senders} | ${delivered} | ${
    expected - Math.min(delivered, expected)
  } | ` +
    `${Math.round(delivered / seconds)} | ${
      (cpuSeconds * 1e9 / Math.max(1, delivered)).toFixed(0)
    } ns |`,
);

async function cpuTicks(pid: number): Promise<number> {
  try {
    const fields = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
