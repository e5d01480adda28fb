// Fuzzing the server's input path: random bytes in random chunks from several clients, in every
// mode. Afterwards the server must still be there and serve a newcomer normally.
import fc from "../testing/fast_check.ts";
import { equal, match } from "node:assert/strict";
import { type TestServer, withServer } from "../testing/server.ts";

// Bytes that matter to the input path: line ends, telnet commands (IAC 0xff and its verbs),
// backspace and DEL, NUL, escape codes, and invalid UTF-8.
const byte = fc.oneof(
  fc.constantFrom(0x0a, 0x0d, 0x00, 0x08, 0x7f, 0x1b, 0xff, 0xfb, 0xfd, 0xfa, 0xf0, 0xc3, 0x80),
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 255 }),
);
const chunk = fc.array(byte, { maxLength: 64, size: "max" }).map((bytes) => Uint8Array.from(bytes));
const oneClient = fc.array(chunk, { minLength: 1, maxLength: 12, size: "max" });
const clients = fc.array(oneClient, { minLength: 1, maxLength: 4, size: "max" });

type Mode = "chat" | "broadcast" | "echo";

async function fuzz(server: TestServer, mode: Mode, inputs: Uint8Array[][]): Promise<void> {
  const fuzzers = await Promise.all(inputs.map(() => server.connect()));
  for (const [i, parts] of inputs.entries()) for (const part of parts) fuzzers[i].sendRaw(part);
  // Once each fuzzer's end is logged, the server has handled every byte it sent.
  for (const fuzzer of fuzzers) fuzzer.close();
  await server.log.waitForCount(/^\[DISCONNECT\] /, inputs.length);
  // A newcomer is served as if nothing happened.
  const probe = await server.connect();
  if (mode === "chat") {
    await probe.until(/^\? id:/);
    probe.send("probe_user");
    equal(await probe.until(/^\* hello/), "* hello probe_user: Hello, probe_user!");
  } else if (mode === "echo") {
    probe.send("still fine");
    equal(await probe.until(/still fine/), "still fine");
  } else {
    const listener = await server.connect();
    await server.log.waitFor(new RegExp(`New client #${inputs.length + 2} `));
    probe.send("still fine");
    match(await listener.until(/still fine/), /\] still fine$/);
  }
  equal(server.log.lines.some((l) => l.startsWith("[ERROR]")), false);
}

for (const mode of ["chat", "broadcast", "echo"] as const) {
  Deno.test(`fuzz: random bytes in random chunks never break the server (${mode} mode)`, async () => {
    const args = ["--mode", mode, "--flood-rate", "0", "--max-line", "256"];
    await fc.assert(
      fc.asyncProperty(
        clients,
        (inputs) => withServer(args, (server) => fuzz(server, mode, inputs)),
      ),
      { numRuns: 15, endOnFailure: true },
    );
  });
}
