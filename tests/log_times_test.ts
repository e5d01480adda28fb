// The log's times against a real capture: each [DISCONNECT] line is written when the packet it
// names is sent or read, so a student finds that FIN or RST at the logged time, whoever ended
// the connection and however long the server then waits for the other side.
import { deepEqual, equal, ok } from "node:assert/strict";
import { matchEndings, parseEndings } from "../lib/capture/log_endings.ts";
import { readSegments } from "../lib/capture/tshark.ts";
import { TestClient } from "../testing/client.ts";
import { captureLoopback } from "../testing/loopback_capture.ts";
import { ServerProcess } from "../testing/process.ts";
import { ResetPeer } from "../lib/net/reset_peer.ts";
import { freePort, missing } from "../testing/tools.ts";

const noCapture = await missing("loopback capture", "python3");
/**
 * How much later than its packet a line may be logged: far above the delays measured between a
 * packet on loopback and the server's reading it (at most 6 ms on a busy 2-core machine, see
 * docs/TRAFFIC.md), far below how long the server waits for the other side's FIN (300 ms at a
 * stop, 2 s otherwise), after which these lines used to be written.
 */
const TOLERANCE_MS = 250;

/** A raw peer that reads everything, so it never causes an RST, and never closes by itself. */
async function silentPeer(port: number): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  void (async () => {
    const buffer = new Uint8Array(4096);
    while ((await conn.read(buffer).catch(() => null)) !== null);
  })();
  return conn;
}

Deno.test({
  name: "log times: each [DISCONNECT] has the time of the FIN or RST it names",
  ignore: noCapture,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const port = freePort();
    const pcap = `${dir}/endings.pcapng`;
    let log = "";
    await captureLoopback(port, pcap, async () => {
      await using server = ServerProcess.start(["--port", String(port), "--login-timeout", "1"]);
      await server.waitFor(/^\[INFO\] Server ready/);
      // 1. The peer's FIN: alice logs in and closes.
      const alice = await TestClient.connect("127.0.0.1", port);
      await alice.until(/^\? id:/);
      alice.send("alice");
      await alice.until(/^\? menu:/);
      alice.close();
      await server.waitFor(/^\[DISCONNECT\] .*#1 .*closed by peer \(FIN\)/);
      // 2. The peer's RST: carol's program is killed.
      const carol = await ResetPeer.connect("127.0.0.1", port);
      await server.waitFor(/^\[CONNECT\] .*#2 /);
      await carol.reset();
      await server.waitFor(/^\[DISCONNECT\] .*#2 .*reset by peer \(RST\)/);
      // 3. The server's FIN, never answered: bob chooses 2 and keeps his side open.
      const bob = await silentPeer(port);
      await bob.write(new TextEncoder().encode("bob\n2\n"));
      await server.waitFor(/^\[DISCONNECT\] .*#3 .*closed by server \(FIN\): user chose exit/);
      // 4. A drop: dave never chooses an ID.
      const dave = await silentPeer(port);
      await server.waitFor(/^\[DISCONNECT\] .*#4 .*dropped by server: no ID within 1 s/);
      // 5. The server stops with erin online.
      const erin = await TestClient.connect("127.0.0.1", port);
      await erin.until(/^\? id:/);
      server.child.kill("SIGTERM");
      equal(await server.exit(), 0);
      log = server.stdout.join("\n");
      for (const peer of [bob, dave]) peer.close();
    });
    const segments = await readSegments(pcap);
    const matched = matchEndings(parseEndings(log), segments, port);
    deepEqual(
      matched.map((m) => m.event.line.replace(/^.*#\d+ \S+ /, "").replace(/ after.*/, "")),
      [
        "closed by peer (FIN)",
        "reset by peer (RST)",
        "closed by server (FIN): user chose exit",
        "dropped by server: no ID within 1 s",
        "closed by server (FIN): server stopping",
      ],
    );
    for (const { event, frame, delayMs } of matched) {
      ok(frame !== undefined, `no packet for: ${event.line}`);
      // The packet first, then the line: written when it was sent or read, not after a wait.
      ok(
        delayMs! <= 0 && delayMs! >= -TOLERANCE_MS,
        `${-delayMs!} ms after frame ${frame}: ${event.line}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
