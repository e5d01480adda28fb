import { deepEqual } from "node:assert/strict";
import { type ByteSink, writeOutput } from "./io.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const failing = (error: Error): ByteSink => ({
  writeSync: () => {
    throw error;
  },
});

test("io: a reader that left is told apart from every other failure to write", () => {
  const e = Deno.errors;
  // EPIPE from a pipe whose reader exited; ECONNRESET when the output is a socket the peer closed.
  for (const error of [new e.BrokenPipe("Broken pipe (os error 32)"), new e.ConnectionReset("r")]) {
    deepEqual(writeOutput(failing(error), "x"), {
      ok: false,
      why: "reader-gone",
      detail: error.message,
    });
  }
  const full = new Error("No space left on device (os error 28)");
  deepEqual(writeOutput(failing(full), "x"), { ok: false, why: "failed", detail: full.message });
  const hungUp = new Error("Input/output error (os error 5)");
  deepEqual(writeOutput(failing(hungUp), "x"), {
    ok: false,
    why: "failed",
    detail: hungUp.message,
  });
  deepEqual(writeOutput(failing(new e.BadResource("Bad resource ID")), "x").ok, false);
  deepEqual(writeOutput({ writeSync: (b) => b.length }, ""), { ok: true });
});
