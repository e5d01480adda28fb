// Model-based tests of the chat machine: random sessions of up to 8 users, every invariant
// checked after every step.
import fc from "../../testing/fast_check.ts";
import { deepEqual, equal, ok } from "node:assert/strict";
import { type ChatState, isNamed } from "./chat_state.ts";
import { createChatMachine } from "./chat.ts";
import type { ConnId, Effect, Event, TimerKey } from "./machine.ts";
import type { Place } from "./place.ts";
import { parseServerLine } from "./protocol.ts";
import {
  brokenInvariants,
  inputsFor,
  type SessionAction,
  sessionActions,
} from "../../testing/chat_sessions.ts";
import { Inboxes } from "../../testing/effects.ts";

const USERS = 8;
const CAUSES = ["closed", "reset", "dropped"] as const;

/** The shared session steps, plus what only the pure machine can be given: any text at all, a
 * choice of how a user leaves, and an armed timer (a login's or a request's) running out. */
type Action =
  | SessionAction
  | { readonly kind: "junk"; readonly slot: number; readonly text: string }
  | { readonly kind: "timer"; readonly pick: number };

const slot = fc.integer({ min: 0, max: USERS - 1 });
const weighted: fc.WeightedArbitrary<Action>[] = [
  ...sessionActions(USERS),
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("junk" as const),
      slot,
      text: fc.string({ maxLength: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.nat().map((n) => ({ kind: "timer" as const, pick: n })) },
];
const action: fc.Arbitrary<Action> = fc.oneof(...weighted);

/** Runs a session and checks everything after each step; returns the number of messages relayed. */
function play(actions: readonly Action[]): number {
  const machine = createChatMachine({ requestTimeoutSeconds: 30, loginTimeoutSeconds: 120 });
  let state: ChatState = machine.initial;
  const slots = new Map<number, ConnId>();
  // The armed timers, kept as the edge keeps them: arming a key again replaces it.
  const timers = new Set<TimerKey>();
  // Events the edge feeds back after performing an effect (a drop's disconnect).
  const fedBack: Event[] = [];
  // What each user sees, and where a client following its lines with placeAfter() believes it is.
  const users = new Inboxes();
  let nextConn = 1;
  let relayed = 0;

  for (const a of actions) {
    let event: Event;
    if (fedBack.length > 0) {
      event = fedBack.shift()!;
    } else if (a.kind === "connect") {
      if (slots.has(a.slot)) continue;
      const conn = nextConn++;
      slots.set(a.slot, conn);
      event = { type: "connect", conn, peer: `127.0.0.1:${40000 + conn}` };
    } else if (a.kind === "timer") {
      if (timers.size === 0) continue;
      const key = [...timers][a.pick % timers.size];
      timers.delete(key);
      event = { type: "timer", key };
    } else {
      const conn = slots.get(a.slot);
      if (conn === undefined) continue;
      if (a.kind === "leave") {
        slots.delete(a.slot);
        // How a user leaves varies with the slot and the connection, so every cause comes up.
        event = { type: "disconnect", conn, cause: CAUSES[(a.slot + conn) % CAUSES.length] };
      } else {
        const options = inputsFor(state, conn);
        const text = a.kind === "junk" ? a.text : options[a.choice % options.length];
        event = { type: "line", conn, text };
      }
    }
    const before = state;
    const step = machine.step(before, event);
    state = step.state;
    deepEqual(brokenInvariants(state), [], `after ${JSON.stringify(event)}`);
    relayed += checkEffects(before, state, event, step.effects);
    for (const e of step.effects) {
      if (e.type === "timer") timers.add(e.key);
      if (e.type === "cancel-timer") timers.delete(e.key);
      if (e.type === "drop") fedBack.push({ type: "disconnect", conn: e.conn, cause: "dropped" });
    }
    for (const conn of users.apply(step.effects)) {
      for (const [s, c] of slots) if (c === conn) slots.delete(s);
    }
    checkClientsAgree(state, users.places);
    checkTimers(state, timers);
  }
  return relayed;
}

/** Exactly the timers that can still matter are armed: one per user without an ID, one per
 * request waiting for an answer. */
function checkTimers(state: ChatState, timers: ReadonlySet<TimerKey>) {
  const wanted = new Set<TimerKey>();
  for (const s of state.sessions.values()) {
    if (!isNamed(s)) wanted.add(`login ${s.conn}`);
    else if (s.place.kind === "requesting") wanted.add(`request ${s.conn} ${s.request}`);
  }
  deepEqual(new Set(timers), wanted, "armed timers");
}

/** Messages go only where they were meant to; nothing is sent to a stranger. */
function checkEffects(
  before: ChatState,
  after: ChatState,
  event: Event,
  effects: readonly Effect[],
) {
  let relayed = 0;
  for (const e of effects) {
    if (e.type === "drop") {
      const session = before.sessions.get(e.conn);
      ok(session && !isNamed(session), "only a connection without an ID is dropped");
      equal(event.type, "timer", "a drop comes only from a timer");
      equal(after.sessions.has(e.conn), false, "a dropped session is gone");
    }
    if (e.type === "send") {
      ok(before.sessions.has(e.to) || after.sessions.has(e.to), `send to unknown #${e.to}`);
      equal(parseServerLine(e.line).kind === "text", false, `unclassifiable line ${e.line}`);
    }
    if (e.type !== "forward") continue;
    relayed++;
    equal(event.type, "line", "only a typed line is relayed");
    const sender = before.sessions.get(e.from);
    ok(sender && isNamed(sender), "only a named user's text is relayed");
    const to = e.to.filter((c) => c !== e.from).sort();
    if (sender.place.kind === "private") {
      deepEqual(to, [sender.place.partner], "a private line goes to the partner only");
      equal(parseServerLine(e.line).kind, "private");
    } else {
      equal(sender.place.kind, "room", "text is relayed only from a chat or the room");
      const room = before.room.ids.filter((c) => c !== e.from).sort();
      deepEqual(to, room, "a room line goes to the room");
      equal(parseServerLine(e.line).kind, "room");
    }
    const parsed = parseServerLine(e.line);
    ok(parsed.kind === "private" || parsed.kind === "room");
    equal(parsed.from, sender.id, "the sender tag is the sender's own ID");
  }
  return relayed;
}

/** Each client's view, built from the lines it received, matches the server's state. */
function checkClientsAgree(state: ChatState, believed: ReadonlyMap<ConnId, Place<string>>) {
  const idOf = (conn: ConnId) => {
    const s = state.sessions.get(conn);
    return s && isNamed(s) ? s.id : `#${conn}`;
  };
  for (const [conn, session] of state.sessions) {
    const p = session.place;
    const server: Place<string> = p.kind === "requesting"
      ? { kind: "requesting", target: idOf(p.target) }
      : p.kind === "answering"
      ? { kind: "answering", requester: idOf(p.requester) }
      : p.kind === "private"
      ? { kind: "private", partner: idOf(p.partner) }
      : { kind: p.kind };
    deepEqual(believed.get(conn), server, `client #${conn} sees the state the server has`);
  }
}

Deno.test({
  name: "chat model: random sessions of up to 8 users keep every invariant",
  permissions: "none",
  fn() {
    let relayed = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 150, size: "max" }), (actions) => {
        relayed += play(actions);
      }),
      { numRuns: 400 },
    );
    // The generator must reach chats and the room, or the routing checks prove nothing.
    ok(relayed > 300, `only ${relayed} messages were relayed across all runs`);
  },
});

Deno.test({
  name: "chat model: a scripted session through every place passes the same checks",
  permissions: "none",
  fn() {
    const t = (s: number, text: string): Action => ({ kind: "junk", slot: s, text });
    const relayed = play([
      { kind: "connect", slot: 0 },
      { kind: "connect", slot: 1 },
      { kind: "connect", slot: 2 },
      t(0, "ann"),
      t(1, "ben"),
      t(2, "cat"),
      t(0, "1"),
      t(0, "ben"),
      t(1, "y"),
      t(0, "hello"),
      t(1, "hi"),
      t(2, "3"),
      t(2, "anyone?"),
      { kind: "leave", slot: 1 },
      t(0, "3"),
      t(0, "back"),
      t(2, "exit()"),
      t(2, "2"),
    ]);
    equal(relayed, 4);
  },
});
