/**
 * Test support: a program in a real terminal, under tmux. Keys go in with `send-keys`, the screen
 * comes out with `capture-pane`. Each instance runs its own tmux server on a socket of its own
 * (`tmux -L`), so tests never touch anyone's tmux, and `kill()` always ends it.
 *
 * @module
 */

import { waitUntil } from "./wait_until.ts";

let started = 0;

/** A tmux server with one window running one command. */
export class Tmux {
  readonly socket: string;
  /** Where tmux put the socket; removed by `kill()`, since a killed server leaves it behind. */
  #socketPath = "";

  private constructor(socket: string) {
    this.socket = socket;
  }

  /**
   * Starts `command` in a `columns` x `rows` terminal. When the command ends, the pane shows
   * `exit code N` and stays open, so a test can read the last screen.
   */
  static async start(
    command: readonly string[],
    options: { columns: number; rows: number; cwd: string; env?: Record<string, string> },
  ): Promise<Tmux> {
    const tmux = new Tmux(`tcpchat-test-${Deno.pid}-${++started}-${Date.now()}`);
    const quoted = command.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(" ");
    const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    await tmux.#run([
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-x",
      String(options.columns),
      "-y",
      String(options.rows),
      "-c",
      options.cwd,
      ...env,
      `${quoted}; echo "exit code $?"; sleep 600`,
    ]);
    tmux.#socketPath = (await tmux.#run(["display-message", "-p", "#{socket_path}"])).trim();
    return tmux;
  }

  /** Types `text` as it is, character by character. */
  async type(text: string): Promise<void> {
    await this.#run(["send-keys", "-l", text]);
  }

  /** Types `text` one key per write, as a person does (telnet's character mode sends each). */
  async typeKeys(text: string): Promise<void> {
    for (const key of text) await this.type(key);
  }

  /** Presses keys by tmux name: `Enter`, `Left`, `BSpace`, `C-w`, `Up`... */
  async press(...keys: string[]): Promise<void> {
    await this.#run(["send-keys", ...keys]);
  }

  /** Resizes the window, as dragging its edge does: the program in it gets SIGWINCH. */
  async resize(columns: number, rows: number): Promise<void> {
    await this.#run(["resize-window", "-x", String(columns), "-y", String(rows)]);
  }

  /** Where the cursor is, 0-based: what a user would be typing at. */
  async cursor(): Promise<{ column: number; row: number }> {
    const out = await this.#run(["display-message", "-p", "#{cursor_x} #{cursor_y}"]);
    const [column, row] = out.trim().split(" ").map(Number);
    return { column, row };
  }

  /** Closes the window, as a user closing the terminal does: its programs get SIGHUP. */
  async closeWindow(): Promise<void> {
    await this.#run(["kill-window"]);
  }

  /** The screen now, one string per row, trailing blanks removed; `escapes` keeps colours. */
  async screen(escapes = false): Promise<string[]> {
    const text = await this.#run(["capture-pane", "-p", ...(escapes ? ["-e"] : [])]);
    const rows = text.split("\n").map((row) => row.trimEnd());
    while (rows.length > 0 && rows.at(-1) === "") rows.pop();
    return rows;
  }

  /**
   * Polls the screen until `check` accepts it (tmux cannot say when it changes); fails with the
   * last screen after `ms` (as in {@link waitUntil}).
   */
  waitFor(check: RegExp | ((rows: string[]) => boolean), ms?: number): Promise<string[]> {
    const accepts = typeof check === "function"
      ? check
      : (rows: string[]) => rows.some((row) => check.test(row));
    let last: string[] = [];
    return waitUntil(async () => {
      last = await this.screen();
      return accepts(last) ? last : undefined;
    }, { what: `the screen to show ${check}`, seen: () => last.join("\n"), ms });
  }

  /** Polls until the whole screen, rows joined by LF, matches `pattern`; returns that text. */
  async waitForText(pattern: RegExp, ms?: number): Promise<string> {
    const rows = await this.waitFor((rows) => pattern.test(rows.join("\n")), ms);
    return rows.join("\n");
  }

  /** Ends the tmux server and everything in it. */
  async kill(): Promise<void> {
    await this.#run(["kill-server"]).catch(() => {});
    if (this.#socketPath !== "") await Deno.remove(this.#socketPath).catch(() => {});
  }

  async #run(args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", {
      args: ["-u", "-L", this.socket, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    if (!out.success) throw new Error(`tmux ${args[0]} failed: ${decode(out.stderr).trim()}`);
    return decode(out.stdout);
  }
}
