/**
 * Every sentence a user reads from the server, one catalogue per language. The protocol's fixed
 * parts (sigils, codes, `exit()`, `y`/`n`, menu numbers) stay the same in every language; only
 * these sentences change. English ({@link EN}) defines the shape ({@link Texts}); every other
 * catalogue must have exactly the same keys, which the type checker enforces.
 *
 * @example Picking the language from the environment, as the server does
 * ```ts
 * import { languageFromLocale, localeFromEnv, TEXTS } from "./texts.ts";
 * import { equal } from "node:assert/strict";
 *
 * const env: Record<string, string> = { LANG: "ro_RO.UTF-8" };
 * const language = languageFromLocale(localeFromEnv((name) => env[name]));
 * equal(language, "ro");
 * equal(TEXTS[language].hello("ana"), "Salut, ana!");
 * ```
 * @module
 */

import { RO } from "./texts_ro.ts";
import { MAX_ID_LENGTH } from "./user_id.ts";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const names = (ids: readonly string[]): string => ids.length === 0 ? "nobody" : ids.join(", ");

/** The server's English sentences. */
export const EN = {
  welcome: (others: number) =>
    `Welcome to tcpchat (chat mode). ${plural(others, "other user", "other users")} online.`,
  askId: () =>
    `Enter your ID (1-${MAX_ID_LENGTH} letters, digits, _ or -, starting with a letter):`,
  idEmpty: () => "An ID cannot be empty.",
  idTooLong: () => `An ID has at most ${MAX_ID_LENGTH} characters.`,
  idInvalid: () => "An ID uses only letters, digits, _ and -, and starts with a letter.",
  idReserved: (id: string) => `"${id}" is reserved.`,
  idTaken: (id: string, holder: string) =>
    `"${id}" is taken by ${holder} (too alike: the same in other case, or look-alikes 0/O, 1/I/l).`,
  hello: (id: string) => `Hello, ${id}!`,
  menu: () => "1) private chat  2) exit  3) common room  4) who is online",
  badChoice: () => "Type 1, 2, 3 or 4.",
  alone: () => "No one else is online yet. Try again in a moment, or join the room (3).",
  askTarget: (free: readonly string[]) =>
    `Who do you want to chat with? Free now: ${names(free)}. (Empty line: back to the menu.)`,
  noSuchUser: (id: string) => `No user "${id}" is online.`,
  self: () => "That is you. Pick someone else.",
  busy: (id: string, doing: string) => `${id} is busy (${doing}).`,
  waiting: (id: string) => `Request sent to ${id}. Waiting for an answer; exit() cancels.`,
  stillWaiting: (id: string) => `Still waiting for ${id} to answer; exit() cancels the request.`,
  request: (id: string) => `${id} wants to chat with you. Accept? (y/n)`,
  answerYesNo: () => "Please answer y or n.",
  chatStarted: (id: string) =>
    `You are now chatting with ${id}. Type exit() to return to the menu.`,
  declined: (id: string) => `${id} declined your request.`,
  youDeclined: (id: string) => `You declined ${id}'s request.`,
  withdrawn: (id: string) => `${id} withdrew the request.`,
  youWithdrew: (id: string) => `Request to ${id} cancelled.`,
  gone: (id: string, how: string) => `${id} ${how}.`,
  timedOut: (id: string, seconds: number) =>
    `${id} did not answer within ${seconds} s; the request was cancelled.`,
  expired: (id: string) => `The request from ${id} expired.`,
  youEnded: (id: string) => `You left the chat with ${id}.`,
  partnerEnded: (id: string) => `${id} ended the chat.`,
  roomJoined: (others: readonly string[]): string =>
    others.length === 0
      ? "You are alone in the common room for now. Type exit() to leave."
      : `You are in the common room with ${names(others)}. Type exit() to leave.`,
  joinedRoom: (id: string) => `${id} joined the room.`,
  leftRoom: (id: string) => `${id} left the room.`,
  youLeftRoom: () => "You left the common room.",
  who: (entries: readonly string[], more: number): string =>
    `${plural(entries.length + more, "user", "users")} online: ${entries.join(", ")}` +
    (more > 0 ? `, and ${more} more` : ""),
  you: () => "you",
  doing: {
    naming: "choosing an ID",
    menu: "free",
    choosing: "free",
    requesting: "waiting for an answer",
    answering: "answering a request",
    private: "in a private chat",
    room: "in the common room",
  },
  how: {
    closed: "disconnected",
    reset: "lost the connection (reset)",
    "timed-out": "lost the connection (no answer)",
    dropped: "was disconnected by the server",
  },
  bye: (id: string) => id === "" ? "Goodbye." : `Goodbye, ${id}.`,
  lineTooLong: (max: number) => `Line longer than ${max} bytes; it was discarded.`,
  full: (max: number) => `The server is full (${max} clients). Try again later.`,
  stopping: () => "The server is shutting down. Goodbye.",
  here: () => "Yes, the server is here.",
  queueFull: () => "You are not reading fast enough; disconnecting.",
  tooManyFromIp: (max: number) =>
    `Too many connections from your address (at most ${max}). Close one and try again.`,
  flood: (perSecond: number, burst: number) =>
    `Slow down: at most ${perSecond} lines a second (${burst} at once); extra lines were dropped.`,
  floodDropped: (perSecond: number, seconds: number) =>
    `You kept sending more than ${perSecond} lines a second for ${seconds} s; disconnecting.`,
  loginTimeout: (seconds: number) => `No ID within ${seconds} s; disconnecting.`,
  idle: (seconds: number) => `Nothing sent for ${seconds} s; disconnecting.`,
  kicked: (reason: string) =>
    reason === ""
      ? "The server's operator disconnected you."
      : `The server's operator disconnected you: ${reason}`,
} as const;

/**
 * A catalogue's shape with its fixed words widened to `string`, so another language can fill it:
 * the English catalogue, written `as const`, defines the shape every other language must have.
 */
export type Shape<T> = T extends string ? string
  : T extends (...args: infer A) => infer R ? (...args: A) => R
  : { readonly [K in keyof T]: Shape<T[K]> };

/** The shape every language's catalogue has. */
export type Texts = Shape<typeof EN>;

/** The languages the server and the client speak. */
export const LANGUAGES = ["en", "ro"] as const;
/** One of {@link LANGUAGES}. */
export type Language = typeof LANGUAGES[number];

/** Every catalogue, by language. */
export const TEXTS: Readonly<Record<Language, Texts>> = { en: EN, ro: RO };

/** The locale variables, in the order POSIX gives them priority. */
export const LOCALE_VARIABLES = ["LC_ALL", "LC_MESSAGES", "LANG"] as const;

/** The default language for a locale such as `ro_RO.UTF-8`: Romanian for `ro*`, else English. */
export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith("ro") ? "ro" : "en";
}

/** The locale in force: the first locale variable that is set and not empty. */
export function localeFromEnv(get: (name: string) => string | undefined): string | undefined {
  return LOCALE_VARIABLES.map(get).find((value) => value);
}
