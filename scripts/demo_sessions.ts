/**
 * The fixed sessions `deno task demo` plays, one per server mode. Each shows what the course asks
 * students to find in a capture: several streams at once, data both ways, and every way a TCP
 * connection can end (the client's FIN, the server's FIN, and an RST from a killed client).
 *
 * Every step waits for what it causes (a line a client receives, or a server log line) before
 * the next one, so the session is the same on every run and on any machine.
 *
 * @module
 */

import type { Actor, Stage } from "./demo_stage.ts";

/** A scripted session. */
export type Session = (stage: Stage) => Promise<void>;

/** Connects a chat-mode user and types their ID as it is asked for. */
async function login(stage: Stage, id: string): Promise<Actor> {
  const user = await stage.connect(id);
  await stage.sees(user, /^\? id:/);
  await stage.type(user, id);
  await stage.sees(user, /^\? menu:/);
  return user;
}

/** Chat mode: three users, a refused and an accepted request, a private chat, the room. */
async function chat(stage: Stage): Promise<void> {
  const alice = await login(stage, "alice");
  const bob = await login(stage, "bob");

  const carol = await stage.connectKillable("carol");
  await stage.type(carol, "Alice");
  await stage.logged(/^\[SEND\] .* #3 \S+ \d+ bytes: .*"! id-taken/);
  await stage.pause();
  await stage.type(carol, "carol");
  await stage.logged(/^\[SEND\] .* #3 \S+ carol \d+ bytes: /);
  await stage.pause();

  await stage.type(bob, "4");
  await stage.sees(bob, /^\? menu:/);

  stage.say("alice asks bob for a private chat; bob refuses");
  await stage.type(alice, "1");
  await stage.sees(alice, /^\? target:/);
  await stage.type(alice, "bob");
  await stage.sees(bob, /^\? request alice:/);
  await stage.type(bob, "n");
  await stage.sees(alice, /^\? menu:/);

  stage.say("alice asks carol; carol accepts");
  await stage.type(alice, "1");
  await stage.sees(alice, /^\? target:/);
  await stage.type(alice, "carol");
  await stage.logged(/^\[SEND\] .* #3 \S+ carol \d+ bytes: "\? request alice:/);
  await stage.pause();
  await stage.type(carol, "y");
  await stage.sees(alice, /^\* chat carol:/);

  await stage.type(alice, "hi carol, ready for the lab?");
  await stage.logged(/^\[FWD\] .* #1 \S+ alice -> #3 .*"<alice> hi carol, ready for the lab\?"$/);
  await stage.pause();
  await stage.type(carol, "almost: one more capture");
  await stage.sees(alice, /^<carol> almost: one more capture$/);
  await stage.type(carol, "exit()");
  await stage.sees(alice, /^\? menu:/);

  stage.say("everyone meets in the common room");
  await stage.type(bob, "3");
  await stage.sees(bob, /^\* room:/);
  await stage.type(alice, "3");
  await stage.sees(bob, /^\* joined alice:/);
  await stage.type(carol, "3");
  await stage.sees(alice, /^\* joined carol:/);
  await stage.type(bob, "hello room");
  await stage.sees(alice, /^#room <bob> hello room$/);
  await stage.type(alice, "hi bob, hi carol");
  await stage.sees(bob, /^#room <alice> hi bob, hi carol$/);
  // Killed only once the line reached her: an RST before it would make it never leave the server.
  await stage.sees(carol, /^#room <alice> hi bob, hi carol$/);

  await stage.kill(carol);
  await stage.sees(bob, /^\* left carol:/);

  await stage.type(alice, "exit()");
  await stage.sees(alice, /^\? menu:/);
  await stage.type(alice, "2");
  await stage.sees(alice, /^\* bye:/);
  await stage.closedByServer(alice);

  await stage.close(bob);
}

/** Broadcast mode, the lab's mini chat: every line reaches the other clients as `[ip:port]`. */
async function broadcast(stage: Stage): Promise<void> {
  const first = await stage.connect("first client");
  const second = await stage.connect("second client");
  const third = await stage.connectKillable("third client");

  await stage.type(first, "hello from the first terminal");
  await stage.sees(second, /\] hello from the first terminal$/);
  await stage.type(second, "and back from the second");
  await stage.sees(first, /\] and back from the second$/);
  await stage.sees(third, /\] and back from the second$/);
  await stage.type(third, "third one here");
  await stage.sees(first, /\] third one here$/);
  await stage.sees(second, /\] third one here$/);

  await stage.kill(third);
  await stage.close(first);
  await stage.type(second, "anyone left?");
  await stage.logged(
    /^\[FWD\] .* -> nobody: no other client is connected; not sent: .* anyone left\?"$/,
  );
  await stage.pause();
}

/** Echo mode, the lab's example server: every line comes back to its sender. */
async function echo(stage: Stage): Promise<void> {
  const first = await stage.connect("first client");
  const second = await stage.connect("second client");
  await stage.type(first, "ping");
  await stage.sees(first, /^ping$/);
  await stage.type(second, "hello echo");
  await stage.sees(second, /^hello echo$/);
  await stage.type(first, "one more line");
  await stage.sees(first, /^one more line$/);
  await stage.close(first);
}

/** The session of each mode. A session may leave clients connected: the server's stop ends them. */
export const SESSIONS = { chat, broadcast, echo } as const satisfies Record<string, Session>;
