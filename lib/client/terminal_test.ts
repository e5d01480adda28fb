import { deepEqual, equal } from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { MockConn } from "../../testing/mock_conn.ts";
import { ServerConnection } from "./connection.ts";
import { ESCAPE_TIMEOUT_MS } from "./keys.ts";
import { suspendable, TerminalSession } from "./terminal.ts";
import { CLIENT_TEXTS } from "./texts.ts";

Deno.test({
  name: "terminal: Ctrl+Z suspends only where a shell can take over",
  permissions: "none",
}, () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  deepEqual(suspendable("linux", env({}), false), { kind: "self" });
  deepEqual(suspendable("darwin", env({ LANG: "ro_RO.UTF-8" }), false), { kind: "self" });
  // Runners that started the client and wait for it would not stop with it alone.
  const deno = { npm_config_user_agent: "deno/2.9.6 npm/? deno/2.9.6 linux x86_64" };
  deepEqual(suspendable("linux", env(deno), false), { kind: "runner", runner: "deno task" });
  const npm = { npm_config_user_agent: "npm/10.8.2 node/v22.11.0 linux x64 workspaces/false" };
  deepEqual(suspendable("darwin", env(npm), false), { kind: "runner", runner: "npm" });
  deepEqual(suspendable("linux", env({ MAKELEVEL: "1" }), false), {
    kind: "runner",
    runner: "make",
  });
  // Allowed to signal its process group (deno task client grants it), it stops the whole job.
  deepEqual(suspendable("linux", env(deno), true), { kind: "job" });
  deepEqual(suspendable("linux", env({}), true), { kind: "job" });
  deepEqual(suspendable("windows", env({}), true), { kind: "unsupported" });
});

/** A keyboard the test types on: each `type()` is one read, at the fake clock's time. */
class Keyboard {
  readonly #chunks: Uint8Array[] = [];
  #wake: (() => void) | null = null;

  type(text: string): void {
    this.#chunks.push(new TextEncoder().encode(text));
    this.#wake?.();
  }

  async read(buffer: Uint8Array): Promise<number | null> {
    while (this.#chunks.length === 0) await new Promise<void>((r) => this.#wake = r);
    const chunk = this.#chunks.shift()!;
    buffer.set(chunk);
    return chunk.length;
  }

  setRaw(): void {}
}

function terminalSetUp() {
  const clock = new FakeClock();
  const keyboard = new Keyboard();
  const conn = new MockConn({ hostname: "127.0.0.1", port: 3333 }, 53_278);
  const session = new TerminalSession({
    input: keyboard,
    output: { writeSync: (b) => b.length },
    columns: () => 80,
    onResize: () => () => {},
    onContinue: () => () => {},
    suspendable: () => ({ kind: "unsupported" }),
    suspend: () => {},
  }, { maxLineBytes: 1024, historySize: 10, color: false, texts: CLIENT_TEXTS.en, clock });
  const connection = new ServerConnection(conn, session.receiver, clock);
  void session.run(connection);
  return { clock, keyboard, conn };
}

Deno.test({
  name: "terminal: a key read a pause after Esc is a new key; one read with it is part of it",
  permissions: "none",
}, async () => {
  const { clock, keyboard, conn } = terminalSetUp();
  keyboard.type("\x1b");
  await clock.tick(ESCAPE_TIMEOUT_MS + 1);
  keyboard.type("bye\r");
  await clock.tick(0);
  equal(conn.writtenText, "bye\n");
  // Alt+B split over two reads close together: a word to the left, then "x" goes in there.
  keyboard.type("hello world\x1b");
  await clock.tick(ESCAPE_TIMEOUT_MS);
  keyboard.type("bx\r");
  await clock.tick(0);
  equal(conn.writtenText, "bye\nhello xworld\n");
});
