/**
 * Chat mode: the course's chat project (students' multi-user chat) as a pure state machine.
 *
 * A user connects and is asked for an ID; then the menu: `1` private chat, `2` exit, `3` common
 * room, `4` who is online. After `1` they type an ID; if that user is free, the user is asked y/n;
 * on `y` both chat privately until either types `exit()`. The common room takes any number of
 * users. docs/PROTOCOL.md lists every decision this file makes where the course's chat project is silent.
 *
 * @example A private chat, step by step
 * ```ts
 * import { createChatMachine } from "./chat.ts";
 * import type { Event } from "./machine.ts";
 * import { equal } from "node:assert/strict";
 *
 * const chat = createChatMachine({ requestTimeoutSeconds: 60, loginTimeoutSeconds: 120 });
 * const events: Event[] = [
 *   { type: "connect", conn: 1, peer: "127.0.0.1:5001" },
 *   { type: "connect", conn: 2, peer: "127.0.0.1:5002" },
 *   { type: "line", conn: 1, text: "alice" },
 *   { type: "line", conn: 2, text: "bob" },
 *   { type: "line", conn: 1, text: "1" },
 *   { type: "line", conn: 1, text: "bob" },
 *   { type: "line", conn: 2, text: "y" },
 * ];
 * const state = events.reduce((s, e) => chat.step(s, e).state, chat.initial);
 * const { effects } = chat.step(state, { type: "line", conn: 1, text: "hi bob" });
 * equal(effects[0].type === "forward" && effects[0].line, "<alice> hi bob");
 * ```
 * @module
 */

import { findUser, whereIs } from "./chat_lookup.ts";
import { armTimer, cancelTimer, parseTimerKey, requestOver } from "./chat_timers.ts";
import type { ConnId, DisconnectCause, Event, Machine, Step } from "./machine.ts";
import {
  type ChatState,
  EMPTY_CHAT,
  isNamed,
  linkedConn,
  type Named,
  type Session,
  Transaction,
} from "./chat_state.ts";
import { COMMANDS, formatPrivate, formatRoom, formatSystem } from "./protocol.ts";
import { sanitizePeerText } from "./sanitize.ts";
import { EN, type Texts } from "./texts.ts";
import { checkId, idKeys } from "./user_id.ts";

/** Settings of the chat machine. */
export interface ChatConfig {
  /** How long a private request waits for y/n: told to users, and armed as a timer effect. */
  readonly requestTimeoutSeconds: number;
  /** How long a connection may take to choose an ID before it is dropped with
   * `! login-timeout`: a timer effect armed on connect. */
  readonly loginTimeoutSeconds: number;
  /** The sentences users read. */
  readonly texts?: Texts;
}

/** Default wait for an answer to a private request. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
/** Default time to choose an ID: time to read the lab sheet, short enough that connections that
 * never log in cannot hold the server's places for long. */
export const DEFAULT_LOGIN_TIMEOUT_SECONDS = 120;
/** At most this many names in one `who` or free-users line, so the line stays bounded. */
export const MAX_LISTED_USERS = 30;

const YES = new Set(["y", "yes"]);
const NO = new Set(["n", "no"]);

