// The server's log against a real capture, for the bytes telnet brings: every byte a client sends
// has its [RECV] line (a command split over segments, commands among text, a subnegotiation cut at
// its bound, a command cut short by the FIN, 0xFF from a client that is not telnet), so
// lib/capture/log_packets.ts finds every log line's packets and no packet without its line.
import { deepEqual, equal } from "node:assert/strict";
import { matchLogToPackets, parseLogEvents } from "../lib/capture/log_packets.ts";
import { readSegments } from "../lib/capture/tshark.ts";
import { captureLoopback } from "../testing/loopback_capture.ts";
import { PUTTY_TELNET_OPENING } from "../testing/recorded.ts";
import { withServer } from "../testing/server.ts";
import { freePort, missing } from "../testing/tools.ts";
import { waitUntil } from "../testing/wait_until.ts";

const noCapture = await missing("loopback capture");
const [IAC, WILL, DO, SB, AYT, EC, EL] = [0xff, 0xfb, 0xfd, 0xfa, 0xf6, 0xf7, 0xf8];
const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...new TextEncoder().encode(p)] : [...p]),
  );

/**
 * Waits until the capture records packets: tshark says it is capturing a little before it is.
 * Connecting before the server listens makes a SYN and an RST, and no log line.
 */
async function captureStarted(port: number, pcap: string): Promise<void> {
  await waitUntil(async () => {
    await Deno.connect({ hostname: "127.0.0.1", port }).then((c) => c.close(), () => {});
    const segments = await readSegments(pcap).catch(() => []);
    return segments.length > 0 ? true : undefined;
  }, { what: "the capture to record a packet", ms: 10_000 });
}

/** A raw client that writes each chunk in a segment of its own and reads whatever comes. */
async function rawClient(port: number) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const reading = (async () => {
    const buffer = new Uint8Array(4096);
    while ((await conn.read(buffer).catch(() => null)) !== null);
  })();
  return {
    write: (chunk: Uint8Array) => conn.write(chunk),
    /** Sends our FIN and waits for the server to close its side. */
    async finish() {
      await conn.closeWrite();
      await reading;
      conn.close();
    },
  };
}

Deno.test({
  name: "telnet capture: every byte received has its [RECV] line, and the log matches the packets",
  ignore: noCapture,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const pcap = `${dir}/telnet.pcapng`;
    const port = freePort();
    let log: string[] = [];
    await captureLoopback(port, pcap, async () => {
      await captureStarted(port, pcap);
      await withServer(["--port", String(port)], async (server) => {
        const putty = await rawClient(port);
        await putty.write(PUTTY_TELNET_OPENING);
        await server.log.waitFor(/#1 .* 21 bytes: telnet WILL NAWS/);
        // One command in three segments, the second of which also starts the next.
        await putty.write(bytes([IAC]));
        await putty.write(bytes([WILL, 31, IAC, DO]));
        await putty.write(bytes([1]));
        // However the server's reads cut them, its log counts all six bytes.
        await server.log.waitForCount(/\[RECV\] .*#1 .* telnet .*DO ECHO/, 2);
        await putty.write(bytes("ali", [IAC, EC], "ce", [IAC, EL], "bob\r\n"));
        await server.log.waitFor(/#1 .* 10 bytes: "bob"$/);
        await putty.write(bytes([IAC, AYT, IAC, SB, 24], "x".repeat(600), "\r\n"));
        await server.log.waitFor(/#1 .* 90 bytes: "x{88}"$/);
        await putty.write(bytes([IAC, SB, 24, 1]));
        await putty.finish();
        await server.log.waitFor(/#1 .* 4 bytes: telnet \(a command cut short/);
        // A line client's 0xFF is text: its line counts every byte.
        const nc = await rawClient(port);
        await nc.write(bytes([0x6e, 0x61, 0xef, 0x76, 0x65, 0x20, IAC, SB], " oops\n"));
        await server.log.waitFor(/#2 .* 14 bytes: "na\uFFFDve \uFFFD\uFFFD oops"/);
        await nc.finish();
        await server.log.waitFor(/\[DISCONNECT\] .*#2 /);
        server.flushLog();
        log = [...server.log.lines];
      });
    });
    const { matched, problems } = matchLogToPackets(
      parseLogEvents(log.join("\n")),
      await readSegments(pcap),
      port,
    );
    deepEqual(problems, []);
    const received = matched.filter((m) => m.event.tag === "RECV");
    equal(received.length >= 9, true, `the [RECV] lines:\n${log.join("\n")}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
