// The terminal client against a line server it does not know: `ncat --chat` (Debian ncat).
import { equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { freePort, missing } from "../testing/tools.ts";

const ignore = await missing("ncat");

/** Starts `ncat --chat` on a free port and resolves once it accepts connections. */
async function startNcatChat(): Promise<{ port: number; child: Deno.ChildProcess }> {
  const port = freePort();
  const child = new Deno.Command("ncat", {
    args: ["-l", "127.0.0.1", String(port), "--chat"],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const deadline = Date.now() + 5000;
  while (true) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return { port, child };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

Deno.test({ name: "client: two of our clients chat through ncat --chat", ignore }, async () => {
  const { port, child } = await startNcatChat();
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
  }
});
