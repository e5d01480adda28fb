/**
 * What the live view's page receives: the shapes of its Server-Sent Events, one place for the
 * contract between `lib/server/web/` and the page's scripts (`lib/server/web/static/`).
 *
 * The stream opens with a `hello` (everything the page needs to draw itself from nothing: the
 * words in the server's `--lang`, every row, the recent arrows), then sends a `frame` at most every
 * {@link FRAME_MS} while something changes. Text from peers is already made visible
 * (`visible_text.ts`) and hidden where `--web-text` says so; the page still only ever sets it as
 * text, never as HTML.
 *
 * @module
 */

import type { PlaceKind } from "../../core/place.ts";
import type { Language } from "../../core/texts.ts";
import type { PeerCause } from "../client_connection.ts";
import type { PageTexts } from "./page_texts.ts";

/** How much of what users write the page shows (`--web-text`). */
export const WEB_TEXTS = ["all", "public", "none"] as const;
/** `all`: every line; `public`: all but private chats (the default); `none`: no peer text. */
export type WebText = typeof WEB_TEXTS[number];

/** How often, at most, the page is sent what changed: 5 updates a second are live enough to
 * watch, and under load each costs the server one write per page for many events. */
export const FRAME_MS = 200;

/** Where a chat-mode user is, peers named by ID. */
export interface PlaceView {
  readonly kind: PlaceKind;
  /** The partner, the asked user or the requester. */
  readonly with?: string;
}

/**
 * How a connection ended, as a capture shows it: the peer's FIN or RST; `timed-out`, its machine
 * stopped answering and the server's kernel gave up with an RST; the server's FIN; dropped;
 * refused after the peer's FIN, or `refused-at-once` when no descriptor was left to wait with.
 */
export type EndingView =
  | { readonly how: "peer-fin" | "peer-rst" | "timed-out" }
  | {
    readonly how: "server-fin" | "dropped" | "refused" | "refused-at-once";
    readonly why: string;
  };

/** How the page names each way a peer went away (`[DISCONNECT]`'s FIN, RST, timed out). */
export const PEER_ENDINGS: Readonly<
  Record<PeerCause, "peer-fin" | "peer-rst" | "timed-out">
> = {
  closed: "peer-fin",
  reset: "peer-rst",
  "timed-out": "timed-out",
};

/** One row of the connections table. */
export interface Row {
  /** The server's number (`#3`); Wireshark's `tcp.stream` is one less. */
  readonly conn: number;
  readonly peer: string;
  /** The chat ID, once chosen. */
  readonly id?: string;
  /** Chat mode only. */
  readonly place?: PlaceView;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly linesIn: number;
  readonly linesOut: number;
  /** When it was accepted (ms since 1970, the server's clock). */
  readonly openedAt: number;
  readonly endedAt?: number;
  readonly ending?: EndingView;
}

/** What an arrow of the sequence diagram stands for. */
export type ArrowWhat =
  /** Connection accepted: the handshake (SYN) from the client. */
  | "syn"
  /** A message from a client. */
  | "recv"
  /** The server's own lines to one client. */
  | "send"
  /** A user's line relayed to others. */
  | "fwd"
  /** The connection ended; `kind` says how (`peer-fin`, `peer-rst`, `timed-out`, `server-fin`,
   * `dropped`). */
  | "end"
  /** Telnet negotiation, either way. */
  | "telnet"
  /** A note on a lifeline: a client's warning, line over the limit, or kick by the operator; on
   * the server's, what the operator wrote to all, or a connection lost before it was accepted. */
  | "note";

/** One event of the sequence diagram. Connection 0 is the server. */
export interface Arrow {
  /** Counts every event since the server started: a gap means events were skipped. */
  readonly seq: number;
  /** When (ms since 1970, the server's clock). */
  readonly at: number;
  readonly what: ArrowWhat;
  readonly from: number;
  readonly to: readonly number[];
  /** The kind of the message, a key of the page's words (`id`, `room`, `private`, ...). */
  readonly kind: string;
  /** The protocol's own marks of the server's lines: `* hello`, `? menu`, `<alice>`. */
  readonly tags?: readonly string[];
  /** TCP payload bytes of the segment (Wireshark's `Len=`). */
  readonly len?: number;
  /** The text, made visible, at most {@link MAX_TEXT_SHOWN} characters; absent when hidden. */
  readonly text?: string;
  /** Why the text is not shown: `private` (a private chat) or `text` (`--web-text none`). */
  readonly hidden?: "private" | "text";
  /** For a relayed line: the client who wrote it. */
  readonly origin?: number;
  /** The server's own words about it (why it refused, dropped, closed), made visible. */
  readonly note?: string;
  /** Who a note is about, as the log names them (`#3 127.0.0.1:53280 alice`), made visible. */
  readonly who?: string;
  /** The segment's payload, as escaped text (`hi\n`), when the text may be shown. */
  readonly bytes?: string;
}

/** Longest text an arrow carries; longer lines are cut (the log shows them whole). */
export const MAX_TEXT_SHOWN = 300;

/** The first message: everything to draw the page. */
export interface Hello {
  readonly version: string;
  /** When this server started: a page that reconnects to another start knows it restarted. */
  readonly started: number;
  /** The server's clock now, to show how long connections have lasted. */
  readonly now: number;
  readonly mode: "chat" | "broadcast" | "echo";
  /** The chat server's address, `127.0.0.1:3333`. */
  readonly listen: string;
  /** Seconds of silence before TCP keep-alive probes start (`--keepalive`); 0 = none. */
  readonly keepaliveSeconds: number;
  readonly webText: WebText;
  /** The language of `texts`. */
  readonly lang: Language;
  readonly texts: PageTexts;
  /** Most arrows the page keeps. */
  readonly history: number;
  /** How long ended rows stay, ms. */
  readonly endedRowMs: number;
  readonly rows: readonly Row[];
  readonly arrows: readonly Arrow[];
}

/** What changed since the last message. */
export interface Frame {
  readonly now: number;
  /** Rows that changed or appeared, whole. */
  readonly rows: readonly Row[];
  /** Rows to remove (ended long enough ago). */
  readonly gone: readonly number[];
  readonly arrows: readonly Arrow[];
  /** Events that happened but are not sent: more than the history holds came at once. */
  readonly skipped: number;
}
