/**
 * The stage a scripted demo session plays on: a real server process, real clients, a narration
 * that prints each step followed by the server log lines it caused, and a pause between steps so
 * that the traffic is easy to follow in Wireshark.
 *
 * Clients are raw sockets (`TestClient`, which sees FIN and RST apart) and, for a client that is
 * killed, a peer whose end is an RST (`lib/net/reset_peer.ts`): Deno's own close always sends a
 * FIN. Every client is Deno's own: the demo needs nothing else installed.
 *
 * @module
 */

import { TestClient } from "../testing/client.ts";
import type { ServerProcess } from "../testing/process.ts";
import { ResetPeer } from "../lib/net/reset_peer.ts";

/** How long one step may wait for what it expects before the demo gives up. */
const STEP_WAIT_MS = 10_000;
const encoder = new TextEncoder();

/** A client with a name the narration uses. */
export interface Actor {
  readonly name: string;
  readonly client: TestClient;
}

/** A client that can only type and be killed (it ends with an RST). */
export interface Killable {
  readonly name: string;
  readonly peer: ResetPeer;
}

/** Everything a session script can do. */
export class Stage {
  readonly #server: ServerProcess;
  readonly #hostname: string;
  readonly #port: number;
  readonly #pauseMs: number;
  readonly #write: (text: string) => void;
  readonly #actors: Actor[] = [];
  readonly #killables: Killable[] = [];
  #printed = 0;

  constructor(
    server: ServerProcess,
    where: { hostname: string; port: number },
    pauseMs: number,
    write: (text: string) => void = (text) => Deno.stdout.writeSync(encoder.encode(text)),
  ) {
    this.#server = server;
    this.#hostname = where.hostname;
    this.#port = where.port;
    this.#pauseMs = pauseMs;
    this.#write = write;
  }

  /** Prints a step of the story. */
  say(text: string): void {
    this.#write(`\n── ${text}\n`);
  }

  /** Lets the traffic settle for the reader, then prints the log lines that came meanwhile. */
  async pause(): Promise<void> {
    if (this.#pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#pauseMs));
    this.showLog();
  }

  /** Prints server log lines not printed yet. */
  showLog(): void {
    const lines = this.#server.stdout.slice(this.#printed);
    this.#printed += lines.length;
    if (lines.length > 0) this.#write(lines.map((line) => `   ${line}\n`).join(""));
  }

  /** Waits for the server to log a line matching `pattern` (the first such line ever logged). */
  logged(pattern: RegExp): Promise<string> {
    return this.#server.waitFor(pattern, STEP_WAIT_MS);
  }

  /** Connects a raw socket client and waits until the server has accepted it. */
  async connect(name: string): Promise<Actor> {
    this.say(`${name} connects`);
    const client = await TestClient.connect(this.#hostname, this.#port);
    await this.#accepted(client.localPort);
    const actor = { name, client };
    this.#actors.push(actor);
    await this.pause();
    return actor;
  }

  /** Connects a client that will be killed later, and waits until the server has accepted it. */
  async connectKillable(name: string): Promise<Killable> {
    this.say(`${name} connects (a client that will be killed, so its end is an RST)`);
    const peer = await ResetPeer.connect(this.#hostname, this.#port);
    await this.#accepted(peer.localPort);
    const killable = { name, peer };
    this.#killables.push(killable);
    await this.pause();
    return killable;
  }

  /** `who` types `text` and Enter. */
  async type(who: Actor | Killable, text: string): Promise<void> {
    this.say(`${who.name} types ${JSON.stringify(text)}`);
    if ("client" in who) who.client.send(text);
    else await who.peer.type(text);
  }

  /** Waits until `who` has received a line matching `pattern`; returns it. */
  async sees(who: Actor | Killable, pattern: RegExp): Promise<string> {
    const line = "client" in who
      ? await who.client.until(pattern, STEP_WAIT_MS)
      : await who.peer.until(pattern, STEP_WAIT_MS);
    await this.pause();
    return line;
  }

  /** Kills a client: its connection ends with an RST. Waits until the server has seen it. */
  async kill(who: Killable): Promise<void> {
    this.say(`${who.name} is killed: its socket is reset (RST), not closed`);
    await who.peer.reset();
    this.#killables.splice(this.#killables.indexOf(who), 1);
    await this.logged(
      new RegExp(`^\\[DISCONNECT\\] .* #\\d+ \\S+:${who.peer.localPort} reset by peer \\(RST\\)`),
    );
    await this.pause();
  }

  /** `who` closes its socket (FIN) and the server sees it. */
  async close(who: Actor): Promise<void> {
    this.say(`${who.name} closes the connection (FIN)`);
    this.#actors.splice(this.#actors.indexOf(who), 1);
    who.client.close();
    await who.client.closed;
    await this.logged(
      new RegExp(
        `^\\[DISCONNECT\\] .* #\\d+ \\S+:${who.client.localPort} closed by peer \\(FIN\\)`,
      ),
    );
    await this.pause();
  }

  /** Waits until the server has closed `who`'s connection, and says how it looked. */
  async closedByServer(who: Actor): Promise<void> {
    const end = await who.client.ended(STEP_WAIT_MS);
    if (end !== "fin") throw new Error(`${who.name}'s connection ended with an RST, not a FIN`);
    this.#actors.splice(this.#actors.indexOf(who), 1);
    await this.logged(new RegExp(`^\\[DISCONNECT\\] .* #\\d+ \\S+:${who.client.localPort} closed`));
    await this.pause();
  }

  /** After the server was told to stop: waits for every client still connected to see its FIN. */
  async serverStopped(): Promise<void> {
    for (const who of this.#actors) {
      await who.client.until(/^\* stopping: /, STEP_WAIT_MS);
      const end = await who.client.ended(STEP_WAIT_MS);
      if (end !== "fin") throw new Error(`${who.name}'s connection ended with an RST, not a FIN`);
      who.client.close();
    }
  }

  /** Waits for the server's `[CONNECT]` line about the client on `localPort`. */
  async #accepted(localPort: number): Promise<void> {
    await this.logged(new RegExp(`^\\[CONNECT\\] .* New client #\\d+ \\S+:${localPort} `));
  }

  /** Closes every client still open (a demo that failed midway leaves nothing behind). */
  async cleanUp(): Promise<void> {
    for (const { client } of this.#actors) client.close();
    await Promise.allSettled(this.#actors.map(({ client }) => client.closed));
    await Promise.allSettled(this.#killables.map(({ peer }) => peer.reset()));
  }
}
