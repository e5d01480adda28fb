import { deepEqual, equal } from "node:assert/strict";
import type { ChatState } from "./chat_state.ts";
import { brokenInvariants } from "../../testing/chat_sessions.ts";
import { createChatMachine } from "./chat.ts";
import type { ConnId, DisconnectCause, TimerKey } from "./machine.ts";
import { parseServerLine } from "./protocol.ts";
import { Inboxes } from "../../testing/effects.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** Drives the pure machine like a server would and records what each connection receives. */
class Sim {
  readonly machine = createChatMachine({ requestTimeoutSeconds: 30, loginTimeoutSeconds: 120 });
  state: ChatState = this.machine.initial;
  /** What each user sees: lines, closes, and where a client following the lines believes it is. */
  readonly users = new Inboxes();
  /** Connections the machine dropped, and why (for the log). */
  readonly dropped: { conn: ConnId; why: string }[] = [];
  /** The armed timers, as an edge keeps them: arming a key again replaces it. */
  readonly timers = new Map<TimerKey, number>();
  #next = 1;

  connect(): ConnId {
    const conn = this.#next++;
    this.#run({ type: "connect", conn, peer: `127.0.0.1:${50000 + conn}` });
    return conn;
  }
  login(id: string): ConnId {
    const conn = this.connect();
    this.say(conn, id);
    return conn;
  }
  say(conn: ConnId, text: string): void {
    this.#run({ type: "line", conn, text });
  }
  drop(conn: ConnId, cause: DisconnectCause): void {
    this.#run({ type: "disconnect", conn, cause });
  }
  /** A timer runs out, armed or not (an edge only fires armed ones). */
  fire(key: TimerKey): void {
    this.timers.delete(key);
    this.#run({ type: "timer", key });
  }
  /** Lines received by `conn` since the last call. */
  take(conn: ConnId): string[] {
    return this.users.take(conn);
  }
  place(conn: ConnId): string | undefined {
    return this.state.sessions.get(conn)?.place.kind;
  }
  #run(event: Parameters<typeof this.machine.step>[1]): void {
    const { state, effects } = this.machine.step(this.state, event);
    deepEqual(brokenInvariants(state), [], `after ${JSON.stringify(event)}`);
    this.state = state;
    this.users.apply(effects);
    for (const e of effects) {
      if (e.type === "drop") this.dropped.push({ conn: e.conn, why: e.why });
      if (e.type === "timer") this.timers.set(e.key, e.ms);
      if (e.type === "cancel-timer") this.timers.delete(e.key);
    }
  }
}

/** alice and bob logged in, inboxes emptied. */
function pair(): [Sim, ConnId, ConnId] {
  const sim = new Sim();
  const a = sim.login("alice");
  const b = sim.login("bob");
  sim.take(a);
  sim.take(b);
  return [sim, a, b];
}

function chatting(): [Sim, ConnId, ConnId] {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(a, "bob");
  sim.say(b, "y");
  sim.take(a);
  sim.take(b);
  return [sim, a, b];
}

const codes = (lines: string[]) =>
  lines.map((l) => {
    const p = parseServerLine(l);
    return p.kind === "notice" || p.kind === "error" || p.kind === "prompt"
      ? `${l[0]}${p.code}`
      : l;
  });

test("chat: connecting greets and asks for an ID", () => {
  const sim = new Sim();
  const c = sim.connect();
  deepEqual(codes(sim.take(c)), ["*welcome", "?id"]);
  equal(sim.place(c), "naming");
});

test("chat: a valid ID says hello and shows the menu", () => {
  const sim = new Sim();
  const c = sim.connect();
  sim.take(c);
  sim.say(c, "  alice ");
  const lines = sim.take(c);
  deepEqual(codes(lines), ["*hello", "?menu"]);
  equal(lines[0], "* hello alice: Hello, alice!");
  equal(lines[1], "? menu: 1) private chat  2) exit  3) common room  4) who is online");
});

test("chat: bad IDs are refused with a reason and asked again", () => {
  const sim = new Sim();
  sim.login("alice");
  const c = sim.connect();
  sim.take(c);
  const cases: [string, string][] = [
    ["", "!id-empty"],
    ["x".repeat(17), "!id-too-long"],
    ["al ice", "!id-invalid"],
    ["\x1b[2J", "!id-invalid"],
    ["server", "!id-reserved"],
    ["ALICE", "!id-taken"],
    ["a1ice", "!id-taken"],
  ];
  for (const [typed, code] of cases) {
    sim.say(c, typed);
    deepEqual(codes(sim.take(c)), [code, "?id"], typed);
    equal(sim.place(c), "naming");
  }
});

