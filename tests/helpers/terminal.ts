/**
 * Test support: a program running in a real terminal (a tmux pane), typed at key by key, and
 * its screen read back as the user would see it.
 *
 * telnet behaves differently on a terminal than on a pipe (its line and character modes are
 * terminal modes), so it is driven here the way a student drives it. Each terminal has its own
 * tmux server (`tmux -L <unique name>`), which `close()` kills, so tests never touch anyone
 * else's tmux.
 *
 * @module
 */

const WAIT_MS = 5000;
const POLL_MS = 25;
let opened = 0;

/** A program on a terminal of its own. */
export class Terminal {
  readonly #socket: string;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Starts `command` on a wide terminal, so that no server line wraps. */
  static async start(command: string[]): Promise<Terminal> {
    const terminal = new Terminal(`tcpchat-test-${Deno.pid}-${++opened}`);
    // The pane stays readable after the program exits ("Connection closed by foreign host").
    await terminal.#tmux(
      ["-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", "--", ...command],
      ["set-option", "remain-on-exit", "on"],
    );
    return terminal;
  }

  /** Types text as it is (each call is one write to the terminal). */
  async type(text: string): Promise<void> {
    await this.#tmux(["send-keys", "-l", text]);
  }

  /** Presses keys by tmux name: `Enter`, `BSpace` (sends DEL, 0x7F), `C-h`, `C-]`, `C-c`. */
  async press(...keys: string[]): Promise<void> {
    await this.#tmux(["send-keys", ...keys]);
  }

  /** Types `text` one key per write, as a person does. */
  async typeKeys(text: string): Promise<void> {
    for (const key of text) await this.type(key);
  }

  /** What the screen shows now, wrapped lines joined, trailing blank lines dropped. */
  async screen(): Promise<string> {
    return (await this.#tmux(["capture-pane", "-p", "-J"])).trimEnd();
  }

  /** Waits until the screen matches `pattern`; returns the screen. */
  async waitFor(pattern: RegExp, ms = WAIT_MS): Promise<string> {
    const deadline = Date.now() + ms;
    while (true) {
      const screen = await this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`the screen never showed ${pattern} within ${ms} ms; it shows:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Ends the program and its tmux server. */
  async close(): Promise<void> {
    await this.#tmux(["kill-server"]).catch(() => {});
  }

  /** Runs tmux commands (joined with tmux's `;`) on this terminal's own server. */
  async #tmux(...commands: string[][]): Promise<string> {
    const args = ["-L", this.#socket];
    commands.forEach((command, i) => args.push(...(i > 0 ? [";"] : []), ...command));
    const out = await new Deno.Command("tmux", { args, stdin: "null" }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      throw new Error(`tmux ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return text;
  }
}
