// The terminal client on the wire, as Wireshark shows it: whoever closes first, the client's side
// of the connection ends with a FIN, never an RST. Captured for real with tshark on loopback.
import { deepEqual, equal } from "node:assert/strict";
import { summarizeStreams } from "../lib/capture/streams.ts";
import { readSegments } from "../lib/capture/tshark.ts";
import { ClientProcess } from "../testing/client_process.ts";
import { captureLoopback } from "../testing/loopback_capture.ts";
import { ServerProcess } from "../testing/process.ts";
import { freePort, missing } from "../testing/tools.ts";

const noCapture = await missing("loopback capture");

Deno.test({
  name: "client on the wire: it closes with a FIN whether the server or the client ends first",
  ignore: noCapture,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const port = freePort();
    const pcap = `${dir}/client.pcapng`;
    await captureLoopback(port, pcap, async () => {
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
    });
    const streams = summarizeStreams(await readSegments(pcap), port);
    deepEqual(streams.map((s) => s.ending), ["server FIN, client FIN", "client FIN, server FIN"]);
    deepEqual(streams.map((s) => s.handshake && s.finished), [true, true]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
