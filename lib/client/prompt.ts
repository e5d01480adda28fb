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
 * import { equal } from "node:assert/strict";
 *
 * const place = followPlace(undefined, "* chat bob: You are now chatting with bob.");
 * equal(promptFor(place), "to bob> ");
 * ```
 * @module
 */

import type { Place } from "../core/place.ts";
import { parseServerLine, placeAfter } from "../core/protocol.ts";

/** Where the user is, peers named by ID; `undefined` before (or without) any chat-mode prompt. */
export type ClientPlace = Place<string> | undefined;

/** The place after the server sent `line`. */
export function followPlace(place: ClientPlace, line: string): ClientPlace {
  return placeAfter(parseServerLine(line)) ?? place;
}

/** The prompt text for a place (without colour). */
export function promptFor(place: ClientPlace): string {
  if (place === undefined) return "> ";
  switch (place.kind) {
    case "naming":
      return "your ID> ";
    case "menu":
      return "menu 1-4> ";
    case "choosing":
      return "chat with> ";
    case "requesting":
      return `waiting for ${place.target}> `;
    case "answering":
      return `${place.requester} asks, y/n> `;
    case "private":
      return `to ${place.partner}> `;
    case "room":
      return "to #room> ";
  }
}
