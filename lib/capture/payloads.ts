/**
 * The payload bytes of a capture's TCP segments, read with tshark (`tcp.payload`), for checks
 * that look at what was said and not only at how much: did a message from one client reach the
 * others?
 *
 * @module
 */

import { eachSegmentWithPayload, type Segment } from "./tshark.ts";

/** The most payload read from one capture: a lab's hand-in is a few kilobytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
/**
 * The most TCP segments read from one capture: a lab's has a few dozen; a million empty ones
 * (a scan, a flood of ACKs) would hold about 200 MB as objects.
 */
export const MAX_SEGMENTS = 1_000_000;

/** Hex as tshark prints a bytes field (`68656c6c6f`, or `68:65:6c` in some versions). */
export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replaceAll(":", "");
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Every TCP segment of a capture, and every data segment's payload by frame number, from one
 * reading of the file. `null` past {@link MAX_PAYLOAD_BYTES} or {@link MAX_SEGMENTS}, as soon as
 * it is crossed (tshark is stopped then): a capture that large is not a lab's.
 */
export async function readCapture(
  file: string,
  limits: { readonly maxPayloadBytes: number; readonly maxSegments: number } = {
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    maxSegments: MAX_SEGMENTS,
  },
): Promise<{ segments: Segment[]; payloads: Map<number, Uint8Array> } | null> {
  const segments: Segment[] = [];
  const payloads = new Map<number, Uint8Array>();
  let total = 0;
  const whole = await eachSegmentWithPayload(file, (segment, payload) => {
    if (segments.length >= limits.maxSegments) return false;
    segments.push(segment);
    if (segment.len === 0 || payload === "") return true;
    total += payload.replaceAll(":", "").length / 2;
    if (total > limits.maxPayloadBytes) return false;
    payloads.set(segment.frame, hexBytes(payload));
    return true;
  });
  return whole ? { segments, payloads } : null;
}
