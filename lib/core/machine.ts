/**
 * What every server mode is: a pure state machine, `(state, event) -> (state, effects)`.
 *
 * The server's edge turns socket activity into {@link Event}s, feeds them one at a time to the
 * mode's `step`, and performs the {@link Effect}s it gets back. Because JavaScript runs one event
 * at a time and `step` does no I/O, every interleaving of clients is just some order of events,
 * and every rule of the chat can be tested without a socket.
 *
 * @module
 */

/** The server's number for a connection: 1 for the first accepted, and never reused. */
export type ConnId = number;

/** How a connection ended, as far as the session is concerned. */
export type DisconnectCause =
  /** The peer closed its side (a FIN arrived). */
  | "closed"
  /** The peer reset the connection (an RST arrived), e.g. a killed client. */
  | "reset"
  /** The server dropped it, e.g. a client that stopped reading. */
  | "dropped";

/** Something that happened at the edge. */
export type Event =
  | { readonly type: "connect"; readonly conn: ConnId; readonly peer: string }
  | { readonly type: "line"; readonly conn: ConnId; readonly text: string }
  | { readonly type: "disconnect"; readonly conn: ConnId; readonly cause: DisconnectCause }
  /** A pending private request's timer ran out (armed by a `start-request-timer` effect). */
  | { readonly type: "request-timeout"; readonly requester: ConnId; readonly request: number };

/** Why the session asks the edge to close a connection. */
export type CloseReason = "user-exit";

/** Something the edge must do. Lines have no terminator; the edge adds LF. */
export type Effect =
  /** A reply or notice for one connection (logged as `[SEND]`). */
  | { readonly type: "send"; readonly to: ConnId; readonly line: string }
  /**
   * Peer text relayed to others (logged as `[FWD]`): deliver `line` to every connection in `to`
   * except `from`. `to` may include `from` so that a mode can hand over its member list as is.
   */
  | {
    readonly type: "forward";
    readonly from: ConnId;
    readonly to: readonly ConnId[];
    readonly line: string;
  }
  /** Flush what is queued for `conn`, then close it with a FIN. */
  | { readonly type: "close"; readonly conn: ConnId; readonly reason: CloseReason }
  /** Arm the pending-request timer; when it fires, feed back a `request-timeout` event. */
  | { readonly type: "start-request-timer"; readonly requester: ConnId; readonly request: number };

/** The result of one step. */
export interface Step<S> {
  /** The state after the event. */
  readonly state: S;
  /** What the edge must now do, in order. */
  readonly effects: readonly Effect[];
}

/** A server mode. */
export interface Machine<S> {
  /** The state before anyone connects. */
  readonly initial: S;
  /** Pure: the next state and the effects of one event. Never mutates `state`. */
  step(state: S, event: Event): Step<S>;
  /** A name for a connection in the log (the chat ID), when the mode has one. */
  label?(state: S, conn: ConnId): string | undefined;
}

/** A step that changes nothing. */
export function unchanged<S>(state: S): Step<S> {
  return { state, effects: [] };
}
