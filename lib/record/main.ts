/**
 * `deno task record`: records a student's lab hand-in in one command, the way the handout's
 * sections 6 and 7 ask for it: a capture with the filter `tcp port 3333` while 3 clients chat
 * through the server, and the server's log beginning with its start command. See
 * docs/LAB.md ("Record your hand-in") for a student's view.
 *
 * In order, each step only once the one before worked, and with one clear line when it did not:
 * 1. before anything starts: may this user capture (lib/capture/permission.ts)? can both files
 *    be written? is the port free?
 * 2. tshark, in its own process group (lib/capture/live_capture.ts);
 * 3. the server: tcpchat's broadcast mode in this process, or the student's `--server-cmd`;
 * 4. Ctrl+C (or the server or tshark stopping by themselves);
 * 5. the server stops, the capture is given the time to hold every packet, tshark stops;
 * 6. the files are checked and only then put in place (lib/record/output_files.ts).
 *
 * @module
 */

import { waitUntilWritten, type Written } from "../capture/capture_end.ts";
import { LiveCapture } from "../capture/live_capture.ts";
import { captureProblem, describeCaptureProblem } from "../capture/permission.ts";
import { summarizeStreams } from "../capture/streams.ts";
import { loopbackInterface } from "../capture/tools.ts";
import { readSegments, type Segment } from "../capture/tshark.ts";
import { DEFAULT_PORT, envFlag, envValue, userFolder } from "../cli.ts";
import { localeFromEnv } from "../core/texts.ts";
import { GRADE_TEXTS } from "../grade/texts.ts";
import { writeAll } from "../io.ts";
import { portInUse } from "../process/port_busy.ts";
import { withPort } from "../process/server_command.ts";
import { parseRecordArgs, type RecordOptions } from "./options.ts";
import {
  discard,
  existing,
  type OutputFile,
  outputFile,
  publish,
  sudoOwner,
  writableProblem,
} from "./output_files.ts";
import {
  LISTEN_WAIT_MS,
  type RecordedServer,
  type ServerStart,
  startCommand,
  startTcpchat,
  tcpchatCommand,
} from "./servers.ts";
import { RECORD_TEXTS, type RecordTexts } from "./texts.ts";

/** A recording that failed: the one line saying why. */
class Failure {
  constructor(readonly line: string) {}
}

/** What a recording works with. */
interface Context {
  readonly options: RecordOptions;
  readonly texts: RecordTexts;
  readonly log: OutputFile;
  readonly capture: OutputFile;
  readonly iface: string;
  /** Where the student typed the command (lib/cli.ts, `userFolder`). */
  readonly baseDir: string;
}

/** Runs `deno task record ARGS`; returns the exit code: 0 recorded, 1 failed, 2 bad usage. */
export async function recordMain(args: string[]): Promise<number> {
  const colors = { noColorEnv: envFlag("NO_COLOR"), isTerminal: Deno.stdout.isTerminal() };
  const command = parseRecordArgs(args, colors, localeFromEnv(envValue));
  if (command.kind === "error") {
    console.error(`record: ${command.message} (see --help)`);
    return 2;
  }
  if (command.kind !== "run") {
    console.log(command.text);
    return 0;
  }
  const options = command.options;
  const baseDir = userFolder();
  const context: Context = {
    options,
    texts: RECORD_TEXTS[options.lang],
    log: outputFile(options.logOut, baseDir),
    capture: outputFile(options.captureOut, baseDir),
    iface: options.iface ?? loopbackInterface(),
    baseDir,
  };
  const earlier = await existing([context.log, context.capture]);
  // One fault in the server or here must end in one line, not a stack trace (as in main_server.ts).
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    console.error(
      `record: unexpected: ${event.reason instanceof Error ? event.reason.message : event.reason}`,
    );
  });
  try {
    await record(context);
    return 0;
  } catch (error) {
    await discard([context.log, context.capture]);
    const line = error instanceof Failure
      ? error.line
      : `unexpected: ${error instanceof Error ? error.message : error}`;
    console.error(`record: ${line}`);
    console.error(
      earlier.length > 0 ? context.texts.earlierKept(earlier) : context.texts.nothingWritten(),
    );
    return 1;
  }
}

async function record(c: Context): Promise<void> {
  const t = c.texts;
  const { port } = c.options;
  // From now on Ctrl+C is ours: it must never leave tshark running with a half-written file.
  const signalled = stopSignal();
  await preflight(c);
  say(t.recording({ capture: c.capture.shown, log: c.log.shown, iface: c.iface, port }));
  const started = await LiveCapture.start({ iface: c.iface, port, file: c.capture.temp });
  if (!started.ok) throw new Failure(started.problem);
  const capture = started.capture;
  let written: Written;
  try {
    const server = await startServer(c);
    say(t.next(port));
    const stopped = await firstStop(signalled, server, capture);
    server.flush();
    say(t.stopping());
    await server.stop();
    await endOutput(c);
    if (stopped.by === "server") throw new Failure(t.serverDied(stopped.code));
    if (!capture.running) throw new Failure(t.captureStopped(capture.problem()));
    written = await waitUntilWritten(capture.file, port);
  } finally {
    await capture.stop();
  }
  await finish(c, written);
}

