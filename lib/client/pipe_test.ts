// The pipe session on a mock socket, fake standard streams and a fake clock: bytes both ways as
// they are, reads paced by the socket, and the quiet time after the input ends.
import { deepEqual, equal } from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import type { ByteSink } from "../io.ts";
import { ServerConnection } from "./connection.ts";
import { INPUT_BUFFER_BYTES, PipeSession } from "./pipe.ts";
import type { Input } from "./stream_guard.ts";
import { CLIENT_TEXTS, type SessionEnd } from "./texts.ts";

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(
    values.flatMap((v) => typeof v === "number" ? [v] : [...new TextEncoder().encode(v)]),
  );

/** Standard input: the chunks given, then its end once `end()` is called (at once if told). */
class FakeInput implements Input {
  reads = 0;
  readonly #chunks: Uint8Array[];
  #ended = false;
  #waiting: (() => void) | null = null;

  constructor(chunks: Uint8Array[], ended = true) {
    this.#chunks = [...chunks];
    this.#ended = ended;
  }

  end(): void {
    this.#ended = true;
    this.#waiting?.();
  }

  async read(buffer: Uint8Array): Promise<number | null> {
    this.reads++;
    while (this.#chunks.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => this.#waiting = resolve);
    }
    const chunk = this.#chunks.shift();
    if (chunk === undefined) return null;
    buffer.set(chunk);
    return chunk.length;
  }
}

/** Everything written to it, byte for byte. */
class Sink implements ByteSink {
  readonly written: number[] = [];
  writeSync(b: Uint8Array): number {
    this.written.push(...b);
    return b.length;
  }
  get text(): string {
    return new TextDecoder().decode(new Uint8Array(this.written));
  }
}

function setUp(input: FakeInput, options: { sanitize?: boolean; maxLineBytes?: number } = {}) {
  const clock = new FakeClock();
  const conn = new MockConn({ hostname: "127.0.0.1", port: 3333 }, 53_278);
  const output = new Sink();
  const errors = new Sink();
  const session = new PipeSession(
    { input, output, errors, sanitize: options.sanitize ?? false },
    {
      quietTimeMs: 1000,
      maxLineBytes: options.maxLineBytes ?? 64,
      texts: CLIENT_TEXTS.en,
      clock,
    },
  );
  const connection = new ServerConnection(conn, session.receiver, clock);
  let end: SessionEnd | undefined;
  void session.run(connection).then((e) => end = e);
  return { clock, conn, output, errors, ended: () => end };
}

const sent = (conn: MockConn) => conn.writes.flatMap((w) => [...w]);

Deno.test("pipe: the input goes out byte for byte: CR, CR LF, BS, DEL, invalid UTF-8", async () => {
  const input = bytes("one\r\ntwo\rthree\n", 0xe9, "t", 0xe9, "\n", "ab\x7fc\x08d\n");
  const { clock, conn } = setUp(new FakeInput([input.subarray(0, 7), input.subarray(7)]));
  await clock.tick(0);
  deepEqual(sent(conn), [...input]);
});

Deno.test("pipe: a last line without a LF gets one; nothing is added to empty input", async () => {
  const { clock, conn } = setUp(new FakeInput([bytes("alice\n3\nhello\r")]));
  await clock.tick(0);
  deepEqual(sent(conn), [...bytes("alice\n3\nhello\r\n")]);
  const empty = setUp(new FakeInput([]));
  await empty.clock.tick(0);
  deepEqual(sent(empty.conn), []);
});

Deno.test("pipe: a line longer than any bound goes out whole, one buffer at a time", async () => {
  const long = new Uint8Array(3 * INPUT_BUFFER_BYTES).fill(0x78);
  const chunks = [0, 1, 2].map((i) =>
    long.subarray(i * INPUT_BUFFER_BYTES, (i + 1) * INPUT_BUFFER_BYTES)
  );
  const { clock, conn } = setUp(new FakeInput([...chunks, bytes("\n")]));
  await clock.tick(0);
  equal(sent(conn).length, long.length + 1);
  equal(conn.writes.every((w) => w.length <= INPUT_BUFFER_BYTES), true);
});

Deno.test("pipe: the next read of the input waits until the socket took the last piece", async () => {
  const input = new FakeInput([bytes("a\n"), bytes("b\n"), bytes("c\n")], false);
  const { clock, conn } = setUp(input);
  conn.stopReading();
  await clock.tick(0);
  equal(input.reads, 1, "the first piece waits in the kernel: no second read");
  conn.resumeReading();
  await clock.tick(0);
  equal(input.reads, 4, "all three sent, the fourth read waits for more input");
  equal(conn.writtenText, "a\nb\nc\n");
});

Deno.test("pipe: standard output gets the server's bytes exactly: CR, invalid UTF-8, no last LF", async () => {
  const { clock, conn, output, errors } = setUp(new FakeInput([], false), { maxLineBytes: 16 });
  const server = bytes("a\rb\nc", 0xe9, "d\n\x1b[2J", "x".repeat(40), "\nend");
  conn.peerSends(server.subarray(0, 5));
  conn.peerSends(server.subarray(5));
  await clock.tick(0);
  deepEqual(output.written, [...server]);
  equal(errors.text, "", "no line is too long for a pipe");
});

Deno.test("pipe: on a terminal, the server's lines are shown with their controls made visible", async () => {
  const { clock, conn, output, errors } = setUp(new FakeInput([], false), {
    sanitize: true,
    maxLineBytes: 16,
  });
  conn.peerSends(bytes("ab\x7fc\x08d\r\n\x1b[2J\n", "x".repeat(40), "\nc", 0xe9, "\n"));
  await clock.tick(0);
  equal(output.text, "ab^?c^Hd\n^[[2J\nc\uFFFD\n");
  equal(errors.text, "(a line over 16 bytes arrived; it was dropped)\n");
});

Deno.test("pipe: after the input ends, it closes once the server has been quiet for the quiet time", async () => {
  const input = new FakeInput([bytes("hi\n")], false);
  const { clock, conn, output, ended } = setUp(input);
  await clock.tick(5000);
  equal(conn.closeWriteCalled, false, "the input has not ended: no quiet time yet");
  input.end();
  await clock.tick(600);
  conn.peerSends("late answer\n");
  await clock.tick(999);
  equal(conn.closeWriteCalled, false, "the answer started the quiet time again");
  await clock.tick(1);
  equal(conn.closeWriteCalled, true);
  conn.peerFin();
  await clock.tick(0);
  deepEqual(ended(), { connection: { by: "client" }, problem: null });
  equal(output.text, "late answer\n");
});
