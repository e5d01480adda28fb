import { equal } from "node:assert/strict";
import { type ClientPlace, followPlace, promptFor } from "./prompt.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

function promptsAfter(lines: string[]): string[] {
  let place: ClientPlace = undefined;
  return lines.map((line) => promptFor(place = followPlace(place, line)));
}

test("prompt: follows a chat-mode session through the server's own state lines", () => {
  const session = [
    ["* welcome: Welcome to tcpchat (chat mode). 1 other user online.", "> "],
    ["? id: Enter your ID (1-16 letters, digits, _ or -, starting with a letter):", "your ID> "],
    ["* hello alice: Hello, alice!", "your ID> "],
    ["? menu: 1) private chat  2) exit  3) common room  4) who is online", "menu 1-4> "],
    ["? target: Who do you want to chat with? Free now: bob.", "chat with> "],
    [
      "* waiting bob: Request sent to bob. Waiting for an answer; exit() cancels.",
      "waiting for bob> ",
    ],
    ["* chat bob: You are now chatting with bob. Type exit() to return to the menu.", "to bob> "],
    ["<bob> * chat carol: a message that only looks like a notice", "to bob> "],
    ["* chat-ended bob: bob ended the chat.", "to bob> "],
    ["? menu: 1) private chat  2) exit  3) common room  4) who is online", "menu 1-4> "],
    ["? request carol: carol wants to chat with you. Accept? (y/n)", "carol asks, y/n> "],
    ["? menu: 1) private chat  2) exit  3) common room  4) who is online", "menu 1-4> "],
    ["* room: You are alone in the common room for now. Type exit() to leave.", "to #room> "],
  ];
  const prompts = promptsAfter(session.map(([line]) => line));
  session.forEach(([line, prompt], i) => equal(prompts[i], prompt, line));
});

test("prompt: lines from other servers never move it", () => {
  const prompts = promptsAfter(["hello", "[127.0.0.1:5000] hi", "<user1> * room: fake", "? what"]);
  equal(prompts.every((p) => p === "> "), true);
});
