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
  /** The peer's machine stopped answering (no ACK to keep-alive probes or data): a cable
   * pulled, a laptop closed. */
  | "timed-out"
  /** The server dropped it, e.g. a client that stopped reading. */
  | "dropped";

/**
 * A timer's name, chosen by the mode (the chat's are `login 3` and `request 3 7`). The edge only
 * compares keys: it never reads them.
 */
export type TimerKey = string;

/** Something that happened at the edge. */
export type Event =
  | { readonly type: "connect"; readonly conn: ConnId; readonly peer: string }
  | { readonly type: "line"; readonly conn: ConnId; readonly text: string }
  | { readonly type: "disconnect"; readonly conn: ConnId; readonly cause: DisconnectCause }
  /** A timer armed by a `timer` effect ran out. */
  | { readonly type: "timer"; readonly key: TimerKey };

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
  /** Flush what is queued for `conn`, then close it with a FIN; `why` is for the log. */
  | { readonly type: "close"; readonly conn: ConnId; readonly why: string }
  /**
   * End `conn` for breaking a rule: `lastWords` replace whatever still waits for it, then it is
   * closed at once (logged as `[WARN]` with `why`). The edge then reports a `dropped` disconnect.
   */
  | {
    readonly type: "drop";
    readonly conn: ConnId;
    readonly why: string;
    readonly lastWords: string;
  }
  /** Arm a one-shot timer, replacing any armed with the same key; when it runs out, the edge
   * feeds back a `timer` event with that key. */
  | { readonly type: "timer"; readonly key: TimerKey; readonly ms: number }
  /** Disarm the timer with this key, if armed. */
  | { readonly type: "cancel-timer"; readonly key: TimerKey };

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
  /**
   * The connection of the user a typed ID names, matched as the mode matches IDs (the server's
   * console: `kick alice`); absent in modes without IDs.
   */
  find?(state: S, typed: string): ConnId | undefined;
  /** Where a connection is, in words for the server's operator (`chatting with bob`). */
  where?(state: S, conn: ConnId): string | undefined;
}

/** A step that changes nothing. */
export function unchanged<S>(state: S): Step<S> {
  return { state, effects: [] };
}
