// A capture is read as tshark prints it and refused as soon as it crosses a bound: a capture of
// gigabytes must not be read whole (one took 1.77 GB of memory) to be called too big.
import { deepEqual, equal } from "node:assert/strict";
import { PcapWriter, withCapture } from "../testing/pcap.ts";
import { missing } from "../testing/tools.ts";
import { readCapture } from "../lib/capture/payloads.ts";

const noTshark = await missing("tshark");

function chat(): Uint8Array {
  const w = new PcapWriter();
  const c = w.conversation(50000, 3333).handshake();
  for (let i = 0; i < 10; i++) c.client(`line ${i}\n`);
  c.clientClose();
  return w.bytes();
}

Deno.test({
  name: "capture payloads: read whole under the bounds, refused past either",
  ignore: noTshark,
}, async () => {
  await withCapture(chat(), async (file) => {
    const whole = await readCapture(file);
    equal(whole?.payloads.size, 10);
    deepEqual(
      [...whole!.payloads.values()].map((p) => new TextDecoder().decode(p)).slice(0, 2),
      ["line 0\n", "line 1\n"],
    );
    // 10 lines of 7 bytes: 70 bytes of payload, 15 segments or so.
    equal(await readCapture(file, { maxPayloadBytes: 69, maxSegments: 1000 }), null);
    equal(await readCapture(file, { maxPayloadBytes: 70, maxSegments: 1000 }) !== null, true);
    equal(await readCapture(file, { maxPayloadBytes: 1000, maxSegments: 5 }), null);
  });
});
