/**
 * The prompt names where the user is, so a student always knows what the next line will do.
 *
 * The client learns its place exactly as the server's state machine moves it, through
 * `placeAfter()` from the shared grammar, never by reading the sentences. It does so only for a
 * server known to be tcpchat in chat mode: one that spoke first, before the client sent anything,
 * and whose first line was `* welcome:` (chat mode greets every connection so, at once). Echo mode
 * never speaks first (it only answers), broadcast mode sends only `[ip:port]`-tagged lines, and
 * other servers have their own first words: for each of them the prompt stays `> `, whatever
 * their lines look like, so text that comes back from an echo server (`* chat bob: gotcha`, typed
 * by the user) never moves it. In chat mode other users cannot fake a server line: their text
 * always comes after a sender tag (`<bob>`, `#room <bob>`), and the server turns the characters
 * that could end a line early into visible ones (lib/core/sanitize.ts).
 *
 * @example
 * ```ts
 * import { afterSending, followServer, promptFor, START } from "./prompt.ts";
 * import { CLIENT_TEXTS } from "./texts.ts";
 * import { equal } from "node:assert/strict";
 *
 * const chat = followServer(START, "* welcome: Bun venit în tcpchat (modul chat)!");
 * const place = followServer(chat, "* chat bob: Acum vorbești cu bob.");
 * equal(promptFor(place, CLIENT_TEXTS.en), "to bob> ");
 * equal(promptFor(place, CLIENT_TEXTS.ro), "către bob> ");
 *
 * // An echo server: the user's own line comes back, and changes nothing.
 * const echo = followServer(afterSending(START), "* chat bob: gotcha");
 * equal(promptFor(echo, CLIENT_TEXTS.en), "> ");
 * ```
 * @module
 */

import type { Place } from "../core/place.ts";
import { parseServerLine, placeAfter } from "../core/protocol.ts";
import type { ClientTexts } from "./texts.ts";

/** What the client knows of the server, for its prompt. */
export type PromptState =
  /** Nothing received, nothing sent yet. */
  | { readonly server: "unknown" }
  /** tcpchat in chat mode; `place` is undefined until a line moves the user somewhere. */
  | { readonly server: "chat"; readonly place: Place<string> | undefined }
  /** Any other server: its lines never move the prompt. */
  | { readonly server: "other" };

/** Connected; nothing said either way. */
export const START: PromptState = { server: "unknown" };

const OTHER: PromptState = { server: "other" };

/** The state after the server sent `line`. */
export function followServer(state: PromptState, line: string): PromptState {
  const parsed = parseServerLine(line);
  switch (state.server) {
    case "unknown":
      return parsed.kind === "notice" && parsed.code === "welcome"
        ? { server: "chat", place: undefined }
        : OTHER;
    case "chat":
      return { server: "chat", place: placeAfter(parsed) ?? state.place };
    case "other":
      return state;
  }
}

/** The state after the client sent a line: a server that has not spoken yet is not chat mode. */
export function afterSending(state: PromptState): PromptState {
  return state.server === "unknown" ? OTHER : state;
}

/** The prompt text (without colour), in the language of `texts`. */
export function promptFor(state: PromptState, texts: ClientTexts): string {
  const place = state.server === "chat" ? state.place : undefined;
  return `${place === undefined ? "" : placeWords(place, texts.prompt)}> `;
}

function placeWords(place: Place<string>, words: ClientTexts["prompt"]): string {
  switch (place.kind) {
    case "naming":
      return words.naming();
    case "menu":
      return words.menu();
    case "choosing":
      return words.choosing();
    case "requesting":
      return words.requesting(place.target);
    case "answering":
      return words.answering(place.requester);
    case "private":
      return words.private(place.partner);
    case "room":
      return words.room();
  }
}
