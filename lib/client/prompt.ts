/**
 * The prompt names where the user is, so a student always knows what the next line will do.
 *
 * The client learns its place exactly as the server's state machine moves it, through
 * `placeAfter()` from the shared grammar, never by reading the sentences. A server that is not
 * tcpchat (echo and broadcast modes, `ncat --chat`) never moves it, and the prompt stays `> `.
 *
 * @example
 * ```ts
 * import { followPlace, promptFor } from "./prompt.ts";
 * import { CLIENT_TEXTS } from "./texts.ts";
 * import { equal } from "node:assert/strict";
 *
 * const place = followPlace(undefined, "* chat bob: Acum vorbești cu bob.");
 * equal(promptFor(place, CLIENT_TEXTS.en), "to bob> ");
 * equal(promptFor(place, CLIENT_TEXTS.ro), "către bob> ");
 * ```
 * @module
 */

import type { Place } from "../core/place.ts";
import { parseServerLine, placeAfter } from "../core/protocol.ts";
import type { ClientTexts } from "./texts.ts";

/** Where the user is, peers named by ID; `undefined` before (or without) any chat-mode prompt. */
export type ClientPlace = Place<string> | undefined;

/** The place after the server sent `line`. */
export function followPlace(place: ClientPlace, line: string): ClientPlace {
  return placeAfter(parseServerLine(line)) ?? place;
}

/** The prompt text for a place (without colour), in the language of `texts`. */
export function promptFor(place: ClientPlace, texts: ClientTexts): string {
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
