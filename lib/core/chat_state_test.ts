// What the chat state's representation costs: the room and the count of users online.
import { deepEqual, equal, notEqual, ok } from "node:assert/strict";
import type { ChatState } from "./chat_state.ts";
import { createChatMachine, MAX_LISTED_USERS } from "./chat.ts";
import type { ConnId, Effect, Event } from "./machine.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** The pure machine and the effects of its last step. */
class Chat {
  readonly machine = createChatMachine({ requestTimeoutSeconds: 30, loginTimeoutSeconds: 120 });
  state: ChatState = this.machine.initial;
  effects: readonly Effect[] = [];

  step(event: Event): readonly Effect[] {
    ({ state: this.state, effects: this.effects } = this.machine.step(this.state, event));
    return this.effects;
  }
  connect(conn: ConnId): readonly Effect[] {
    return this.step({ type: "connect", conn, peer: `127.0.0.1:${50000 + conn}` });
  }
  say(conn: ConnId, text: string): readonly Effect[] {
    return this.step({ type: "line", conn, text });
  }
  /** The recipients of the room line `conn` types. */
  roomLine(conn: ConnId): readonly ConnId[] {
    const [forward] = this.say(conn, "hello room");
    if (forward?.type !== "forward") throw new Error(`no room line: ${JSON.stringify(forward)}`);
    return forward.to;
  }
}

/** Users in the room, one by one. */
const ROOM = 200;

test("chat room: joins and leaves copy O(1) room entries each, not the whole room", () => {
  const chat = new Chat();
  for (let conn = 1; conn <= ROOM; conn++) {
    chat.connect(conn);
    chat.say(conn, `user${conn}`);
  }
  const start = chat.state.room.copiedEntries;
  for (let conn = 1; conn <= ROOM; conn++) {
    const effects = chat.say(conn, "3");
    // Each join still tells every member: one notice each, which the protocol asks for.
    equal(effects.filter((e) => e.type === "send").length, conn);
  }
  equal(chat.state.room.size, ROOM);
  // Copying the room on every join would copy 0 + 1 + ... + 199 = 19,900 entries.
  equal(chat.state.room.copiedEntries - start, 0, "joins copy nothing");
  const joined = chat.state.room.copiedEntries;
  for (let conn = 1; conn <= ROOM; conn++) chat.say(conn, "exit()");
  equal(chat.state.room.size, 0);
  // Leaving compacts the table now and then (when the departed outnumber the members): at
  // most ROOM entries in all, against 19,900 for a copy on every leave.
  ok(chat.state.room.copiedEntries - joined <= ROOM, `${chat.state.room.copiedEntries - joined}`);
});

test("chat room: a room line's recipients are one array, reused until someone joins or leaves", () => {
  const chat = new Chat();
  for (let conn = 1; conn <= ROOM; conn++) {
    chat.connect(conn);
    chat.say(conn, `user${conn}`);
    chat.say(conn, "3");
  }
  const before = chat.state.room.copiedEntries;
  const to = chat.roomLine(1);
  equal(to.length, ROOM);
  equal(chat.state.room.copiedEntries - before, ROOM, "the array is built once");
  // Lines, logins and the menu outside the room change nothing in it: the same array.
  equal(chat.roomLine(2), to);
  chat.connect(ROOM + 1);
  chat.say(ROOM + 1, "late");
  chat.say(ROOM + 1, "4");
  equal(chat.roomLine(ROOM), to);
  equal(chat.state.room.copiedEntries - before, ROOM, "and never again");
  // A join is a new version of the room, with an array of its own. The newcomer hears of the
  // first MAX_LISTED_USERS members, in the order they joined.
  const [room] = chat.say(ROOM + 1, "3").filter((e) => e.type === "send" && e.to === ROOM + 1);
  const listed = Array.from({ length: MAX_LISTED_USERS }, (_, i) => `user${i + 1}`).join(", ");
  deepEqual(room, {
    type: "send",
    to: ROOM + 1,
    line: `* room: You are in the common room with ${listed}. Type exit() to leave.`,
  });
  const joined = chat.roomLine(1);
  notEqual(joined, to);
  deepEqual(joined, [...to, ROOM + 1]);
  deepEqual(to.length, ROOM, "the old array stays as it was");
});

test("chat: the welcome counts the users with an ID, not connections still choosing one", () => {
  const chat = new Chat();
  const welcome = (conn: ConnId) => {
    const [first] = chat.connect(conn);
    return first?.type === "send" ? first.line : "";
  };
  equal(welcome(1), "* welcome: Welcome to tcpchat (chat mode). 0 other users online.");
  chat.say(1, "ann");
  equal(welcome(2), "* welcome: Welcome to tcpchat (chat mode). 1 other user online.");
  equal(welcome(3), "* welcome: Welcome to tcpchat (chat mode). 1 other user online.");
  chat.say(3, "cat");
  chat.say(1, "2");
  equal(welcome(4), "* welcome: Welcome to tcpchat (chat mode). 1 other user online.");
  chat.say(2, "ben");
  chat.step({ type: "disconnect", conn: 4, cause: "reset" });
  equal(welcome(5), "* welcome: Welcome to tcpchat (chat mode). 2 other users online.");
});
