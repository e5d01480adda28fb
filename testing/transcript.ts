/**
 * Test support: README transcripts, replayed against real programs.
 *
 * A transcript shows one or more terminals. With several, each line starts with whose terminal it
 * is in (`alice | `); `$ command` starts a command in that terminal, `> text` is what its user
 * typed, and every other line is what the terminal printed, in the order it happened:
 *
 * ```text
 * alice | $ nc 127.0.0.1 3333
 *   bob | $ nc 127.0.0.1 3333
 * alice | > hello
 *   bob | [127.0.0.1:53278] hello
 * ```
 *
 * The replay does exactly that against a real server in the transcript's mode: it runs each
 * command (3333 becomes the server's port), types each typed line, and requires each printed line
 * to be the terminal's next line of output. Client ports (`53278`) stand for whatever port the
 * kernel gave: one README port is always the same real one, in the transcript and in the log.
 *
 * Modes `refused` and `busy` show commands that fail: nothing listens on the port, or something
 * else holds it (3334, the port the server then suggests, stands for the next one). Each command
 * runs to its end; its output is its stdout then its stderr, without the `Task ...` line that
 * `deno task` prints first.
 *
 * @module
 */

import { ClientProcess } from "./client_process.ts";
import { ServerProcess } from "./process.ts";
import { type Block, onPort, runShell, shellEnv } from "./readme.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** One line of a transcript. */
export interface Row {
  readonly terminal: string;
  readonly kind: "command" | "typed" | "printed";
  readonly text: string;
}

/** The rows of a transcript block. */
export function rows(block: Block): Row[] {
  const gutter = /^ *([a-z]+) \| ?(.*)$/;
  const named = block.lines.some((l) => gutter.test(l));
  return block.lines.filter((l) => l.trim() !== "").map((line) => {
    const match = gutter.exec(line);
    if (named && !match) throw new Error(`README.md:${block.at}: no terminal named in "${line}"`);
    const [terminal, text] = match ? [match[1], match[2]] : ["you", line];
    if (text.startsWith("$ ")) return { terminal, kind: "command", text: text.slice(2) };
    if (text.startsWith("> ")) return { terminal, kind: "typed", text: text.slice(2) };
    return { terminal, kind: "printed", text };
  });
}

/** README ports to real ones, bound the first time each is seen. */
export class PortMap {
  readonly #ports = new Map<string, string>();
  readonly #serverPort: number;

  constructor(serverPort: number) {
    this.#serverPort = serverPort;
  }

  /** Throws unless `actual` is the README's `expected` line with its ports and times filled in. */
  check(expected: string, actual: string, where: string): void {
    const problem = this.#bind(expected, actual, false);
    if (problem) throw new Error(`${where}: ${problem}`);
  }

  /**
   * True, binding the ports, when `actual` is `expected` with its ports and times filled in; a
   * line that ends in `…` (cut short, as the capture summary prints long lines) matches the start.
   * False, binding nothing, otherwise.
   */
  matches(expected: string, actual: string): boolean {
    const cut = expected.endsWith("…");
    return this.#bind(cut ? expected.slice(0, -1) : expected, actual, cut) === undefined;
  }

  /** Binds the ports of a match and returns nothing, or says why `actual` does not match. */
  #bind(expected: string, actual: string, prefix: boolean): string | undefined {
    const readmePorts: string[] = [];
    const pattern = onPort(expected, this.#serverPort).split(
      /((?:127\.0\.0\.1|\[::1\]):\d+|\d\d:\d\d:\d\d\.\d{3}|\d+\.\d s)/,
    )
      .map((part, i) => {
        if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        if (/ s$/.test(part)) return "\\d+\\.\\d s";
        if (/^\d\d:\d\d:/.test(part)) return "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
        const [host, port] = [part.slice(0, part.lastIndexOf(":")), part.split(":").pop()!];
        readmePorts.push(port);
        return `${host.replace(/[.[\]]/g, "\\$&")}:(\\d+)`;
      }).join("");
    const found = new RegExp(`^${pattern}${prefix ? "" : "$"}`).exec(actual);
    if (!found) return `expected\n  ${expected}\nbut got\n  ${actual}`;
    const bound = new Map(this.#ports);
    for (const [i, readme] of readmePorts.entries()) {
      const real = found[i + 1];
      if ((bound.get(readme) ?? real) !== real) {
        return `port ${readme} was ${bound.get(readme)} before, here it is ${real}`;
      }
      bound.set(readme, real);
    }
    for (const [readme, real] of bound) this.#ports.set(readme, real);
    return undefined;
  }
}

