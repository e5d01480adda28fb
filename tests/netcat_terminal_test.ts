// nc and ncat in a real terminal (tmux) when the server goes away: what docs/CLIENTS.md tells a
// student. Both print the server's last line and then stay, waiting for what the user types:
// the shell's prompt comes back only after Ctrl+D, Ctrl+C, or a line typed into the closed
// connection (nc ends at once; ncat at a later line, saying "Ncat: Broken pipe.").
import { equal } from "node:assert/strict";
import { ServerProcess } from "../testing/process.ts";
import { promptAfter, runCommand, startShell } from "../testing/shell_terminal.ts";
import type { Tmux } from "../testing/tmux.ts";
import { missing } from "../testing/tools.ts";

const ignore = await missing("tmux", "nc", "ncat");
/** After the server's process has ended, how long nc or ncat is watched for leaving by itself. */
const WATCH_MS = 800;

/** How the server closes the connection: it stops (Ctrl+C), or the user chose `2` (exit). */
type Closing = "stop" | "exit";
const LAST_LINE: Record<Closing, RegExp> = { stop: /^\* stopping: /, exit: /^\* bye: / };

/**
 * Runs `client` (nc or ncat) against a chat server in a terminal, has the server close the
 * connection, and hands the terminal over once the client has shown the server's last line.
 */
async function afterServerCloses(
  client: string,
  closing: Closing,
  fn: (term: Tmux) => Promise<void>,
) {
  const server = ServerProcess.start(["--port", "0"]);
  const term = await startShell();
  const last = LAST_LINE[closing];
  try {
    const port = await server.port();
    await runCommand(term, `${client} 127.0.0.1 ${port}`);
    await term.waitFor(/^\? id: /);
    if (closing === "stop") {
      server.child.kill("SIGINT");
      equal(await server.exit(), 0);
    } else {
      await runCommand(term, "alice");
      await term.waitFor(/^\? menu: /);
      await runCommand(term, "2");
      await server.waitFor(/^\[DISCONNECT\] .* closed by server \(FIN\): user chose exit/);
    }
    await term.waitFor(last);
    // The server's FIN arrived and its side is closed: a client that ends on that would end
    // now. It stays: no prompt comes back.
    const rows = await term.waitFor((rows) => promptAfter(rows, last), WATCH_MS)
      .catch(() => undefined);
    equal(rows, undefined, `${client} ended by itself when the server closed`);
    await fn(term);
  } finally {
    await term.kill();
    try {
      server.child.kill("SIGKILL");
    } catch {
      // It had stopped.
    }
    await server.exit();
  }
}

for (const client of ["nc", "ncat"]) {
  for (const [closing, key] of [["stop", "C-d"], ["stop", "C-c"], ["exit", "C-d"]] as const) {
    Deno.test({
      name: `${client} in a terminal: stays after the server closes (${closing}), until ${key}`,
      ignore,
    }, async () => {
      await afterServerCloses(client, closing, async (term) => {
        await term.press(key);
        await term.waitFor((rows) => promptAfter(rows, LAST_LINE[closing]));
      });
    });
  }
}

Deno.test({
  name: "nc in a terminal: after the server closed, the next line typed ends it",
  ignore,
}, async () => {
  await afterServerCloses("nc", "stop", async (term) => {
    await runCommand(term, "alice");
    await term.waitFor((rows) => promptAfter(rows, LAST_LINE.stop));
  });
});

Deno.test({
  name: "ncat in a terminal: after the server closed, a line or two typed end it, broken pipe",
  ignore,
}, async () => {
  await afterServerCloses("ncat", "stop", async (term) => {
    await runCommand(term, "alice");
    await runCommand(term, "alice");
    await term.waitFor((rows) => promptAfter(rows, /^Ncat: Broken pipe\.$/));
  });
});
