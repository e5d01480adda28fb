import { equal } from "node:assert/strict";
import {
  LARGE_READ_BYTES,
  ReadBuffer,
  SHRINK_AFTER_READS,
  SMALL_READ_BYTES,
} from "./read_buffer.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("read buffer: stays small while reads fit", () => {
  const buffer = new ReadBuffer();
  for (let i = 0; i < 100; i++) buffer.record(SMALL_READ_BYTES - 1);
  equal(buffer.bytes.length, SMALL_READ_BYTES);
});

test("read buffer: a full read makes the next one large", () => {
  const buffer = new ReadBuffer();
  buffer.record(SMALL_READ_BYTES);
  equal(buffer.bytes.length, LARGE_READ_BYTES);
  buffer.record(LARGE_READ_BYTES);
  equal(buffer.bytes.length, LARGE_READ_BYTES);
});

test("read buffer: the large buffer is given back after a run of small reads", () => {
  const buffer = new ReadBuffer();
  buffer.record(SMALL_READ_BYTES);
  for (let i = 1; i < SHRINK_AFTER_READS; i++) buffer.record(10);
  buffer.record(SMALL_READ_BYTES + 1); // one big read starts the count again
  for (let i = 1; i < SHRINK_AFTER_READS; i++) buffer.record(10);
  equal(buffer.bytes.length, LARGE_READ_BYTES);
  buffer.record(10);
  equal(buffer.bytes.length, SMALL_READ_BYTES);
});
