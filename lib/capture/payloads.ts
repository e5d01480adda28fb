/**
 * The payload bytes of a capture's TCP segments, read with tshark (`tcp.payload`), for checks
 * that look at what was said and not only at how much: did a message from one client reach the
 * others?
 *
 * @module
 */

import { readSegmentsWithPayload, type Segment } from "./tshark.ts";

/** The most payload read from one capture: a lab's hand-in is a few kilobytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Hex as tshark prints a bytes field (`68656c6c6f`, or `68:65:6c` in some versions). */
export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replaceAll(":", "");
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Every TCP segment of a capture, and every data segment's payload by frame number, from one
 * reading of the file. `null` past {@link MAX_PAYLOAD_BYTES}: a capture that large is not a lab's.
 */
export async function readCapture(
  file: string,
): Promise<{ segments: Segment[]; payloads: Map<number, Uint8Array> } | null> {
  const rows = await readSegmentsWithPayload(file);
  const payloads = new Map<number, Uint8Array>();
  let total = 0;
  for (const { segment, payload } of rows) {
    if (segment.len === 0 || payload === "") continue;
    total += payload.replaceAll(":", "").length / 2;
    if (total > MAX_PAYLOAD_BYTES) return null;
    payloads.set(segment.frame, hexBytes(payload));
  }
  return { segments: rows.map((r) => r.segment), payloads };
}
