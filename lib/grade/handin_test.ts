// A hand-in shows the lab's mini chat only if clients were connected together and the server
// relayed what each sent: clients taking turns alone, or a server that never relays, fail.
import { deepEqual, equal, match } from "node:assert/strict";
import type { Segment } from "../capture/tshark.ts";
import { judgeHandin } from "./handin.ts";
import { GRADE_EN } from "./texts.ts";

const PORT = 3333;

/** A capture built event by event: each call adds one segment, frames numbered in order. */
class Capture {
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

const kinds = (c: Capture) =>
  judgeHandin(c.segments, c.payloads, "", PORT).problems.filter((p) =>
    p.kind === "handin.together" || p.kind === "handin.relayed"
  ).map((p) => [p.kind, p.say(GRADE_EN)]);

Deno.test("hand-in: three clients taking turns alone fail: none was connected with another", () => {
  const c = new Capture();
  for (const stream of [0, 1, 2]) {
    c.open(stream).says(stream, `one from ${stream}`).says(stream, `two from ${stream}`)
      .close(stream);
  }
  const problems = kinds(c);
  equal(problems.length, 2, JSON.stringify(problems));
  match(problems[0][1], /^no two clients were ever connected at the same time .*3 at once/);
  match(problems[1][1], /^no message was sent while another client was connected/);
});

Deno.test("hand-in: three clients together whose server never relays fail with one line", () => {
  const c = new Capture().open(0).open(1).open(2);
  for (const stream of [0, 1, 2]) c.says(stream, `hello from ${stream}`);
  c.close(0).close(1).close(2);
  deepEqual(kinds(c), [[
    "handin.relayed",
    "none of the 3 messages sent while other clients were connected reached any of them: the server never relayed",
  ]]);
});

Deno.test("hand-in: only two at once is named; three at once with every line relayed passes", () => {
  const two = new Capture().open(0).open(1).says(0, "hi").gets(1, 0, "hi").close(0).open(2)
    .says(2, "yo").gets(1, 2, "yo").close(1).close(2);
  deepEqual(kinds(two).map(([kind]) => kind), ["handin.together"]);
  match(kinds(two)[0][1], /^at most 2 clients were connected at the same time/);
  const good = new Capture().open(0).open(1).open(2).says(0, "hi").gets(1, 0, "hi")
    .gets(2, 0, "hi").says(2, "yo").gets(0, 2, "yo").gets(1, 2, "yo").close(0).close(1).close(2);
  deepEqual(kinds(good), []);
});
