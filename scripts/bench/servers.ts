/**
 * The servers under test, each started fresh for one run: tcpchat, `ncat --chat`, and the
 * course's threaded Python server. Also what the benchmark reads from /proc about a process.
 *
 * Every server gets a file-descriptor limit for its clients (`prlimit`, up to the hard limit) and
 * may be pinned to one CPU (`taskset`); both wrappers exec the server, so the PID is the server's.
 *
 * @module
 */

import { RUN_SERVER } from "../../testing/process.ts";

/** The servers the benchmark knows. */
export const PEERS = ["tcpchat", "ncat", "python"] as const;
export type Peer = typeof PEERS[number];

/** How to start one server. */
export interface ServerSpec {
  readonly peer: Peer;
  readonly mode: "broadcast" | "chat";
  /** tcpchat: log every message to a file (`--log-file`) instead of `--quiet`. */
  readonly logFile?: string;
  readonly clients: number;
  /** Pin the server to this CPU. */
  readonly cpu?: number;
}

const ROOT = new URL("../../", import.meta.url).pathname;
const PYTHON_SERVER = new URL("./course_server.py", import.meta.url).pathname;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const CLOCK_TICKS = 100;
/** A batch of connections must be accepted by the server within this long. */
const ACCEPT_TIMEOUT_MS = 10_000;
const decoder = new TextDecoder();

/** A running server process. */
export class ServerProcess {
  readonly pid: number;
  readonly port: number;
  readonly #child: Deno.ChildProcess;
  readonly #stderr: Promise<string>;
  #status: Deno.CommandStatus | undefined;

  private constructor(child: Deno.ChildProcess, port: number, stderr: Promise<string>) {
    this.#child = child;
    this.pid = child.pid;
    this.port = port;
    this.#stderr = stderr;
    void child.status.then((status) => this.#status = status);
  }

  static async start(spec: ServerSpec): Promise<ServerProcess> {
    const fixedPort = spec.peer === "ncat" ? freePort() : undefined;
    const command = [...limits(spec), ...serverCommand(spec, fixedPort)];
    const child = new Deno.Command(command[0], {
      args: command.slice(1),
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const stderr = tail(child.stderr);
    const port = fixedPort === undefined
      ? await portFromLog(child.stdout)
      : (void drain(child.stdout), await untilListening(fixedPort, child));
    return new ServerProcess(child, port, stderr);
  }

  /** Why the server is gone, or undefined while it runs. */
  get exit(): string | undefined {
    const s = this.#status;
    if (!s) return undefined;
    return s.signal ? `killed by ${s.signal}` : `exited with code ${s.code}`;
  }

  /** The last lines the server wrote to stderr (after it ended). */
  stderr(): Promise<string> {
    return this.#stderr;
  }

  /** CPU time used so far (user + system), in seconds. */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  rssKb(): number {
    return statusKb(this.pid, "VmRSS");
  }

  peakRssKb(): number {
    return statusKb(this.pid, "VmHWM");
  }

  async stop(): Promise<void> {
    if (!this.#status) {
      try {
        this.#child.kill("SIGTERM");
      } catch {
        // Ended by itself meanwhile.
      }
    }
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // Gone.
      }
    }, STOP_TIMEOUT_MS);
    await this.#child.status;
    clearTimeout(timer);
    await this.#stderr;
  }
}

function serverCommand(spec: ServerSpec, port: number | undefined): string[] {
  switch (spec.peer) {
    case "tcpchat":
      return [
        Deno.execPath(),
        ...RUN_SERVER,
        "--port",
        "0",
        "--mode",
        spec.mode,
        "--max-clients",
        String(spec.clients + 16),
        // The load generator sends far faster than any person: flood control would refuse most of
        // it. The peers have no flood control either, so all three relay every line they get.
        "--flood-rate",
        "0",
        "--no-color",
        ...(spec.logFile === undefined ? ["--quiet"] : ["--log-file", spec.logFile]),
      ];
    case "ncat":
      return ["ncat", "-l", "127.0.0.1", String(port), "--chat", "--max-conns", "1000000"];
    case "python":
      return ["python3", PYTHON_SERVER, "--port", "0", ...(spec.logFile ? [] : ["--quiet"])];
  }
}

