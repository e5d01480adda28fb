import { equal } from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { clock, Logger, quote } from "./logger.ts";

class Sink {
  writes: string[] = [];
  writeSync(bytes: Uint8Array): number {
    this.writes.push(new TextDecoder().decode(bytes));
    return bytes.length;
  }
  close(): void {}
}

/** A clock stopped at 14:02:07.519 local time. */
const at = () => new FakeClock(new Date(2026, 10, 21, 14, 2, 7, 519).getTime());

Deno.test("logger: lab lines are plain, events carry a ms time, all in one buffered write", () => {
  const out = new Sink();
  const log = new Logger({ console: out, color: false, quiet: false, clock: at() });
  log.plain("START", "TCP multi-client server on 127.0.0.1:3333");
  for (let i = 0; i < 100; i++) log.event("RECV", `#1 127.0.0.1:5000 6 bytes: "hello"`);
  equal(out.writes.length, 0, "nothing is written per line");
  log.flush();
  equal(out.writes.length, 1);
  const lines = out.writes[0].split("\n");
  equal(lines[0], "[START] TCP multi-client server on 127.0.0.1:3333");
  equal(lines[1], `[RECV] 14:02:07.519 #1 127.0.0.1:5000 6 bytes: "hello"`);
});

Deno.test("logger: waiting lines are written after a short delay on the logger's clock", async () => {
  const out = new Sink();
  const time = at();
  const log = new Logger({ console: out, color: false, quiet: false, clock: time });
  log.event("INFO", "one");
  await time.tick(9);
  equal(out.writes.length, 0);
  log.event("INFO", "two");
  await time.tick(1);
  equal(out.writes.join(""), "[INFO] 14:02:07.519 one\n[INFO] 14:02:07.528 two\n");
});

Deno.test("logger: colours only the console's tags; the file stays plain", () => {
  const out = new Sink();
  const file = new Sink();
  const log = new Logger({ console: out, file, color: true, quiet: false, clock: at() });
  log.event("CONNECT", "New client #1");
  log.close();
  const ESC = "\x1b";
  equal(out.writes[0].startsWith(`${ESC}[`), true);
  equal(out.writes[0].split(ESC).length, 3, "one colour on, one colour off");
  // deno-lint-ignore no-control-regex -- stripping colour codes is the point.
  equal(out.writes[0].replace(/\u001b\[\d+m/g, ""), "[CONNECT] 14:02:07.519 New client #1\n");
  equal(file.writes[0], "[CONNECT] 14:02:07.519 New client #1\n");
});

Deno.test("logger: --quiet keeps connection events and drops per-message lines", () => {
  const out = new Sink();
  const log = new Logger({ console: out, color: false, quiet: true, clock: at() });
  for (const tag of ["CONNECT", "RECV", "SEND", "FWD", "DISCONNECT"] as const) log.event(tag, "x");
  log.flush();
  equal(out.writes.join(""), "[CONNECT] 14:02:07.519 x\n[DISCONNECT] 14:02:07.519 x\n");
});

Deno.test("logger: a console that breaks (closed pipe) is dropped without an exception", () => {
  let attempts = 0;
  const broken = {
    writeSync: (): number => {
      attempts++;
      throw new Deno.errors.BrokenPipe("closed");
    },
  };
  const log = new Logger({ console: broken, color: false, quiet: false });
  log.event("INFO", "one");
  log.flush();
  log.event("INFO", "two");
  log.close();
  equal(attempts, 1, "a console that broke once is not written to again");
});

Deno.test("logger: times are zero-padded and peer text is quoted with escapes", () => {
  equal(clock(new Date(2026, 0, 1, 3, 4, 5, 6)), "03:04:05.006");
  equal(quote('a\x1bb"c'), '"a\\u001bb\\"c"');
  equal(quote("x".repeat(200), 10), `"${"x".repeat(10)}…"`);
});

Deno.test("logger: quoting gives what JSON.stringify gives, with or without escapes", () => {
  const texts = [
    "plain",
    "é ü 中文",
    "tab\there",
    "back\\slash",
    'q"uote',
    "emoji 😀",
    "lone \ud800",
  ];
  for (const text of texts) equal(quote(text), JSON.stringify(text));
});

Deno.test("logger: quoting escapes what breaks lines or reorders text, and JSON reads it back", () => {
  const cases: [string, string][] = [
    ["note\u0085[WARN] forged", "note\\u0085[WARN] forged"],
    ["\x9b2J\x7f", "\\u009b2J\\u007f"],
    [
      "a\u2028b\u2029c\vd\fe\x1cf\x1dg\x1eh",
      "a\\u2028b\\u2029c\\u000bd\\fe\\u001cf\\u001dg\\u001eh",
    ],
    [
      "\u202eevil \u2066x\u2069 \u200f\u061c\ufeff",
      "\\u202eevil \\u2066x\\u2069 \\u200f\\u061c\\ufeff",
    ],
  ];
  for (const [text, shown] of cases) {
    equal(quote(text), `"${shown}"`);
    equal(JSON.parse(quote(text)), text);
  }
  // Shortening never leaves half of an emoji behind.
  equal(quote("ab😀", 3), '"ab…"');
});
