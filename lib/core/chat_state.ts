/**
 * The chat mode's users table and a small transaction helper for changing it without mutation.
 *
 * The course's chat project keeps three dictionaries (ID → socket, ID → state, ID → partner). Here each user is one
 * {@link Session} keyed by connection number, an index finds a user by ID (and counts the users
 * with one), and the room is a {@link MemberList}, the representation broadcast mode uses: joining
 * or leaving changes it in O(1) instead of copying it, and a room line hands the edge the same
 * `ids` array until someone joins or leaves. The two maps are still copied once by each step that
 * changes them (O(users), see docs/BENCHMARKS.md).
 *
 * @module
 */

import type { ConnId, Effect } from "./machine.ts";
import { MemberList } from "./member_list.ts";
import type { Place } from "./place.ts";
import { type CodeOf, formatSystem, type SystemKind } from "./protocol.ts";

/** Where a user with an ID can be: any {@link Place} but `naming`, peers named by connection. */
export type NamedPlace = Exclude<Place<ConnId>, { readonly kind: "naming" }>;

/** A connection that has not chosen an ID yet. */
export interface Unnamed {
  /** The connection's number. */
  readonly conn: ConnId;
  /** Always choosing an ID. */
  readonly place: { readonly kind: "naming" };
}

/** A user with an ID. `request` numbers the last private request this user sent. */
export interface Named {
  /** The connection's number. */
  readonly conn: ConnId;
  /** The ID as the user typed it. */
  readonly id: string;
  /** The ID's keys (`idKeys` in user_id.ts): two users never share one. */
  readonly keys: readonly string[];
  /** Where the user is. */
  readonly place: NamedPlace;
  /** The number of the last private request this user sent (0: none yet). */
  readonly request: number;
}

/** One connection's session: a user without an ID is always naming, and only then. */
export type Session = Unnamed | Named;

/** The whole chat: every session, an ID index and the common room. */
export interface ChatState {
  /** Every connection's session, by connection number. */
  readonly sessions: ReadonlyMap<ConnId, Session>;
  /** ID key (see `idKeys`; each user has several) → connection. */
  readonly byKey: ReadonlyMap<string, ConnId>;
  /** How many users have an ID (what the welcome tells). */
  readonly named: number;
  /** Room members in the order they joined, each labelled with its ID. */
  readonly room: MemberList;
  /** The number the next private request gets. */
  readonly nextRequest: number;
}

/** An empty chat. */
export const EMPTY_CHAT: ChatState = {
  sessions: new Map(),
  byKey: new Map(),
  named: 0,
  room: MemberList.EMPTY,
  nextRequest: 1,
};

/** The other user a place ties this one to: the asked user, the requester, or the partner. */
export function linkedConn(place: NamedPlace): ConnId | undefined {
  switch (place.kind) {
    case "requesting":
      return place.target;
    case "answering":
      return place.requester;
    case "private":
      return place.partner;
    default:
      return undefined;
  }
}

export function isNamed(session: Session): session is Named {
  return session.place.kind !== "naming";
}

/**
 * Collects the changes and effects of one step. The maps it was given are never written to:
 * each is copied on the first change, so the caller's state stays as it was.
 */
export class Transaction {
  readonly effects: Effect[] = [];
  #sessions: Map<ConnId, Session> | null = null;
  #byKey: Map<string, ConnId> | null = null;
  #room: MemberList;
  #named: number;
  #nextRequest: number;

  constructor(private readonly base: ChatState) {
    this.#room = base.room;
    this.#named = base.named;
    this.#nextRequest = base.nextRequest;
  }

  get(conn: ConnId): Session | undefined {
    return (this.#sessions ?? this.base.sessions).get(conn);
  }

  named(conn: ConnId): Named | undefined {
    const session = this.get(conn);
    return session && isNamed(session) ? session : undefined;
  }

  /** The user found by the first of `keys` that is in the index. */
  findByKeys(keys: readonly string[]): Named | undefined {
    const index = this.#byKey ?? this.base.byKey;
    for (const key of keys) {
      const conn = index.get(key);
      if (conn !== undefined) return this.named(conn);
    }
    return undefined;
  }

  all(): Iterable<Session> {
    return (this.#sessions ?? this.base.sessions).values();
  }

  /** The room as the step has left it so far. */
  get room(): MemberList {
    return this.#room;
  }

  /** How many users have an ID: O(1), counted as they choose one and leave. */
  get namedCount(): number {
    return this.#named;
  }

  put(session: Session): void {
    this.#writableSessions().set(session.conn, session);
  }

  /** Moves a named user to another place, keeping room membership in step. */
  move(user: Named, place: NamedPlace, request = user.request): Named {
    const moved: Named = { ...user, place, request };
    if (user.place.kind === "room" && place.kind !== "room") {
      this.#room = this.#room.remove(user.conn);
    } else if (user.place.kind !== "room" && place.kind === "room") {
      this.#room = this.#room.add(user.conn, user.id);
    }
    this.put(moved);
    return moved;
  }

  name(conn: ConnId, id: string, keys: readonly string[]): Named {
    const user: Named = { conn, id, keys, place: { kind: "menu" }, request: 0 };
    this.put(user);
    for (const key of keys) this.#writableByKey().set(key, conn);
    this.#named++;
    return user;
  }

  remove(session: Session): void {
    this.#writableSessions().delete(session.conn);
    if (isNamed(session)) {
      for (const key of session.keys) this.#writableByKey().delete(key);
      this.#named--;
      if (session.place.kind === "room") this.#room = this.#room.remove(session.conn);
    }
  }

  takeRequestNumber(): number {
    return this.#nextRequest++;
  }

  send<K extends SystemKind>(
    to: ConnId,
    kind: K,
    code: CodeOf<K>,
    text: string,
    subject?: string,
  ): void {
    this.effects.push({ type: "send", to, line: formatSystem(kind, code, text, subject) });
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  /** The new state: the very same object as before when nothing changed. */
  commit(): { state: ChatState; effects: readonly Effect[] } {
    const unchanged = this.#sessions === null && this.#byKey === null &&
      this.#room === this.base.room && this.#nextRequest === this.base.nextRequest;
    if (unchanged) return { state: this.base, effects: this.effects };
    const state: ChatState = {
      sessions: this.#sessions ?? this.base.sessions,
      byKey: this.#byKey ?? this.base.byKey,
      named: this.#named,
      room: this.#room,
      nextRequest: this.#nextRequest,
    };
    return { state, effects: this.effects };
  }

  #writableSessions(): Map<ConnId, Session> {
    return this.#sessions ??= new Map(this.base.sessions);
  }

  #writableByKey(): Map<string, ConnId> {
    return this.#byKey ??= new Map(this.base.byKey);
  }
}