/** `prlimit` when the clients need more descriptors than the soft limit, and `taskset`. */
function limits(spec: ServerSpec): string[] {
  const wrappers: string[] = [];
  const need = spec.clients + 64;
  const { soft } = fileLimits(Deno.pid);
  if (need > soft) wrappers.push("prlimit", `--nofile=${need}:`);
  if (spec.cpu !== undefined) wrappers.push("taskset", "-c", String(spec.cpu));
  return wrappers;
}

/** The open-file limits of a process. */
export function fileLimits(pid: number): { soft: number; hard: number } {
  const text = Deno.readTextFileSync(`/proc/${pid}/limits`);
  const row = /Max open files\s+(\S+)\s+(\S+)/.exec(text);
  const value = (s: string | undefined) =>
    s === undefined || s === "unlimited" ? Infinity : Number(s);
  return { soft: value(row?.[1]), hard: value(row?.[2]) };
}

/** Raises this process's soft limit on open files to `need` (up to the hard limit). */
export async function raiseOwnFileLimit(need: number): Promise<void> {
  const { soft, hard } = fileLimits(Deno.pid);
  if (soft >= need) return;
  const target = Math.min(need, hard);
  await new Deno.Command("prlimit", { args: ["--pid", String(Deno.pid), `--nofile=${target}:`] })
    .output();
}

/** Pins every thread of this process (workers created later inherit it) to `cpus`. */
export async function pinSelf(cpus: string): Promise<void> {
  const out = await new Deno.Command("taskset", {
    args: ["-a", "-p", "-c", cpus, String(Deno.pid)],
    stdout: "null",
  }).output();
  if (!out.success) throw new Error(`taskset failed: ${decoder.decode(out.stderr).trim()}`);
}

/**
 * CPU time a process has used, in seconds: the sum of its threads' run time from
 * /proc/PID/task/TID/schedstat (nanoseconds), or user + system time from /proc/PID/stat (10 ms
 * ticks) where schedstat is missing. Threads that ended are not counted by the first, so it is
 * read while the server's threads live.
 */
export function processCpuSeconds(pid: number): number {
  try {
    let ns = 0;
    for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(
          Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/schedstat`).split(" ")[0],
        );
      } catch {
        // The thread ended meanwhile.
      }
    }
    if (ns > 0) return ns / 1e9;
  } catch {
    // No schedstat here: fall back to the coarser ticks.
  }
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

function statusKb(pid: number, key: string): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const row = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
    return row ? Number(row[1]) : NaN;
  } catch {
    return NaN;
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** Reads the `[START] ... on host:port` line (tcpchat, the course's server), then drains. */
async function portFromLog(stdout: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stdout.getReader();
  let text = "";
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
    const start = /\[START\] .*:(\d+)\r?\n/.exec(text);
    if (start) {
      reader.releaseLock();
      void drain(stdout);
      return Number(start[1]);
    }
  }
  throw new Error(`server did not report its port: ${text.slice(0, 300)}`);
}

/** Waits until a connection to `port` succeeds (ncat prints nothing when it is ready). */
async function untilListening(port: number, child: Deno.ChildProcess): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let ended = false;
  void child.status.then(() => ended = true);
  while (Date.now() < deadline && !ended) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return port;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`nothing listens on port ${port}`);
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  try {
    for await (const _ of stream) { /* keep the pipe empty */ }
  } catch {
    // The process ended.
  }
}

/** The last 2 KB a stream carried. */
async function tail(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  try {
    for await (const chunk of stream) text = (text + decoder.decode(chunk)).slice(-2048);
  } catch {
    // The process ended.
  }
  return text;
}

/** The server's accept queue, from `ss`: connections waiting to be accepted, and its bound. */
export async function acceptQueue(
  host: string,
  port: number,
): Promise<{ queued: number; backlog: number } | undefined> {
  try {
    const out = await new Deno.Command("ss", {
      args: ["-Hltn", `src ${host.includes(":") ? `[${host}]` : host} and sport = :${port}`],
      stdout: "piped",
      stderr: "null",
    }).output();
    const fields = decoder.decode(out.stdout).trim().split(/\s+/);
    if (fields.length < 3) return undefined;
    return { queued: Number(fields[1]), backlog: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Waits until the server accepted every queued connection; a problem when it does not. */
export async function untilAccepted(host: string, port: number): Promise<string | undefined> {
  const deadline = Date.now() + ACCEPT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const queue = await acceptQueue(host, port);
    if (queue === undefined || queue.queued === 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return `the server left connections unaccepted for ${ACCEPT_TIMEOUT_MS / 1000} s`;
}
