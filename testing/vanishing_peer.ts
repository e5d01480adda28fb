/**
 * Test support, run as a program inside a network namespace of its own (`unshare -n`, as root):
 * a client whose machine vanishes, as when a laptop is closed or a cable pulled, and the user who
 * comes back for the same ID. `tests/keepalive_test.ts` runs it and reads what it prints.
 *
 * In the namespace: loopback up; keep-alive probes 1 s apart, 3 of them (the namespace's own
 * `tcp_keepalive_intvl` and `tcp_keepalive_probes`), but the idle time before the first probe left
 * at the kernel's 7200 s, so that only the server's own `--keepalive` can start them soon. A server
 * (`deno run main_server.ts` with the arguments given) runs in chat mode; `alice` logs in from
 * 127.0.0.2 and is in a private chat with `bob`; then every packet to 127.0.0.2 is dropped (a
 * blackhole route), so alice's machine answers nothing, not even with an RST. Someone then asks
 * for the ID `alice` every 500 ms until they get it, or {@link GIVE_UP_MS} passes.
 *
 *   unshare -n deno run --allow-all testing/vanishing_peer.ts -- --keepalive 2
 *
 * Prints one JSON object: `{ idleTime, freedAfterMs, bobSaw, disconnect }`.
 *
 * @module
 */

import { connect, type Socket } from "node:net";
import { ServerProcess } from "./process.ts";

/** How long the returning user keeps asking before the run gives up. */
const GIVE_UP_MS = 30_000;
const GHOST = "127.0.0.2";

async function sh(...command: string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command(command[0], {
    args: command.slice(1),
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`${command.join(" ")}: ${new TextDecoder().decode(stderr)}`);
}

/** A line client over node:net, which can choose its own address (`Deno.connect` cannot). */
class LineClient {
  readonly #socket: Socket;
  #text = "";
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      this.#text += text;
      for (const wake of this.#waiters.splice(0)) wake();
    });
    socket.on("error", () => {});
  }

  static open(port: number, localAddress?: string): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port, localAddress });
      socket.once("error", reject);
      socket.once("connect", () => resolve(new LineClient(socket)));
    });
  }

  send(line: string): void {
    this.#socket.write(line + "\n");
  }

  /** The first line received that matches `pattern`, waiting up to `ms`. */
  async until(pattern: RegExp, ms = 10_000): Promise<string> {
    const deadline = Date.now() + ms;
    while (true) {
      const found = this.#text.split("\n").find((l) => pattern.test(l));
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line matching ${pattern} in: ${this.#text}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => (clearTimeout(timer), wake()));
      });
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

async function login(port: number, id: string, localAddress?: string): Promise<LineClient> {
  const client = await LineClient.open(port, localAddress);
  await client.until(/^\? id:/);
  client.send(id);
  await client.until(/^\? menu:/);
  return client;
}

/** Asks for `id` on a new connection; true when the server says hello. */
async function idFree(port: number, id: string): Promise<boolean> {
  const client = await LineClient.open(port);
  try {
    await client.until(/^\? id:/);
    client.send(id);
    const answer = await client.until(/^(\* hello|! )/);
    return answer.startsWith("* hello");
  } finally {
    client.close();
  }
}

async function main(serverArgs: string[]): Promise<void> {
  await sh("ip", "link", "set", "lo", "up");
  await Deno.writeTextFile("/proc/sys/net/ipv4/tcp_keepalive_intvl", "1");
  await Deno.writeTextFile("/proc/sys/net/ipv4/tcp_keepalive_probes", "3");
  const idleTime = Number(await Deno.readTextFile("/proc/sys/net/ipv4/tcp_keepalive_time"));

  await using server = ServerProcess.start(["--port", "0", "--mode", "chat", ...serverArgs]);
  const port = await server.port();
  const bob = await login(port, "bob");
  const alice = await login(port, "alice", GHOST);
  alice.send("1");
  await alice.until(/^\? target:/);
  alice.send("bob");
  await bob.until(/^\? request alice:/);
  bob.send("y");
  await alice.until(/^\* chat bob:/);

  // Alice's machine vanishes: from now on nothing reaches 127.0.0.2, and it sends nothing.
  await sh("ip", "rule", "del", "pref", "0", "lookup", "local");
  await sh("ip", "rule", "add", "pref", "100", "lookup", "local");
  await sh("ip", "rule", "add", "pref", "10", "to", GHOST, "blackhole");
  const vanished = Date.now();
  let freedAfterMs: number | null = null;
  while (Date.now() - vanished < GIVE_UP_MS) {
    if (await idFree(port, "alice")) {
      freedAfterMs = Date.now() - vanished;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const bobSaw = await bob.until(/^\* chat-ended alice:/, 1000).catch(() => null);
  // The log is written in batches: await the line rather than read what has come so far.
  const disconnect = await server.waitFor(/^\[DISCONNECT\] .*127\.0\.0\.2:/, 5000)
    .catch(() => null);
  for (const client of [alice, bob]) client.close();
  console.log(JSON.stringify({ idleTime, freedAfterMs, bobSaw, disconnect }));
}

if (import.meta.main) {
  const dash = Deno.args.indexOf("--");
  await main(dash === -1 ? [] : Deno.args.slice(dash + 1));
}