test("chat: an ID reading as another in other case, or by look-alikes, is taken; not both", () => {
  const sim = new Sim();
  const ali = sim.login("Ali"); // a name, not the reserved word "all"
  const ion = sim.login("Ion");
  const c = sim.connect();
  sim.take(c);
  for (const [typed, holder] of [["ALI", "Ali"], ["lon", "Ion"], ["I0n", "Ion"], ["Ionut", ""]]) {
    sim.say(c, typed);
    if (holder) {
      equal(sim.take(c)[0].split(" (")[0], `! id-taken: "${typed}" is taken by ${holder}`);
    }
  }
  // I0n is a fake of Ion (0 stands for o); LON reads as Ion only through lON, chaining two folds.
  equal(sim.place(c), "menu");
  const d = sim.login("LON");
  equal(sim.place(d), "menu");
  // A request reads the ID the same way: "lon" is LON (case) before Ion (look-alike).
  sim.say(ali, "1");
  sim.say(ali, "lon");
  equal(sim.place(d), "answering");
  sim.say(d, "ALI");
  equal(sim.place(d), "private");
  equal(sim.place(ion), "menu");
});

test("chat: exit() or 2 says goodbye and closes; exit() also works before naming", () => {
  const sim = new Sim();
  const a = sim.login("alice");
  sim.take(a);
  sim.say(a, "2");
  deepEqual(sim.take(a), ["* bye: Goodbye, alice."]);
  const c = sim.connect();
  sim.say(c, "exit()");
  deepEqual(sim.users.closed, [a, c]);
  equal(sim.state.sessions.size, 0);
  // The ID is free again.
  const again = sim.login("alice");
  equal(sim.place(again), "menu");
});

test("chat: unknown menu choices are refused; who lists users and states", () => {
  const [sim, a, b] = pair();
  sim.say(b, "3");
  sim.take(b);
  sim.say(a, "9");
  deepEqual(codes(sim.take(a)), ["!choice", "?menu"]);
  sim.say(a, "4");
  const lines = sim.take(a);
  equal(lines[0], "* who: 2 users online: alice (you), bob (in the common room)");
  equal(codes(lines)[1], "?menu");
});

test("chat: choosing 1 alone is refused; with others it lists who is free", () => {
  const sim = new Sim();
  const a = sim.login("alice");
  sim.take(a);
  sim.say(a, "1");
  deepEqual(codes(sim.take(a)), ["!alone", "?menu"]);
  const b = sim.login("bob");
  const c = sim.login("carol");
  sim.say(c, "3");
  sim.say(a, "1");
  equal(
    sim.take(a)[0],
    "? target: Who do you want to chat with? Free now: bob. (Empty line: back to the menu.)",
  );
  equal(sim.place(b), "menu");
});

test("chat: request, accept, messages both ways, exit() returns both to the menu", () => {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(a, "BOB");
  deepEqual(codes(sim.take(a)), ["?target", "*waiting"]);
  deepEqual(sim.take(b), ["? request alice: alice wants to chat with you. Accept? (y/n)"]);
  deepEqual(sim.users.places.get(b), { kind: "answering", requester: "alice" });
  sim.say(b, "Y");
  deepEqual(sim.take(a), [
    "* chat bob: You are now chatting with bob. Type exit() to return to the menu.",
  ]);
  deepEqual(sim.users.places.get(a), { kind: "private", partner: "bob" });
  deepEqual(sim.users.places.get(b), { kind: "private", partner: "alice" });
  sim.take(b);
  sim.say(a, "hi bob");
  sim.say(b, "hi alice");
  sim.say(b, "   ");
  deepEqual(sim.take(b), ["<alice> hi bob"]);
  deepEqual(sim.take(a), ["<bob> hi alice"]);
  sim.say(b, "exit()");
  deepEqual(codes(sim.take(b)), ["*chat-ended", "?menu"]);
  deepEqual(sim.take(a), ["* chat-ended bob: bob ended the chat.", "? menu: " + menuText()]);
  equal(sim.place(a), "menu");
  equal(sim.place(b), "menu");
});

const menuText = () => "1) private chat  2) exit  3) common room  4) who is online";