/** What a replay leaves for the checks that follow it: the server's log, and the ports seen. */
export interface Replayed {
  readonly log: string[];
  readonly ports: PortMap;
}

/** Replays a transcript against a new server in `mode` (chat, broadcast or echo). */
export async function replay(block: Block, mode: string): Promise<Replayed> {
  const server = ServerProcess.start(["--port", "0", "--mode", mode], { env: shellEnv() });
  const terminals = new Map<string, ClientProcess>();
  try {
    const port = await server.port();
    await server.waitFor(/^\[INFO\] Server ready/);
    const ports = new PortMap(port);
    for (const [i, row] of rows(block).entries()) {
      const where = `README.md:${block.at}, row ${i + 1} (${row.terminal})`;
      const terminal = terminals.get(row.terminal);
      if (row.kind === "command") {
        const line = `exec ${onPort(row.text, port)}`;
        terminals.set(row.terminal, ClientProcess.spawn("bash", ["-c", line], { env: shellEnv() }));
        // Wait for the server to see it, so that a line typed next reaches everyone shown.
        await server.waitFor(new RegExp(`^\\[CONNECT\\] .* New client #${terminals.size} `));
      } else if (terminal === undefined) {
        throw new Error(`${where}: no command was started in this terminal`);
      } else if (row.kind === "typed") {
        await terminal.type(row.text);
      } else {
        ports.check(row.text, await terminal.until(/(?:)/), where);
      }
    }
    // Each terminal is closed in turn (Ctrl+C), the server after them.
    let closed = 0;
    for (const [name, terminal] of terminals) {
      const unread = terminal.unread();
      if (unread.length > 0) {
        throw new Error(
          `README.md:${block.at}: ${name} also printed, unshown:\n${unread.join("\n")}`,
        );
      }
      terminal.kill("SIGINT");
      await terminal.exit();
      await server.waitFor(new RegExp(`^\\[DISCONNECT\\] .* #${++closed} `));
    }
    terminals.clear();
    server.child.kill("SIGINT");
    if (await server.exit() !== 0) {
      throw new Error(`the server failed:\n${server.stderr.join("\n")}`);
    }
    return { log: server.stdout, ports };
  } finally {
    for (const terminal of terminals.values()) {
      try {
        terminal.kill("SIGKILL");
      } catch {
        // It had ended already.
      }
      await terminal.exit();
    }
    try {
      server.child.kill("SIGKILL");
    } catch {
      // Already stopped.
    }
    await server.exit();
  }
}

/** Runs each command of a `refused` or `busy` transcript and checks what it printed. */
export async function replayFailures(block: Block, mode: "refused" | "busy"): Promise<void> {
  const holder = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = holder.addr.port;
  // Refused: the port was free a moment ago, and nothing listens there now.
  if (mode === "refused") holder.close();
  try {
    const expectedOutput = (text: string) =>
      onPort(text, port).replaceAll(/\b3334\b/g, String(port + 1));
    const all = rows(block);
    for (const [i, row] of all.entries()) {
      if (row.kind !== "command") continue;
      const next = all.findIndex((r, j) => j > i && r.kind === "command");
      const expected = all.slice(i + 1, next === -1 ? undefined : next).map((r) => r.text);
      const { code, stdout, stderr } = await runShell(onPort(row.text, port), { cwd: ROOT });
      const printed = [...lines(stdout), ...lines(stderr).filter((l) => !l.startsWith("Task "))];
      const where = `README.md:${block.at}: $ ${row.text}`;
      if (code === 0) throw new Error(`${where}: exit code 0, but it failed in the README`);
      const want = expected.map(expectedOutput);
      if (JSON.stringify(printed) !== JSON.stringify(want)) {
        throw new Error(`${where}: printed\n${printed.join("\n")}\ninstead of\n${want.join("\n")}`);
      }
    }
  } finally {
    if (mode === "busy") holder.close();
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}
