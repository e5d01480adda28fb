// Telnet commands meet the same limits as lines, in a whole server edge on mock connections and a
// fake clock: a client sending commands on and on (and never a line) is limited and dropped as a
// line flooder is, one that never reads the answers is dropped at its queue's bound, and the log
// of a long run of commands stays one short line.
import { deepEqual, equal, match } from "node:assert/strict";
import { EdgeHarness } from "../../testing/edge.ts";
import type { MockConn } from "../../testing/mock_conn.ts";

const [IAC, WILL, DO, NOP, AYT] = [0xff, 0xfb, 0xfd, 0xf1, 0xf6];
const NAWS = 31, ECHO = 1;
const lines = (text: string) => text.split("\n").slice(0, -1);
const here = "* here: Yes, the server is here.";

/** The peer sends `reads` reads, each of `perRead` copies of `command`, one read per `everyMs`. */
async function sendCommands(
  edge: EdgeHarness,
  peer: MockConn,
  command: number[],
  { reads, perRead, everyMs }: { reads: number; perRead: number; everyMs: number },
): Promise<void> {
  const read = new Uint8Array(Array.from({ length: perRead }, () => command).flat());
  for (let i = 0; i < reads && !peer.closed; i++) {
    peer.peerSends(read);
    await edge.clock.tick(everyMs);
  }
}

Deno.test("telnet guard: AYT on and on is answered at the flood rate, warned once, then dropped", async () => {
  const edge = new EdgeHarness([
    ...["--mode", "echo", "--flood-rate", "2", "--flood-burst", "4", "--flood-drop-after", "20"],
  ]);
  const asker = edge.connect();
  const other = edge.connect();
  // Ten AYT a second, each in its own read, for up to 10 s.
  await sendCommands(edge, asker, [IAC, AYT], { reads: 100, perRead: 1, everyMs: 100 });
  equal(asker.closed, true, "dropped");
  const got = lines(asker.writtenText);
  equal(
    got[4],
    "! flood: Slow down: at most 2 lines a second (4 at once); extra lines were dropped.",
  );
  const answers = got.filter((l) => l === here).length;
  // The burst, then two a second for the 5 s the flood must last: never ten a second.
  equal(answers >= 4 + 9 && answers <= 4 + 11, true, `${answers} answers`);
  equal(got.at(-1), "! flood: You kept sending more than 2 lines a second for 5 s; disconnecting.");
  deepEqual(edge.logged("WARN"), [
    "[WARN] #1 127.0.0.1:50001 is flooding: telnet commands over 2/s are not answered",
    "[WARN] #1 127.0.0.1:50001 disconnected: flooding (over 2 lines/s for 5 s, at least 20 refused)",
  ]);
  equal(other.closed, false);
  await edge.stop();
});

Deno.test("telnet guard: negotiation in big reads costs a token a command; a flooder goes", async () => {
  const edge = new EdgeHarness(["--mode", "echo", "--flood-rate", "20", "--flood-burst", "40"]);
  const peer = edge.connect();
  // PuTTY-like opening first: answered.
  peer.peerSends(new Uint8Array([IAC, WILL, NAWS, IAC, DO, ECHO]));
  await edge.settle();
  deepEqual([...peer.writes.at(-1)!], [IAC, 0xfe, NAWS, IAC, 0xfc, ECHO]);
  const answered = peer.writes.length;
  // Then 500 offers and NOPs a read, five reads a second: none answered, dropped after 5 s.
  const pair = [IAC, NOP, IAC, WILL, NAWS];
  await sendCommands(edge, peer, pair, { reads: 60, perRead: 250, everyMs: 200 });
  equal(peer.closed, true, "dropped");
  const after = peer.writes.slice(answered).map((w) => new TextDecoder().decode(w));
  deepEqual(after, [
    "! flood: Slow down: at most 20 lines a second (40 at once); extra lines were dropped.\n",
    "! flood: You kept sending more than 20 lines a second for 5 s; disconnecting.\n",
  ]);
  match(edge.logged("DISCONNECT")[0], /dropped by server: flooding .* after 5\.\d s/);
  await edge.stop();
});

Deno.test("telnet guard: a client that never reads the answers is dropped at its queue's bound", async () => {
  for (const command of [[IAC, AYT], [IAC, WILL, NAWS]]) {
    const edge = new EdgeHarness(["--mode", "echo", "--flood-rate", "0", "--max-queue", "1024"]);
    const peer = edge.connect();
    peer.peerSends("hi\n");
    await edge.settle();
    peer.stopReading();
    // Reads that each call for an answer, none of them read, until the server gives up.
    const read = new Uint8Array(command);
    for (let i = 0; i < 500 && edge.logged("WARN").length === 0; i++) {
      peer.peerSends(read);
      await edge.settle();
    }
    deepEqual(edge.logged("WARN"), [
      "[WARN] #1 127.0.0.1:50001 disconnected: send queue over 1024 bytes (client not reading)",
    ]);
    const sends = edge.logged("SEND").length;
    equal(sends < 1024 / 3 + 2, true, `${sends} answers logged, not a thousand`);
    peer.resumeReading();
    await edge.stop();
  }
});

Deno.test("telnet guard: a long run of commands is one short log line, its byte count exact", async () => {
  const edge = new EdgeHarness(["--mode", "echo", "--flood-rate", "0"]);
  const peer = edge.connect();
  const run = [[IAC, WILL, NAWS], [IAC, DO, ECHO]];
  // 900 bytes: one read.
  peer.peerSends(new Uint8Array(Array.from({ length: 150 }, () => run).flat(2)));
  await edge.settle();
  const peerName = "#1 127.0.0.1:50001";
  const eight = "WILL NAWS, DO ECHO, ".repeat(4);
  deepEqual(edge.logged("RECV"), [
    `[RECV] ${peerName} 900 bytes: telnet 300 commands: ${eight}(292 more)` +
    " (telnet client: each option it asks for is answered; Enter ends each message)",
  ]);
  const eightAnswers = "DONT NAWS, WONT ECHO, ".repeat(4);
  deepEqual(edge.logged("SEND"), [
    `[SEND] ${peerName} 900 bytes: telnet 300 commands: ${eightAnswers}(292 more)`,
  ]);
  await edge.stop();
});
