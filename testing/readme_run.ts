/**
 * Test support: README commands run the way a student runs them, each in a terminal of its own:
 * a server started and stopped with Ctrl+C, a client that must reach the server's first prompt.
 * Both run in a process group of their own (the server's by ServerProcess, the client's by
 * setsid), so Ctrl+C reaches every process the command started (`npx` starts node, which starts
 * deno), as it does in a terminal.
 *
 * @module
 */

import { TestClient } from "./client.ts";
import { ClientProcess } from "./client_process.ts";
import { ServerProcess } from "./process.ts";
import { onPort, shellEnv, signalGroup } from "./readme.ts";

/** What a server command printed, and its exit code after Ctrl+C. */
export interface ServerRun {
  readonly code: number;
  readonly stdout: string[];
}

/** `cd DIR && exec COMMAND`, quoted for bash. */
function inDirectory(dir: string, command: string): string {
  return `cd '${dir.replaceAll("'", `'\\''`)}' && exec ${command}`;
}

/**
 * Starts a README server command with `--port 0` added (never the README's 3333), connects one
 * client, then stops it with Ctrl+C (SIGINT to its process group).
 */
export async function runServerCommand(command: string, dir: string): Promise<ServerRun> {
  if (command.includes("#")) throw new Error(`a server command takes no comment: ${command}`);
  // The live view's port too: `--web 8080` stands for any free port.
  const line = inDirectory(dir, `${onPort(command, 0).replace(/--web 8080\b/, "--web 0")} "$@"`);
  // ServerProcess runs it in a process group of its own already (its pid is the group's id).
  const server = ServerProcess.start(["--port", "0"], {
    program: ["bash", "-c", line, "bash"],
    env: shellEnv(),
  });
  let failure: unknown = null;
  try {
    const port = await server.port();
    await server.waitFor(/^\[INFO\] Server ready/);
    if (/--web\b/.test(command)) {
      // The URL it prints serves the page.
      const url = (await server.waitFor(/^\[INFO\] live view: open /)).split(" ").at(-1)!;
      const page = await fetch(url);
      if (page.status !== 200) throw new Error(`${command}: the live view answered ${page.status}`);
      await page.body?.cancel();
    }
    const client = await TestClient.connect("127.0.0.1", port);
    await server.waitFor(/^\[CONNECT\] /);
    client.close();
    await client.closed;
    await server.waitFor(/^\[DISCONNECT\] /);
  } catch (error) {
    failure = error;
  }
  await signalGroup(server.child.pid, "SIGINT");
  const code = await server.exit();
  if (failure !== null) throw failure;
  return { code, stdout: server.stdout };
}

/** Runs a README client command against `port` until it shows the chat server's `? id:` prompt. */
export async function runClientCommand(command: string, port: number, dir: string): Promise<void> {
  const client = ClientProcess.spawn("setsid", [
    "bash",
    "-c",
    inDirectory(dir, onPort(command, port)),
  ], {
    env: shellEnv(),
  });
  try {
    await client.until(/^\? id: /);
  } finally {
    await signalGroup(client.pid, "SIGTERM");
    await client.exit();
  }
}