/** Builds the chat mode machine. */
export function createChatMachine(config: ChatConfig): Machine<ChatState> {
  const t = config.texts ?? EN;

  const prompt = {
    id: (tx: Transaction, conn: ConnId) => tx.send(conn, "prompt", "id", t.askId()),
    menu: (tx: Transaction, conn: ConnId) => tx.send(conn, "prompt", "menu", t.menu()),
    target: (tx: Transaction, user: Named) =>
      tx.send(user.conn, "prompt", "target", t.askTarget(freeIds(tx, user))),
    request: (tx: Transaction, target: ConnId, requester: Named) =>
      tx.send(target, "prompt", "request", t.request(requester.id), requester.id),
  };

  function freeIds(tx: Transaction, except: Named): string[] {
    const ids: string[] = [];
    for (const s of tx.all()) {
      if (ids.length === MAX_LISTED_USERS) break;
      if (isNamed(s) && s.conn !== except.conn && isFree(s)) ids.push(s.id);
    }
    return ids;
  }

  function backToMenu(tx: Transaction, user: Named): void {
    tx.move(user, { kind: "menu" });
    prompt.menu(tx, user.conn);
  }

  function sendWho(tx: Transaction, user: Named): void {
    const entries: string[] = [];
    let more = 0;
    for (const s of tx.all()) {
      if (!isNamed(s)) continue;
      if (entries.length === MAX_LISTED_USERS) {
        more++;
        continue;
      }
      entries.push(`${s.id} (${s.conn === user.conn ? t.you() : t.doing[s.place.kind]})`);
    }
    tx.send(user.conn, "notice", "who", t.who(entries, more));
  }

  function onNaming(tx: Transaction, session: Session, text: string): void {
    if (isExit(text)) return quit(tx, session);
    const check = checkId(text);
    if (!check.ok) {
      const p = check.problem;
      if (p === "empty") tx.send(session.conn, "error", "id-empty", t.idEmpty());
      if (p === "too-long") tx.send(session.conn, "error", "id-too-long", t.idTooLong());
      if (p === "invalid") tx.send(session.conn, "error", "id-invalid", t.idInvalid());
      if (p === "reserved") {
        tx.send(session.conn, "error", "id-reserved", t.idReserved(text.trim()));
      }
      return prompt.id(tx, session.conn);
    }
    const keys = idKeys(check.id);
    const holder = tx.findByKeys(keys);
    if (holder) {
      tx.send(session.conn, "error", "id-taken", t.idTaken(check.id, holder.id));
      return prompt.id(tx, session.conn);
    }
    const user = tx.name(session.conn, check.id, keys);
    cancelTimer(tx, { kind: "login", conn: user.conn });
    tx.send(user.conn, "notice", "hello", t.hello(user.id), user.id);
    prompt.menu(tx, user.conn);
  }

  function onMenu(tx: Transaction, user: Named, text: string): void {
    const choice = text.trim().toLowerCase();
    if (choice === COMMANDS.privateChat) {
      if (!hasOthers(tx, user)) {
        tx.send(user.conn, "error", "alone", t.alone());
        return prompt.menu(tx, user.conn);
      }
      prompt.target(tx, tx.move(user, { kind: "choosing" }));
    } else if (choice === COMMANDS.quit || isExit(choice)) {
      quit(tx, user);
    } else if (choice === COMMANDS.room) {
      const others: string[] = [];
      for (const member of tx.room) {
        if (others.length < MAX_LISTED_USERS) others.push(tx.room.label(member) ?? "?");
        tx.send(member, "notice", "joined", t.joinedRoom(user.id), user.id);
      }
      tx.move(user, { kind: "room" });
      tx.send(user.conn, "notice", "room", t.roomJoined(others));
    } else if (choice === COMMANDS.whoChoice || choice === COMMANDS.who) {
      sendWho(tx, user);
      prompt.menu(tx, user.conn);
    } else if (choice === "") {
      prompt.menu(tx, user.conn);
    } else {
      tx.send(user.conn, "error", "choice", t.badChoice());
      prompt.menu(tx, user.conn);
    }
  }

  function onChoosing(tx: Transaction, user: Named, text: string): void {
    const typed = text.trim();
    if (typed === "" || isExit(typed)) return backToMenu(tx, user);
    if (typed.toLowerCase() === COMMANDS.who) {
      sendWho(tx, user);
      return prompt.target(tx, user);
    }
    const target = tx.findByKeys(idKeys(typed));
    if (!target) {
      tx.send(user.conn, "error", "no-such-user", t.noSuchUser(sanitizePeerText(typed)));
    } else if (target.conn === user.conn) {
      tx.send(user.conn, "error", "self", t.self());
    } else if (!isFree(target)) {
      const doing = t.doing[target.place.kind];
      tx.send(user.conn, "error", "busy", t.busy(target.id, doing), target.id);
    } else {
      const request = tx.takeRequestNumber();
      tx.move(user, { kind: "requesting", target: target.conn }, request);
      tx.move(target, { kind: "answering", requester: user.conn });
      tx.send(user.conn, "notice", "waiting", t.waiting(target.id), target.id);
      prompt.request(tx, target.conn, user);
      armTimer(tx, { kind: "request", conn: user.conn, request }, config.requestTimeoutSeconds);
      return;
    }
    prompt.target(tx, user);
  }

  function onRequesting(tx: Transaction, user: Named, target: Named, text: string): void {
    if (!isExit(text)) {
      tx.send(user.conn, "error", "still-waiting", t.stillWaiting(target.id), target.id);
      return;
    }
    requestOver(tx, user);
    tx.send(user.conn, "notice", "withdrawn", t.youWithdrew(target.id), target.id);
    backToMenu(tx, user);
    tx.send(target.conn, "notice", "withdrawn", t.withdrawn(user.id), user.id);
    backToMenu(tx, target);
  }

  function onAnswering(tx: Transaction, user: Named, requester: Named, text: string): void {
    const answer = text.trim().toLowerCase();
    // Typing the requester's ID means the two asked each other at the same time: that is a yes.
    // It is read as in a request (onChoosing): an ID that finds another user first is no yes.
    if (YES.has(answer) || tx.findByKeys(idKeys(text))?.conn === requester.conn) {
      requestOver(tx, requester);
      tx.move(user, { kind: "private", partner: requester.conn });
      tx.move(requester, { kind: "private", partner: user.conn });
      tx.send(requester.conn, "notice", "chat", t.chatStarted(user.id), user.id);
      tx.send(user.conn, "notice", "chat", t.chatStarted(requester.id), requester.id);
    } else if (NO.has(answer) || isExit(answer)) {
      requestOver(tx, requester);
      tx.send(user.conn, "notice", "declined", t.youDeclined(requester.id), requester.id);
      backToMenu(tx, user);
      tx.send(requester.conn, "notice", "declined", t.declined(user.id), user.id);
      backToMenu(tx, requester);
    } else {
      tx.send(user.conn, "error", "answer", t.answerYesNo());
      prompt.request(tx, user.conn, requester);
    }
  }

  function onPrivate(tx: Transaction, user: Named, partner: Named, text: string): void {
    if (isExit(text)) {
      tx.send(user.conn, "notice", "chat-ended", t.youEnded(partner.id), partner.id);
      backToMenu(tx, user);
      tx.send(partner.conn, "notice", "chat-ended", t.partnerEnded(user.id), user.id);
      backToMenu(tx, partner);
      return;
    }
    if (text.trim() === "") return;
    const line = formatPrivate(user.id, sanitizePeerText(text));
    tx.emit({ type: "forward", from: user.conn, to: [partner.conn], line });
  }

  function onRoom(tx: Transaction, user: Named, text: string): void {
    if (isExit(text)) {
      tx.move(user, { kind: "menu" });
      for (const member of tx.room) tx.send(member, "notice", "left", t.leftRoom(user.id), user.id);
      tx.send(user.conn, "notice", "room-left", t.youLeftRoom());
      return prompt.menu(tx, user.conn);
    }
    if (text.trim() === "") return;
    const line = formatRoom(user.id, sanitizePeerText(text));
    // `ids` is the same array until someone joins or leaves, so the edge can reuse its lookups.
    tx.emit({ type: "forward", from: user.conn, to: tx.room.ids, line });
  }

  /** The user leaves for good: tell whoever was linked to them, and free those users. */
  function leave(tx: Transaction, session: Session, cause: DisconnectCause | "exit"): void {
    tx.remove(session);
    if (!isNamed(session)) return cancelTimer(tx, { kind: "login", conn: session.conn });
    const how = cause === "exit" ? t.how.closed : t.how[cause];
    const p = session.place;
    const linked = linkedConn(p);
    const other = linked === undefined ? undefined : tx.named(linked);
    if (p.kind === "requesting") requestOver(tx, session);
    if (p.kind === "answering" && other) requestOver(tx, other);
    if (other) {
      const code = p.kind === "requesting"
        ? "withdrawn"
        : p.kind === "answering"
        ? "declined"
        : "chat-ended";
      tx.send(other.conn, "notice", code, t.gone(session.id, how), session.id);
      backToMenu(tx, other);
    }
    if (p.kind === "room") {
      for (const member of tx.room) {
        tx.send(member, "notice", "left", t.leftRoom(session.id), session.id);
      }
    }
  }

  function quit(tx: Transaction, session: Session): void {
    tx.send(session.conn, "notice", "bye", t.bye(isNamed(session) ? session.id : ""));
    leave(tx, session, "exit");
    tx.emit({ type: "close", conn: session.conn, why: "user chose exit" });
  }

  function onLoginTimeout(tx: Transaction, conn: ConnId): void {
    const session = tx.get(conn);
    if (!session || isNamed(session)) return;
    const seconds = config.loginTimeoutSeconds;
    tx.remove(session);
    tx.emit({
      type: "drop",
      conn,
      why: `no ID within ${seconds} s`,
      lastWords: formatSystem("error", "login-timeout", t.loginTimeout(seconds)),
    });
  }

  function onTimeout(tx: Transaction, requester: Named): void {
    if (requester.place.kind !== "requesting") return;
    const target = tx.named(requester.place.target);
    if (!target) return;
    const seconds = config.requestTimeoutSeconds;
    tx.send(requester.conn, "notice", "timeout", t.timedOut(target.id, seconds), target.id);
    backToMenu(tx, requester);
    tx.send(target.conn, "notice", "timeout", t.expired(requester.id), requester.id);
    backToMenu(tx, target);
  }

  function onLine(tx: Transaction, session: Session, text: string): void {
    if (!isNamed(session)) return onNaming(tx, session, text);
    const p = session.place;
    switch (p.kind) {
      case "menu":
        return onMenu(tx, session, text);
      case "choosing":
        return onChoosing(tx, session, text);
      case "room":
        return onRoom(tx, session, text);
    }
    // The other places link to a second user; the invariants guarantee that user exists.
    const other = tx.named(linkedConn(p)!);
    if (!other) return backToMenu(tx, session);
    if (p.kind === "requesting") return onRequesting(tx, session, other, text);
    if (p.kind === "answering") return onAnswering(tx, session, other, text);
    return onPrivate(tx, session, other, text);
  }

  return {
    initial: EMPTY_CHAT,
    label(state, conn) {
      const session = state.sessions.get(conn);
      return session && isNamed(session) ? session.id : undefined;
    },
    find: findUser,
    where: whereIs,
    step(state: ChatState, event: Event): Step<ChatState> {
      const tx = new Transaction(state);
      switch (event.type) {
        case "connect": {
          if (tx.get(event.conn)) return { state, effects: [] };
          tx.put({ conn: event.conn, place: { kind: "naming" } });
          tx.send(event.conn, "notice", "welcome", t.welcome(tx.namedCount));
          prompt.id(tx, event.conn);
          armTimer(tx, { kind: "login", conn: event.conn }, config.loginTimeoutSeconds);
          break;
        }
        case "line": {
          const session = tx.get(event.conn);
          if (session) onLine(tx, session, event.text);
          break;
        }
        case "disconnect": {
          const session = tx.get(event.conn);
          if (session) leave(tx, session, event.cause);
          break;
        }
        case "timer": {
          const which = parseTimerKey(event.key);
          if (which?.kind === "login") onLoginTimeout(tx, which.conn);
          if (which?.kind === "request") {
            const requester = tx.named(which.conn);
            if (requester?.request === which.request) onTimeout(tx, requester);
          }
          break;
        }
      }
      return tx.commit();
    },
  };
}

/** Free users can be asked for a private chat: they are in the menu or choosing a partner. */
function isFree(user: Named): boolean {
  return user.place.kind === "menu" || user.place.kind === "choosing";
}

function hasOthers(tx: Transaction, user: Named): boolean {
  for (const s of tx.all()) if (isNamed(s) && s.conn !== user.conn) return true;
  return false;
}

function isExit(text: string): boolean {
  return text.trim().toLowerCase() === COMMANDS.exit;
}
