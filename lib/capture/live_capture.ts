/**
 * A live capture with tshark: `tshark -i IFACE -f "tcp port PORT" -w FILE`, the lab's capture
 * filter, started and stopped by a program instead of by hand in Wireshark.
 *
 * - tshark runs in a process group of its own (lib/process/process_group.ts), so the terminal's
 *   Ctrl+C reaches only the program that started it, which stops tshark last, once the capture
 *   holds every packet (`waitUntilWritten` in ./capture_end.ts). tshark stopped by Ctrl+C first
 *   would cut off the connections' last FINs. If that program dies without stopping it, the
 *   group's lifeline does.
 * - It is ready when its file exists with its first block: tshark prints "Capturing on ..." even
 *   when it is about to fail for want of permission, so that line proves nothing. (Ask
 *   `captureProblem` in ./permission.ts before starting, to fail with a useful line.)
 * - It is bounded: tshark stops by itself at {@link MAX_CAPTURE_KB} or after
 *   {@link MAX_CAPTURE_SECONDS}, also when the program that started it was killed and cannot.
 *
 * @example
 * ```ts ignore
 * const started = await LiveCapture.start({ iface: "lo", port: 3333, file: "chat.pcapng" });
 * if (!started.ok) throw new Error(started.problem);
 * // ... the session ...
 * await started.capture.stop();
 * ```
 * @module
 */

import { type Clock, settlesWithin, systemClock } from "../clock.ts";
import { ProcessGroup } from "../process/process_group.ts";
import { toolCommand } from "./tools.ts";

/** Largest capture file, in kB (tshark's `-a filesize:`); a lab session is a few kB. */
export const MAX_CAPTURE_KB = 100 * 1024;
/** Longest capture, in seconds (`-a duration:`): longer than any lab session. */
export const MAX_CAPTURE_SECONDS = 4 * 3600;
/** How long tshark may take to open the interface and its file, in ms. */
export const START_MS = 10_000;
/** How long tshark is given to write its last packets and close the file once told, in ms. */
export const STOP_MS = 5_000;
/** Lines of tshark's error output kept (it prints a few; a broken one could print many). */
const MAX_ERROR_LINES = 40;
const POLL_MS = 50;

/** Where and what to capture. */
export interface CaptureTarget {
  readonly iface: string;
  readonly port: number;
  /** The file to write (created or replaced). */
  readonly file: string;
}

/** A capture that started, or the line saying why it did not. */
export type CaptureStart =
  | { readonly ok: true; readonly capture: LiveCapture }
  | { readonly ok: false; readonly problem: string };

/** A running tshark. */
export class LiveCapture {
  readonly file: string;
  readonly #group: ProcessGroup;
  readonly #errors: string[];
  readonly #clock: Clock;
  #running = true;
  #stopping: Promise<void> | undefined;

  private constructor(group: ProcessGroup, file: string, errors: string[], clock: Clock) {
    this.#group = group;
    this.file = file;
    this.#errors = errors;
    this.#clock = clock;
    void group.child.status.then(() => this.#running = false);
  }

  /** Starts tshark and waits until it captures. Never throws: a failure is a `problem`. */
  static async start(target: CaptureTarget, clock: Clock = systemClock): Promise<CaptureStart> {
    await Deno.remove(target.file).catch(() => {});
    let group: ProcessGroup;
    try {
      group = ProcessGroup.spawn(toolCommand("tshark"), {
        args: ["-i", target.iface, "-f", `tcp port ${target.port}`, "-w", target.file, "-q"]
          .concat(["-a", `filesize:${MAX_CAPTURE_KB}`, "-a", `duration:${MAX_CAPTURE_SECONDS}`]),
        stdout: "null",
        stderr: "piped",
        env: { LC_ALL: "C" },
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: `cannot start tshark: ${detail}` };
    }
    const errors: string[] = [];
    void collectLines(group.child.stderr, errors);
    const capture = new LiveCapture(group, target.file, errors, clock);
    const deadline = clock.now() + START_MS;
    while (clock.now() < deadline) {
      if (await hasContent(target.file)) return { ok: true, capture };
      if (!capture.#running) {
        return { ok: false, problem: `tshark stopped at once: ${capture.problem()}` };
      }
      await new Promise<void>((resolve) => clock.setTimeout(resolve, POLL_MS));
    }
    await capture.stop();
    return { ok: false, problem: `tshark did not start capturing within ${START_MS / 1000} s` };
  }

  /** True while tshark runs (it stops by itself only on an error or at the size limit). */
  get running(): boolean {
    return this.#running;
  }

  /** Resolves when tshark has exited, for whatever reason. */
  get ended(): Promise<void> {
    return this.#group.child.status.then(() => {});
  }

  /** tshark's own first line about what went wrong (its usual chatter left out). */
  problem(): string {
    const useful = this.#errors.filter((line) =>
      !/^(Running as user|Capturing on|\s*$|\*\* \(tshark)/.test(line) &&
      !/^\d+ packets? captured$/.test(line)
    );
    return useful[0]?.trim() ?? "it gave no reason";
  }

  /**
   * Tells tshark to stop (SIGINT: it closes the file properly), and kills it after
   * {@link STOP_MS} if it has not. Safe to call more than once.
   */
  stop(): Promise<void> {
    return this.#stopping ??= this.#stop();
  }

  async #stop(): Promise<void> {
    const status = this.#group.child.status;
    if (this.#running) {
      // tshark alone: it stops its dumpcap and closes the file properly.
      this.#group.signalLeader("SIGINT");
      if (!await settlesWithin(status, STOP_MS, this.#clock)) {
        this.#group.signal("SIGKILL");
        await settlesWithin(status, STOP_MS, this.#clock);
      }
    }
    // Nothing of the group outlives the capture (its lifeline's watchdog, a dumpcap left over).
    this.#group.signal("SIGKILL");
  }
}

async function hasContent(file: string): Promise<boolean> {
  try {
    return (await Deno.stat(file)).size > 0;
  } catch {
    return false;
  }
}

async function collectLines(stream: ReadableStream<Uint8Array>, into: string[]): Promise<void> {
  let rest = "";
  try {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + text).split("\n");
      rest = lines.pop() ?? "";
      into.push(...lines.slice(0, Math.max(0, MAX_ERROR_LINES - into.length)));
      // Bounded: a line without an end is cut, too.
      rest = rest.slice(0, 4096);
    }
  } catch {
    // tshark was killed: what it said so far is all there is.
  }
  if (rest !== "" && into.length < MAX_ERROR_LINES) into.push(rest);
}
