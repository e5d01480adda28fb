// The traffic as students capture it: scripts/capture.sh records `deno task demo` with tshark,
// and the capture is held to what the log and the docs say, packet by packet.
import { deepEqual, equal, match } from "node:assert/strict";
import { matchLogToPackets, parseLogEvents } from "../lib/capture/log_packets.ts";
import { summarizeStreams } from "../lib/capture/streams.ts";
import { readLines, readSegments } from "../lib/capture/tshark.ts";
import { run } from "../testing/process.ts";
import { freePort, missing } from "../testing/tools.ts";

const noCapture = await missing("loopback capture");
const ROOT = new URL("..", import.meta.url).pathname;

interface Recorded {
  readonly port: number;
  readonly output: string;
  readonly pcap: string;
  readonly log: string;
}

/** Runs scripts/capture.sh for one mode, as a student would, into a temporary folder. */
async function capture(mode: string, fn: (recorded: Recorded) => Promise<void>): Promise<void> {
  const out = await Deno.makeTempDir();
  try {
    const port = freePort();
    const result = await new Deno.Command("bash", {
      args: ["scripts/capture.sh", "--mode", mode, "--port", String(port), "--pause", "0"]
        .concat(["--lang", "en", "--out", out]),
      cwd: ROOT,
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const output = new TextDecoder().decode(result.stdout);
    const errors = new TextDecoder().decode(result.stderr);
    equal(result.code, 0, `capture.sh failed:\n${output}\n${errors}`);
    await fn({
      port,
      output,
      pcap: `${out}/tcpchat-${mode}.pcapng`,
      log: `${out}/tcpchat-${mode}.log`,
    });
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Every log line against the capture: same stream, same bytes, same order, one segment each. */
async function assertLogMatchesPackets(
  { port, pcap, log }: Recorded,
  expectedEvents: number,
): Promise<void> {
  const segments = await readSegments(pcap);
  const logText = await Deno.readTextFile(log);
  const events = parseLogEvents(logText);
  const { matched, problems } = matchLogToPackets(events, segments, port);
  deepEqual(problems, []);
  equal(events.length, expectedEvents, "[RECV]/[SEND]/[FWD] lines of the scripted session");
  for (const { event, deliveries } of matched) {
    for (const d of deliveries) {
      // Every server write leaves in its own segment (Nagle is off); the demo's clients write
      // one line per segment. The log's time is taken before a write and after a read.
      equal(d.exact, true, `not exactly one segment (frames ${d.frames}): ${event.line}`);
      if (event.tag === "RECV") equal(d.delayMs <= 0, true, `logged before read: ${event.line}`);
      else equal(d.delayMs >= 0, true, `sent before logged: ${event.line}`);
    }
  }
  // The log's connection numbers count connections in the order Wireshark numbers streams.
  const connects = [...logText.matchAll(/^\[CONNECT\] \S+ New client #(\d+) \S+:(\d+) /gm)];
  const streams = summarizeStreams(segments, port);
  deepEqual(
    streams.map((s) => `#${s.stream + 1} ${s.clientPort}`),
    connects.map((m) => `#${m[1]} ${m[2]}`),
  );
}

Deno.test({
  name:
    "traffic: chat demo captured; every log line has its packet; FIN from our server, RST only from the killed client",
  ignore: noCapture,
}, async () => {
  await capture("chat", async (recorded) => {
    await assertLogMatchesPackets(recorded, 56);
    const streams = summarizeStreams(await readSegments(recorded.pcap), recorded.port);
    deepEqual(streams.map((s) => [s.handshake, s.ending]), [
      [true, "server FIN, client FIN"], // alice chose 2: the server closes first
      [true, "client FIN, server FIN"], // bob closed his socket
      [true, "client RST"], // carol was killed
    ]);

    const lines = await readLines(recorded.pcap, recorded.port);
    const kinds = new Set(lines.map((l) => l.kind));
    deepEqual([...kinds].sort(), [
      "answer",
      "choice",
      "command",
      "error",
      "id",
      "notice",
      "private",
      "prompt",
      "request",
      "room",
    ]);
    const chat = lines.filter((l) => l.kind === "private" && l.direction === "to client");
    deepEqual(chat.map((l) => `${l.from} → ${l.to}: ${l.text}`), [
      "alice → carol: hi carol, ready for the lab?",
      "carol → alice: almost: one more capture",
    ]);

    match(recorded.output, /TCP Conversations/);
    match(recorded.output, /alice → server \(to bob\): chat request/);
    match(recorded.output, /server → carol \(from alice\): hi carol, ready for the lab\?/);
    match(recorded.output, /Every log line has its packets and every data packet its log line\./);
  });
});

Deno.test({
  name: "traffic: broadcast demo captured; the server's stop closes the last client with a FIN",
  ignore: noCapture,
}, async () => {
  await capture("broadcast", async (recorded) => {
    await assertLogMatchesPackets(recorded, 9);
    const streams = summarizeStreams(await readSegments(recorded.pcap), recorded.port);
    deepEqual(streams.map((s) => s.ending), [
      "client FIN, server FIN",
      "server FIN, client FIN",
      "client RST",
    ]);
    const lines = await readLines(recorded.pcap, recorded.port);
    const relayed = lines.filter((l) => l.kind === "broadcast");
    equal(relayed.length, 6);
    for (const l of relayed) match(l.from, /^127\.0\.0\.1:\d+$/);
    match(lines.at(-1)!.text, /^The server is shutting down\./);
  });
});

Deno.test("traffic: the demo runs without a capture too, and refuses bad options clearly", async () => {
  const demo = [
    "run",
    "--allow-net",
    "--allow-run",
    "--allow-read",
    "--allow-env",
    "scripts/demo.ts",
  ];
  const echo = await run([...demo, "--mode", "echo", "--port", "0", "--pause", "0"]);
  equal(echo.code, 0, echo.stderr);
  match(echo.stdout, /── first client types "ping"\n/);
  match(echo.stdout, /\[STOP\] .* 2 clients served, 3 lines received/);
  const bad = await run([...demo, "--mode", "party"]);
  equal(bad.code, 2);
  equal(bad.stderr.trim(), 'demo: --mode must be chat, broadcast, echo; got "party"');
});

Deno.test("traffic: the demo needs only Deno: its killed client resets with python3 nowhere on PATH", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-run", "--allow-read", "--allow-env", "scripts/demo.ts"]
      .concat(["--mode", "broadcast", "--port", "0", "--pause", "0", "--lang", "en"]),
    cwd: ROOT,
    stdin: "null",
    clearEnv: true,
    env: { PATH: "/nonexistent", NO_COLOR: "1" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  equal(out.code, 0, new TextDecoder().decode(out.stderr));
  match(stdout, /── third client is killed: its socket is reset \(RST\), not closed\n/);
  match(stdout, /\[DISCONNECT\] .* reset by peer \(RST\)/);
});
