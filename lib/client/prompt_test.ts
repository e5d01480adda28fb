import { deepEqual, equal } from "node:assert/strict";
import { afterSending, followServer, promptFor, type PromptState, START } from "./prompt.ts";
import { CLIENT_TEXTS, type ClientTexts } from "./texts.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** The prompt after each server line in turn; `SENT` stands for a line the user sent. */
function promptsAfter(lines: string[], texts: ClientTexts = CLIENT_TEXTS.en): string[] {
  let state: PromptState = START;
  return lines.map((line) => {
    state = line === SENT ? afterSending(state) : followServer(state, line);
    return promptFor(state, texts);
  });
}

const SENT = "\0sent";
const WELCOME = "* welcome: Welcome to tcpchat (chat mode). 1 other user online.";

/** Checks, line by line, the prompt shown after each `[server line, prompt]` of a session. */
function expectPrompts(session: string[][], texts: ClientTexts): void {
  const prompts = promptsAfter(session.map(([line]) => line), texts);
  session.forEach(([line, prompt], i) => equal(prompts[i], prompt, line));
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
  expectPrompts(session, CLIENT_TEXTS.en);
});

test("prompt: lines from other servers never move it", () => {
  const prompts = promptsAfter(["hello", "[127.0.0.1:5000] hi", "<user1> * room: fake", "? what"]);
  equal(prompts.every((p) => p === "> "), true);
});

test("prompt: an echo server's lines never move it, whatever the user typed", () => {
  // Echo mode speaks only to answer: the first line arrives after the user's first line left.
  const echoed = ["* chat bob: gotcha", "? menu: 1) private chat", "* room: here", WELCOME];
  for (const line of echoed) {
    deepEqual(promptsAfter([SENT, line, SENT, "* chat bob: gotcha"]), ["> ", "> ", "> ", "> "]);
  }
  // Even a welcome typed first and echoed back: the server had not spoken before the user.
  deepEqual(promptsAfter([SENT, WELCOME, "? menu: 1) private chat"]), ["> ", "> ", "> "]);
  // A server whose first words are not chat mode's greeting is not chat mode, later lines aside.
  deepEqual(promptsAfter(["* stopping: bye", WELCOME, "* chat bob: x"]), ["> ", "> ", "> "]);
});

test("prompt: a broadcast server's lines never move it", () => {
  const lines = [
    "[127.0.0.1:5000] * chat bob: gotcha",
    "[[::1]:5001] ? menu: fake",
    "* chat bob: x",
  ];
  deepEqual(promptsAfter(lines), ["> ", "> ", "> "]);
});

test("prompt: in chat mode, other users' text never moves it: it always follows a sender tag", () => {
  const session = [
    [WELCOME, "> "],
    ["? id: Enter your ID (1-16 letters, digits, _ or -, starting with a letter):", "your ID> "],
    [SENT, "your ID> "],
    ["? menu: 1) private chat  2) exit  3) common room  4) who is online", "menu 1-4> "],
    ["* room: You are in the common room with bob. Type exit() to leave.", "to #room> "],
    ["#room <bob> * chat mallory: gotcha", "to #room> "],
    ["#room <bob> ? menu: 1) private chat", "to #room> "],
    // A CR bob typed to start a line of his own reaches others as ^M (lib/core/sanitize.ts).
    ["#room <bob> * room-left: ^M* chat mallory: x", "to #room> "],
    ["! no-such-user: There is no user named * chat x: y.", "to #room> "],
  ];
  expectPrompts(session, CLIENT_TEXTS.en);
});

test("prompt: in Romanian, from a Romanian server's lines, by their codes alone", () => {
  const session = [
    ["* welcome: Bun venit în tcpchat (modul chat)! Alți utilizatori online: 1.", "> "],
    ["? id: Alege-ți un ID (1-16 litere, cifre, _ sau -, începând cu o literă):", "ID-ul tău> "],
    ["? menu: 1) chat privat  2) ieșire  3) camera comună  4) cine e online", "meniu 1-4> "],
    ["? target: Cu cine vrei să vorbești? Pot vorbi acum: bob.", "vorbești cu> "],
    ["* waiting bob: Cerere trimisă către bob.", "aștepți răspunsul de la bob> "],
    ["* declined bob: bob a refuzat cererea ta.", "aștepți răspunsul de la bob> "],
    ["? menu: 1) chat privat  2) ieșire  3) camera comună  4) cine e online", "meniu 1-4> "],
    ["? request ana: ana vrea să vorbească cu tine. Accepți? (y/n)", "ana te invită, y/n> "],
    ["* chat ana: Acum vorbești cu ana.", "către ana> "],
    ["? menu: 1) chat privat  2) ieșire  3) camera comună  4) cine e online", "meniu 1-4> "],
    ["* room: Ești în camera comună cu ana. Scrie exit() ca să ieși.", "către #room> "],
  ];
  expectPrompts(session, CLIENT_TEXTS.ro);
});

test("prompt: the same place in either language, whatever language the server speaks", () => {
  const english = [WELCOME, "? menu: 1) private chat  2) exit  3) common room  4) who is online"];
  equal(promptsAfter(english, CLIENT_TEXTS.ro)[1], "meniu 1-4> ");
  const romanian = [
    "* welcome: Bun venit în tcpchat (modul chat)! Alți utilizatori online: 1.",
    "? menu: 1) chat privat  2) ieșire  3) camera comună  4) cine e online",
  ];
  equal(promptsAfter(romanian, CLIENT_TEXTS.en)[1], "menu 1-4> ");
});
