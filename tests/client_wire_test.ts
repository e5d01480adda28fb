// The terminal client on the wire, as Wireshark shows it: whoever closes first, the client's side
// of the connection ends with a FIN, never an RST. Captured for real with tshark on loopback.
import { deepEqual, equal } from "node:assert/strict";
import { waitForEnd } from "../lib/capture/capture_end.ts";
import { summarizeStreams } from "../lib/capture/streams.ts";
import { readSegments } from "../lib/capture/tshark.ts";
import { ClientProcess } from "../testing/client_process.ts";
import { ChildOutput, ServerProcess } from "../testing/process.ts";
import { freePort, missing } from "../testing/tools.ts";
import { firstMatch } from "../testing/wait_until.ts";

const noCapture = await missing("loopback capture");

/** Runs tshark on loopback for `port` around `fn`, and returns the capture file's path. */
async function captured(port: number, dir: string, fn: () => Promise<void>): Promise<string> {
  const pcap = `${dir}/client.pcapng`;
  const tshark = new Deno.Command("tshark", {
    args: ["-i", "lo", "-f", `tcp port ${port}`, "-w", pcap, "-a", "duration:60", "-q"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = new ChildOutput(tshark);
  try {
    // tshark says "Capturing on 'Loopback: lo'" once packets are being recorded.
    await output.wait(firstMatch(output.stderr, /^Capturing on /), "tshark to start capturing");
    await fn();
  } finally {
    try {
      tshark.kill("SIGINT");
    } catch {
      // It never started, or has ended.
    }
    await tshark.status;
    await output.done;
  }
  return pcap;
}

Deno.test({
  name: "client on the wire: it closes with a FIN whether the server or the client ends first",
  ignore: noCapture,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const port = freePort();
    const pcap = await captured(port, dir, async () => {
      await using server = ServerProcess.start(["--port", String(port)]);
      await server.waitFor(/^\[INFO\] Server ready/);
      // 1. The server ends it: the user chooses 2 in the menu.
      const leaving = ClientProcess.start(["127.0.0.1", String(port)]);
      await leaving.type("alice");
      await leaving.until(/^\? menu:/);
      await leaving.type("2");
      await leaving.until(/^\* bye: /);
      equal(await leaving.exit(), 0);
      // 2. The client ends it: its input ends and the server stays quiet.
      const quitting = ClientProcess.start(["127.0.0.1", String(port), "--quiet-time", "100"]);
      await quitting.type("bob");
      await quitting.until(/^\? menu:/);
      await quitting.endInput();
      equal(await quitting.exit(), 0);
      await server.waitForCount(/^\[DISCONNECT\] /, 2);
      server.child.kill("SIGTERM");
      equal(await server.exit(), 0);
      equal(
        await waitForEnd(`${dir}/client.pcapng`, port),
        true,
        "both connections ended on the wire",
      );
    });
    const streams = summarizeStreams(await readSegments(pcap), port);
    deepEqual(streams.map((s) => s.ending), ["server FIN, client FIN", "client FIN, server FIN"]);
    deepEqual(streams.map((s) => s.handshake && s.finished), [true, true]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
