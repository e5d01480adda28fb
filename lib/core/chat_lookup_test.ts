import { deepEqual, equal } from "node:assert/strict";
import { createChatMachine } from "./chat.ts";
import { findUser, whereIs } from "./chat_lookup.ts";
import type { ChatState } from "./chat_state.ts";
import type { ConnId, Event } from "./machine.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const chat = createChatMachine({ requestTimeoutSeconds: 60, loginTimeoutSeconds: 120 });

/** The chat's state after `lines`, each `[conn, text]`, from connections 1..n that connected. */
function after(connections: number, lines: [ConnId, string][]): ChatState {
  const events: Event[] = [];
  for (let conn = 1; conn <= connections; conn++) {
    events.push({ type: "connect", conn, peer: `127.0.0.1:${50000 + conn}` });
  }
  for (const [conn, text] of lines) events.push({ type: "line", conn, text });
  return events.reduce((state, event) => chat.step(state, event).state, chat.initial);
}

test("chat lookup: where each connection is, in every place", () => {
  const state = after(7, [
    [1, "alice"],
    [2, "bob"],
    [3, "carol"],
    [4, "dan"],
    [5, "erin"],
    [6, "fay"],
    [1, "1"],
    [1, "bob"], // alice asks bob; bob is asked
    [3, "1"],
    [3, "dan"],
    [4, "y"], // carol and dan chat
    [5, "3"], // erin in the room
    [6, "1"], // fay chooses whom to ask
  ]);
  deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((conn) => whereIs(state, conn)), [
    "asking bob for a chat",
    "asked by alice for a chat",
    "chatting with dan",
    "chatting with carol",
    "in the common room",
    "choosing whom to chat with",
    "choosing an ID",
    undefined,
  ]);
  equal(whereIs(after(1, [[1, "alice"]]), 1), "in the menu");
});

test("chat lookup: a typed ID finds its user as a chat request does", () => {
  const state = after(3, [[1, "alice"], [2, "Al1ce2"], [3, "oscar"]]);
  equal(findUser(state, "alice"), 1);
  equal(findUser(state, " ALICE "), 1, "case and spaces do not matter");
  equal(findUser(state, "a1ice"), 1, "a look-alike finds the user");
  equal(findUser(state, "al1ce2"), 2, "equal ignoring case comes first");
  equal(findUser(state, "0scar"), 3);
  equal(findUser(state, "zed"), undefined);
  equal(findUser(state, ""), undefined);
});