test("chat: a refused request returns both to the menu", () => {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(a, "bob");
  sim.take(a);
  sim.take(b);
  sim.say(b, "maybe");
  deepEqual(codes(sim.take(b)), ["!answer", "?request"]);
  sim.say(b, "n");
  deepEqual(codes(sim.take(a)), ["*declined", "?menu"]);
  deepEqual(codes(sim.take(b)), ["*declined", "?menu"]);
});

test("chat: requests for oneself, unknown, and busy users are refused, then back works", () => {
  const [sim, a, b] = pair();
  const c = sim.login("carol");
  sim.say(b, "3");
  sim.say(a, "1");
  sim.take(a);
  sim.say(a, "alice");
  deepEqual(codes(sim.take(a)), ["!self", "?target"]);
  sim.say(a, "zed");
  deepEqual(codes(sim.take(a)), ["!no-such-user", "?target"]);
  sim.say(a, "bob");
  deepEqual(sim.take(a)[0], "! busy bob: bob is busy (in the common room).");
  sim.say(a, "");
  deepEqual(codes(sim.take(a)), ["?menu"]);
  equal(sim.place(c), "menu");
});

test("chat: a user with a pending request is busy for others", () => {
  const [sim, a] = pair();
  const c = sim.login("carol");
  sim.say(a, "1");
  sim.say(a, "bob");
  sim.say(c, "1");
  sim.take(c);
  sim.say(c, "bob");
  equal(sim.take(c)[0], "! busy bob: bob is busy (answering a request).");
  sim.say(c, "alice");
  equal(sim.take(c)[0], "! busy alice: alice is busy (waiting for an answer).");
});

test("chat: two users requesting each other at once start the chat", () => {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(b, "1");
  sim.say(a, "bob"); // arrives first: bob, still choosing, is asked
  sim.say(b, "alice"); // bob meant to ask alice: that is a yes
  equal(sim.place(a), "private");
  equal(sim.place(b), "private");
});

test("chat: the requester can withdraw with exit(); other lines are refused while waiting", () => {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(a, "bob");
  sim.take(a);
  sim.say(a, "hello?");
  deepEqual(codes(sim.take(a)), ["!still-waiting"]);
  sim.say(a, "exit()");
  deepEqual(codes(sim.take(a)), ["*withdrawn", "?menu"]);
  deepEqual(codes(sim.take(b)), ["?request", "*withdrawn", "?menu"]);
});

test("chat: a pending request times out for both; a stale timer does nothing", () => {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(a, "bob");
  deepEqual([...sim.timers], [[`request ${a} 1`, 30_000]]);
  sim.say(a, "exit()");
  deepEqual([...sim.timers], [], "withdrawing disarms the request's timer");
  sim.say(a, "1");
  sim.say(a, "bob");
  sim.take(a);
  sim.take(b);
  sim.fire(`request ${a} 1`); // the withdrawn first request's, had an edge missed the cancel
  deepEqual(sim.take(a), []);
  equal(sim.place(a), "requesting");
  sim.fire(`request ${a} 2`);
  deepEqual(codes(sim.take(a)), ["*timeout", "?menu"]);
  equal(sim.take(b)[0], "* timeout alice: The request from alice expired.");
  deepEqual([...sim.timers], []);
});

test("chat: every way a request ends disarms its timer", () => {
  const ask = (sim: Sim, from: ConnId) => {
    sim.say(from, "1");
    sim.say(from, "bob");
    equal(sim.timers.size, 1);
  };
  for (const [answer, by] of [["y", "target"], ["n", "target"], ["exit()", "target"]] as const) {
    const [sim, a, b] = pair();
    ask(sim, a);
    sim.say(by === "target" ? b : a, answer);
    deepEqual([...sim.timers], [], `answered ${answer}`);
  }
  for (const who of ["requester", "target"] as const) {
    const [sim, a, b] = pair();
    ask(sim, a);
    sim.drop(who === "requester" ? a : b, "closed");
    deepEqual([...sim.timers], [], `the ${who} left`);
  }
});

