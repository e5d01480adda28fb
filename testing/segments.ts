/**
 * Made-up captures for tests of the hand-in check, without tshark: segments and payloads built
 * event by event, as `readCapture` (lib/capture/payloads.ts) returns them.
 *
 * @module
 */

import type { Segment } from "../lib/capture/tshark.ts";

/** The server's port in every made-up capture. */
export const PORT = 3333;

/** A capture built event by event: each call adds one segment, frames numbered in order. */
export class Capture {
  readonly segments: Segment[] = [];
  readonly payloads = new Map<number, Uint8Array>();
  readonly #seq = new Map<string, number>();

  #add(stream: number, fromClient: boolean, flags: Partial<Segment>, data = ""): this {
    const frame = this.segments.length + 1;
    const bytes = new TextEncoder().encode(data);
    const client = 50000 + stream;
    const key = `${stream}:${fromClient}`;
    const seq = this.#seq.get(key) ?? 0;
    this.#seq.set(key, seq + bytes.length);
    this.segments.push({
      frame,
      time: frame / 1000,
      stream,
      srcPort: fromClient ? client : PORT,
      dstPort: fromClient ? PORT : client,
      seq,
      len: bytes.length,
      syn: false,
      ack: true,
      fin: false,
      rst: false,
      ...flags,
    });
    if (bytes.length > 0) this.payloads.set(frame, bytes);
    return this;
  }
  open(stream: number): this {
    return this.#add(stream, true, { syn: true, ack: false })
      .#add(stream, false, { syn: true })
      .#add(stream, true, {});
  }
  says(stream: number, text: string): this {
    return this.#add(stream, true, {}, `${text}\n`);
  }
  gets(stream: number, from: number, text: string): this {
    return this.#add(stream, false, {}, `[127.0.0.1:${50000 + from}] ${text}\n`);
  }
  close(stream: number): this {
    return this.#add(stream, true, { fin: true }).#add(stream, false, { fin: true });
  }
}