/** Before anything starts: the capture permission, both files, the port. */
async function preflight(c: Context): Promise<void> {
  const t = c.texts;
  const problem = await captureProblem(c.iface);
  if (problem) throw new Failure(describeCaptureProblem(problem, Deno.build.os, c.options.lang));
  for (const file of [c.log, c.capture]) {
    const why = await writableProblem(file);
    if (why !== null) throw new Failure(t.cannotWrite(file.shown, why));
  }
  if (await portInUse(c.options.port)) throw new Failure(t.portBusy(c.options.port));
}

/** Starts the server with its log file, whose first line is the server's start command. */
async function startServer(c: Context): Promise<RecordedServer> {
  const { serverCmd, port, lang, color } = c.options;
  const startLine = serverCmd === undefined ? tcpchatCommand(port) : withPort(serverCmd, port);
  const file = await Deno.open(c.log.temp, { write: true, create: true, truncate: true });
  writeAll(file, `$ ${startLine}\n`);
  say(c.texts.startingServer(startLine));
  const sinks = { file, terminal: TERMINAL };
  const start: ServerStart = serverCmd === undefined
    ? await startTcpchat(port, { lang, color }, sinks)
    : await startCommand(serverCmd, port, sinks, { cwd: c.baseDir });
  if (start.ok) return start.server;
  switch (start.why) {
    case "port-busy":
      throw new Failure(c.texts.portBusy(port));
    case "exited-early":
      throw new Failure(c.texts.serverExitedEarly(start.code));
    case "not-listening":
      throw new Failure(c.texts.serverNotListening(port, LISTEN_WAIT_MS / 1000));
    case "other":
      throw new Failure(start.detail);
  }
}

/**
 * Ends the server's output in the log with the line below which the student writes the lab's
 * 5-7 sentences; the hand-in check reads the server's lines only above it
 * (lib/grade/server_log.ts, `OUTPUT_END`).
 */
async function endOutput(c: Context): Promise<void> {
  const bytes = await Deno.readFile(c.log.temp);
  const newline = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? "\n" : "";
  const line = GRADE_TEXTS[c.options.lang].handin.outputEnd();
  await Deno.writeTextFile(c.log.temp, `${newline}${line}\n`, { append: true });
}

/** What ended the recording. */
type Stop = { readonly by: "signal" } | { readonly by: "server"; readonly code: number } | {
  readonly by: "capture";
};

/**
 * Resolves at Ctrl+C (SIGINT; also SIGTERM, or SIGHUP when the terminal closes). Later signals
 * are ignored until the program ends: `deno task` forwards Ctrl+C a second time, and every step
 * of stopping is bounded anyway.
 */
function stopSignal(): Promise<Stop> {
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      try {
        Deno.addSignalListener(signal, () => resolve({ by: "signal" }));
      } catch {
        // Windows has only SIGINT (Ctrl+C) and SIGBREAK.
      }
    }
  });
}

/** The first of: the stop signal, the server stopping by itself, tshark stopping by itself. */
function firstStop(
  signalled: Promise<Stop>,
  server: RecordedServer,
  capture: LiveCapture,
): Promise<Stop> {
  return Promise.race([
    signalled,
    server.stoppedByItself.then((code): Stop => ({ by: "server", code })),
    capture.ended.then((): Stop => ({ by: "capture" })),
  ]);
}

/** Checks the capture, puts both files in place, and says what is next. */
async function finish(c: Context, written: Written): Promise<void> {
  const t = c.texts;
  const { port } = c.options;
  let segments: Segment[];
  try {
    segments = await readSegments(c.capture.temp);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n").slice(1).join(" ") : "";
    throw new Failure(t.unreadableCapture(reason.trim() || String(error)));
  }
  const streams = summarizeStreams(segments, port);
  if (streams.length === 0) throw new Failure(t.nothingCaptured(port));
  const problem = await publish([c.log, c.capture], sudoOwner(envValue, userId()));
  if (problem !== null) throw new Failure(t.cannotWrite(c.log.shown, problem));
  const lines = (await Deno.readTextFile(c.log.path)).split("\n").filter((l) => l !== "").length;
  say(t.written(
    { file: c.log.shown, lines },
    { file: c.capture.shown, packets: segments.length, streams: streams.length },
  ));
  if (written === "timed-out") say(t.maybeIncomplete());
  if (streams.length < 3) say(t.fewClients(streams.length));
  say(t.explain(c.log.shown));
  // The options the grader needs to read these files as this run wrote them.
  const flags = [
    ...(c.options.lang === "ro" ? ["--lang ro"] : []),
    `--capture ${shellWord(c.capture.shown)}`,
    `--log ${shellWord(c.log.shown)}`,
    ...(port === DEFAULT_PORT ? [] : [`--port ${port}`]),
  ];
  say(t.check(`deno task grade ${flags.join(" ")}`));
}

/** This process's user id, or `null` when unknown (Deno asks --allow-sys=uid to tell). */
function userId(): number | null {
  try {
    return Deno.uid();
  } catch {
    return null;
  }
}

/** A file name as a shell word: quoted when it holds anything but plain characters. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The terminal, as the server's output and the recorder's lines share it: a student's server may
 * print a line in two writes (Python's print writes the newline apart), so a line of ours starts
 * on a line of its own.
 */
const TERMINAL = {
  atLineStart: true,
  writeSync(bytes: Uint8Array): number {
    const n = Deno.stdout.writeSync(bytes);
    if (n > 0) this.atLineStart = bytes[n - 1] === 0x0a;
    return n;
  },
};

function say(line: string): void {
  writeAll(TERMINAL, `${TERMINAL.atLineStart ? "" : "\n"}== ${line}\n`);
}
