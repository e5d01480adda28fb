// The console's reading and printing, on mock connections: lines in, answers out in order, the
// log's lines never cut by the console's, a bounded line, and no console without a terminal.
import { deepEqual, equal } from "node:assert/strict";
import { CapturedLog } from "../../testing/captured_log.ts";
import { EdgeHarness } from "../../testing/edge.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { CONSOLE_HELP } from "./console.ts";
import {
  CONSOLE_CLOSED,
  printAfterLog,
  runConsole,
  runConsoleLine,
  startConsole,
} from "./console_session.ts";
import { Logger } from "./logger.ts";

const encoder = new TextEncoder();

/** A terminal's input: each chunk as one read, then the end (Ctrl+D). */
function typed(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return ReadableStream.from(chunks.map((c) => typeof c === "string" ? encoder.encode(c) : c));
}

Deno.test("console session: each line is run in turn and answered; the end closes it", async () => {
  const edge = new EdgeHarness(["--mode", "broadcast"]);
  const peer = edge.connect();
  await edge.settle();
  const printed: string[][] = [];
  const long = "say " + "x".repeat(5000) + "\n";
  await runConsole(
    typed("help\n", "wh", "o\n\n", "kik\n", long, "kick #9\n", "say hi\nkick #1 bye"),
    edge.connections.operator,
    (lines) => printed.push([...lines]),
  );
  await edge.settle();
  deepEqual(printed, [
    [...CONSOLE_HELP],
    ["1 connection:", "  #1  127.0.0.1:50001  connected 0 s"],
    [],
    ['console: unknown command "kik": type help for the commands'],
    ["console: a line longer than 4096 bytes; ignored"],
    ["console: no connection #9 is open (who lists them)"],
    [],
    [], // the last line, without Enter, still counts when the input ends
    [CONSOLE_CLOSED],
  ]);
  equal(
    peer.writtenText,
    "* operator: hi\n! kicked: The server's operator disconnected you: bye\n",
  );
  equal(peer.closeWriteCalled, true);
  await edge.stop();
});

Deno.test("console session: an input that fails ends the console, not the server", async () => {
  const edge = new EdgeHarness([]);
  const printed: string[][] = [];
  const failing = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.error(new Deno.errors.BrokenPipe("the terminal went away"));
    },
  });
  await runConsole(failing, edge.connections.operator, (lines) => printed.push([...lines]));
  deepEqual(printed, [[CONSOLE_CLOSED]]);
  await edge.stop();
});

Deno.test("console session: an answer comes after every log line before it, each line whole", () => {
  const screen = new CapturedLog();
  const clock = new FakeClock();
  const log = new Logger({ console: screen, color: false, quiet: false, clock });
  const print = printAfterLog(log);
  log.event("CONNECT", "New client #1 127.0.0.1:50001 (1 connected)");
  equal(screen.lines.length, 0, "the log holds its lines for a moment");
  print(["1 connection:", "  #1  127.0.0.1:50001  connected 0 s"]);
  log.event("DISCONNECT", "#1 127.0.0.1:50001 closed by peer (FIN) after 0.0 s (0 connected)");
  log.flush();
  deepEqual(screen.lines.map((l) => l.replace(/ \d\d:\d\d:\d\d\.\d{3}/, "")), [
    "[CONNECT] New client #1 127.0.0.1:50001 (1 connected)",
    "1 connection:",
    "  #1  127.0.0.1:50001  connected 0 s",
    "[DISCONNECT] #1 127.0.0.1:50001 closed by peer (FIN) after 0.0 s (0 connected)",
  ]);
});

Deno.test("console session: only a terminal opens the console", async () => {
  for (const isTerminal of [false, true]) {
    const edge = new EdgeHarness([]);
    const screen = new CapturedLog();
    const log = new Logger({ console: screen, color: false, quiet: false, clock: edge.clock });
    let read = false;
    // No read ahead (highWaterMark 0): pull() runs only when someone reads.
    const readable = new ReadableStream<Uint8Array>({
      pull(controller) {
        read = true;
        controller.close();
      },
    }, { highWaterMark: 0 });
    startConsole(
      edge.connections.operator,
      log,
      { isTerminal: () => isTerminal, readable },
    );
    await edge.settle();
    log.flush();
    equal(read, isTerminal, `stdin read: ${isTerminal}`);
    deepEqual(
      screen.lines,
      isTerminal
        ? ["[INFO] console: type help and Enter for the commands (who, say, kick)", CONSOLE_CLOSED]
        : [],
    );
    await edge.stop();
  }
});

Deno.test("console session: an answer that quotes what was typed shows control characters escaped", async () => {
  const edge = new EdgeHarness([]);
  const screen = new CapturedLog();
  const log = new Logger({ console: screen, color: false, quiet: false, clock: edge.clock });
  const print = printAfterLog(log);
  for (const typed of ["\x1b[2J\u202ewho", "kick \x1b]0;owned\x07", "kick #\x1b[31m1"]) {
    print(runConsoleLine(typed, edge.connections.operator));
  }
  deepEqual(screen.lines, [
    'console: unknown command "\\u001b[2J\\u202ewho": type help for the commands',
    'console: no user "\\u001b]0;owned\\u0007" is connected (who lists them)',
    'console: "#\\u001b[31m1" is not a connection number: #N, as who lists them (#1, #2, ...)',
  ]);
  await edge.stop();
});
