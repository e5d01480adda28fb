// The terminal client against a line server it does not know: `ncat --chat` (Debian ncat).
import { equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { ChildOutput } from "../testing/process.ts";
import { freePort, missing } from "../testing/tools.ts";
import { firstMatch } from "../testing/wait_until.ts";

const ignore = await missing("ncat");

/** Starts `ncat --chat` on a free port and resolves once it says it is listening. */
async function startNcatChat() {
  const port = freePort();
  const child = new Deno.Command("ncat", {
    args: ["-v", "-l", "127.0.0.1", String(port), "--chat"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // With -v, ncat says when it listens (and then who connects: the output keeps being read).
  const output = new ChildOutput(child);
  await output.wait(firstMatch(output.stderr, /^Ncat: Listening on /), "ncat to listen");
  return { port, child, output };
}

Deno.test({ name: "client: two of our clients chat through ncat --chat", ignore }, async () => {
  const { port, child, output } = await startNcatChat();
  try {
    const listener = ClientProcess.start(["127.0.0.1", String(port)]);
    await listener.until(/^<announce> already connected/);
    const talker = ClientProcess.start(["127.0.0.1", String(port), "--quiet-time", "200"]);
    await talker.until(/^<announce> already connected/);
    await talker.type("salut prin ncat");
    match(await listener.until(/salut prin ncat/), /^<user\d+> salut prin ncat$/);
    await talker.endInput();
    equal(await talker.exit(), 0);
    // When the server goes away, the client says so and exits 0.
    child.kill("SIGTERM");
    equal(await listener.exit(), 0);
  } finally {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already stopped.
    }
    await child.status;
    await output.done;
  }
});
