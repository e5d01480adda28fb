// One event, one log line, whatever a peer sends: the whole server edge (mock peers, a fake clock)
// in every mode, with text sent where each mode logs or echoes it (a message, an ID attempt, a chat
// target, a room line), and the log read back by every common rule for splitting lines.
import fc from "../../testing/fast_check.ts";
import { deepEqual, equal } from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import { Connections } from "./connections.ts";
import { Logger, type Tag } from "./logger.ts";
import { parseServerArgs } from "./options.ts";

/** Keeps everything written, as the console and a log file get it. */
class Written {
  text = "";
  readonly #decoder = new TextDecoder();
  writeSync(bytes: Uint8Array): number {
    this.text += this.#decoder.decode(bytes);
    return bytes.length;
  }
  close(): void {}
}

/** A logger that counts the events it is asked to log. */
class CountingLogger extends Logger {
  events = 0;
  override event(tag: Tag, message: string): void {
    this.events++;
    super.event(tag, message);
  }
  override plain(tag: Tag, message: string): void {
    this.events++;
    super.plain(tag, message);
  }
}

// How readers cut a text into lines: a plain `split("\n")` (less, grep), Python's str.splitlines,
// JavaScript's line terminators (ECMA-262), Unicode's mandatory breaks (UAX #14).
const RULES: Record<string, RegExp> = {
  "LF": /\n/,
  // deno-lint-ignore no-control-regex -- Python's line breaks include control characters.
  "Python splitlines": /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/,
  "JavaScript": /\r\n|[\n\r\u2028\u2029]/,
  "Unicode UAX #14": /\r\n|[\n\r\v\f\x85\u2028\u2029]/,
};
// What a terminal acts on, or what reorders a line as it is shown: nothing of it may be written.
// deno-lint-ignore no-control-regex -- finding control characters is the point.
const ACTIVE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\p{Bidi_Control}\ufeff]|\p{Cs}/u;

function lineCount(text: string, rule: RegExp): number {
  return text.split(new RegExp(rule.source, "gu")).length - 1;
}

/** A server edge whose log is written with colours to a console and plain to a file. */
function edge(mode: string) {
  const command = parseServerArgs(["--mode", mode], { noColorEnv: true, isTerminal: false });
  if (command.kind !== "run") throw new Error("bad arguments");
  const clock = new FakeClock();
  const console = new Written();
  const file = new Written();
  const log = new CountingLogger({ console, file, color: true, quiet: false, clock });
  const connections = new Connections(command.options, log, clock);
  let port = 50_000;
  const connect = () => {
    const peer = new MockConn({ hostname: "127.0.0.1", port: ++port });
    connections.admit(peer);
    return peer;
  };
  const check = (what: string) => {
    log.flush();
    for (const [rule, pattern] of Object.entries(RULES)) {
      equal(lineCount(file.text, pattern), log.events, `${what}: lines of the file by ${rule}`);
    }
    // deno-lint-ignore no-control-regex -- the console's colours are the server's own.
    const shown = console.text.replace(/\x1b\[\d+m/g, "");
    equal(shown, file.text, "the console shows the file's lines");
    deepEqual(ACTIVE.exec(file.text.replaceAll("\n", "")), null, `${what}: a character that acts`);
  };
  return { clock, connect, check };
}

// Text rich in what breaks lines, moves the cursor or reorders text, and in forged log events.
const nasty = fc.constantFrom(
  "\u0085",
  "\u009b",
  "\u202e",
  "\u2066",
  "\u200f",
  "\u061c",
  "\u2028",
  "\u2029",
  "\v",
  "\f",
  "\x1c",
  "\x1d",
  "\x1e",
  "\x1b[2J",
  "\ufeff",
  "\x00",
  "\x7f",
  "\b",
  "\t",
  "[WARN] 12:00:00.000 forged event",
  '"',
  "\\",
);
const text = fc.array(fc.oneof(nasty, fc.string({ unit: "binary", maxLength: 8 })), {
  maxLength: 8,
}).map((parts) => parts.join("").replace(/[\r\n]/g, ""));
// Any bytes but the line ends and IAC (telnet), invalid UTF-8 included.
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) =>
  b.filter((x) => ![10, 13, 255].includes(x))
);
const payload = fc.oneof(text.map((t) => new TextEncoder().encode(t)), bytes);

Deno.test({
  name: "log lines: whatever a peer sends, every event is one line by every splitting rule",
  permissions: "none",
  async fn() {
    const enc = new TextEncoder();
    const line = (p: Uint8Array) => new Uint8Array([...p, 10]);
    const broadcast = edge("broadcast");
    const echo = edge("echo");
    const chat = edge("chat");
    const alice = chat.connect();
    const bob = chat.connect();
    alice.peerSends("alice\n3\n");
    bob.peerSends("bob\n3\n");
    await chat.clock.tick(1);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(payload, async (sent) => {
        const what = JSON.stringify(new TextDecoder().decode(sent));
        broadcast.connect();
        broadcast.connect().peerSends(line(sent));
        await broadcast.clock.tick(1);
        broadcast.check(`broadcast ${what}`);
        echo.connect().peerSends(line(sent));
        await echo.clock.tick(1);
        echo.check(`echo ${what}`);
        // As an ID, as whom to chat with, and as a line in the room.
        chat.connect().peerSends(line(sent));
        const carol = chat.connect();
        carol.peerSends(enc.encode(`carol${++run}\n1\n`));
        carol.peerSends(line(sent));
        bob.peerSends(line(sent));
        await chat.clock.tick(1);
        chat.check(`chat ${what}`);
      }),
      { numRuns: 150 },
    );
  },
});