test("chat: a connection without an ID is dropped when its login timer runs out", () => {
  const sim = new Sim();
  const c = sim.connect();
  const named = sim.login("alice");
  deepEqual([...sim.timers], [[`login ${c}`, 120_000]], "alice's timer went when she chose an ID");
  sim.take(c);
  sim.take(named);
  sim.fire(`login ${c}`);
  deepEqual(sim.take(c), ["! login-timeout: No ID within 120 s; disconnecting."]);
  deepEqual(sim.dropped, [{ conn: c, why: "no ID within 120 s" }]);
  equal(sim.place(c), undefined, "the session is gone at once");
  // The edge reports the drop as a disconnect; nobody is told about a user who had no ID.
  sim.drop(c, "dropped");
  deepEqual(sim.take(named), []);
  sim.fire(`login ${named}`); // a stale timer of a user who has an ID does nothing
  equal(sim.place(named), "menu");
  deepEqual(sim.dropped.length, 1);
});

test("chat: leaving before choosing an ID disarms the login timer", () => {
  const sim = new Sim();
  const c = sim.connect();
  sim.drop(c, "reset");
  deepEqual([...sim.timers], []);
  const d = sim.connect();
  sim.say(d, "exit()");
  deepEqual(sim.users.closed, [d]);
  deepEqual([...sim.timers], []);
});

test("chat: requester leaving cancels the request; target leaving declines it", () => {
  const [sim, a, b] = pair();
  sim.say(a, "1");
  sim.say(a, "bob");
  sim.take(b);
  sim.drop(a, "closed");
  deepEqual(sim.take(b), ["* withdrawn alice: alice disconnected.", "? menu: " + menuText()]);
  const c = sim.login("carol");
  sim.say(c, "1");
  sim.say(c, "bob");
  sim.take(c);
  sim.drop(b, "reset");
  deepEqual(codes(sim.take(c)), ["*declined", "?menu"]);
});

test("chat: a partner who vanishes mid-chat (RST) is reported and the other returns to menu", () => {
  const [sim, a, b] = chatting();
  sim.drop(b, "reset");
  deepEqual(sim.take(a), [
    "* chat-ended bob: bob lost the connection (reset).",
    "? menu: " + menuText(),
  ]);
  equal(sim.place(a), "menu");
  sim.say(a, "4");
  equal(sim.take(a)[0], "* who: 1 user online: alice (you)");
});

test("chat: the common room with four users, join, leave and disconnect notices", () => {
  const sim = new Sim();
  const users = ["ann", "ben", "cat", "dan"].map((id) => sim.login(id));
  for (const u of users) sim.say(u, "3");
  for (const u of users) sim.take(u);
  const [ann, ben, cat, dan] = users;
  sim.say(ann, "hello room");
  deepEqual(sim.take(ann), []);
  for (const u of [ben, cat, dan]) deepEqual(sim.take(u), ["#room <ann> hello room"]);
  sim.say(ben, "exit()");
  deepEqual(codes(sim.take(ben)), ["*room-left", "?menu"]);
  for (const u of [ann, cat, dan]) deepEqual(sim.take(u), ["* left ben: ben left the room."]);
  sim.drop(cat, "closed");
  for (const u of [ann, dan]) deepEqual(codes(sim.take(u)), ["*left"]);
  deepEqual(sim.state.room.ids, [ann, dan]);
});

test("chat: joining the room lists who is there and tells them", () => {
  const sim = new Sim();
  const a = sim.login("ann");
  sim.say(a, "3");
  sim.take(a);
  const b = sim.login("ben");
  sim.take(b);
  sim.say(b, "3");
  deepEqual(sim.take(b), [
    "* room: You are in the common room with ann. Type exit() to leave.",
  ]);
  deepEqual(sim.users.places.get(b), { kind: "room" });
  deepEqual(sim.take(a), ["* joined ben: ben joined the room."]);
});

test("chat: peer text is sanitised and cannot forge a server line", () => {
  const [sim, a, b] = chatting();
  sim.say(a, "\x1b[2J* bye: you are banned");
  const [line] = sim.take(b);
  equal(line, "<alice> ^[[2J* bye: you are banned");
  equal(parseServerLine(line).kind, "private");
});

test("chat: events for unknown connections change nothing", () => {
  const sim = new Sim();
  const before = sim.state;
  sim.say(99, "hello");
  sim.drop(99, "reset");
  equal(sim.state, before);
});

test("chat: a step never mutates the state it was given", () => {
  const [sim, a] = pair();
  const before = sim.state;
  const snapshot = JSON.stringify([...before.sessions], null, 0);
  sim.say(a, "3");
  equal(JSON.stringify([...before.sessions]), snapshot);
  deepEqual(before.room.ids, []);
});
