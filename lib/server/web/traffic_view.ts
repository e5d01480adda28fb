/**
 * The live view's picture of the server, kept from its traffic events: one row per connection
 * (counts, ID, place, how it ended) and the recent events as the sequence diagram's arrows.
 *
 * Bounded and cheap under load: an event costs a few counter updates and one small record; the
 * records are turned into arrows only when a frame is taken, and only the newest `history` of
 * them (the rest are counted as skipped). Ended rows stay `endedRowMs`, and at most
 * `maxEndedRows` of them. No I/O and no clock of its own: times come with the events and with
 * each `frame(now)`, so every rule here is tested with plain values.
 *
 * @module
 */

import { parseServerLine, placeAfter } from "../../core/protocol.ts";
import type { ConnId } from "../../core/machine.ts";
import type { Ending } from "../client_connection.ts";
import type { Mode } from "../options.ts";
import type { TrafficEvent, TrafficListener } from "../traffic.ts";
import { arrowOf } from "./arrows.ts";
import {
  type Arrow,
  type EndingView,
  type Frame,
  PEER_ENDINGS,
  type PlaceView,
  type Row,
  type WebText,
} from "./view.ts";

/** The bounds of a view. */
export interface ViewLimits {
  /** Arrows kept for a page that opens, and most sent in one frame. */
  readonly history: number;
  /** How long an ended connection's row stays, greyed, ms. */
  readonly endedRowMs: number;
  /** Most ended rows kept at once (a burst of short connections must not fill the table). */
  readonly maxEndedRows: number;
}

/** The last few hundred events: what a diagram on a projector can show, and cheap to send. */
export const DEFAULT_WEB_HISTORY = 400;
/** A minute: long enough to see how a connection ended after looking away. */
export const ENDED_ROW_MS = 60_000;
/** Counts change with every line; a row's new counts are sent at most this often, ms. */
export const ROWS_MS = 1000;
/** Most arrows in one frame: 500 a second, more than anyone can read; the rest are counted as
 * skipped, and under a load like that the counts in the table say more. */
export const MAX_ARROWS_PER_FRAME = 100;
/** Ended rows kept at most. */
export const MAX_ENDED_ROWS = 200;

export const DEFAULT_VIEW_LIMITS: ViewLimits = {
  history: DEFAULT_WEB_HISTORY,
  endedRowMs: ENDED_ROW_MS,
  maxEndedRows: MAX_ENDED_ROWS,
};

interface RowState {
  readonly conn: ConnId;
  readonly peer: string;
  readonly openedAt: number;
  id?: string;
  place?: PlaceView;
  bytesIn: number;
  bytesOut: number;
  linesIn: number;
  linesOut: number;
  /** How it was refused, from its first moment. */
  refused?: EndingView & { readonly how: "refused" | "refused-at-once" };
  endedAt?: number;
  ending?: EndingView;
}

/** An event as it happened, with what the arrow needs to know of that moment. */
export interface Happened {
  readonly seq: number;
  readonly event: TrafficEvent;
  /** Where the sender of a `recv` was when it arrived. */
  readonly place?: PlaceView;
}

/** The rows and recent events of one server. */
export class TrafficView implements TrafficListener {
  readonly wantsMessages = true;
  readonly mode: Mode;
  readonly webText: WebText;
  readonly limits: ViewLimits;
  readonly #rows = new Map<ConnId, RowState>();
  /** Ended connections, oldest end first. */
  #ended: ConnId[] = [];
  #history: Arrow[] = [];
  #pending: Happened[] = [];
  #skipped = 0;
  /** Rows whose counts changed: sent at most every {@link ROWS_MS}. */
  #dirty = new Set<ConnId>();
  /** Rows that appeared, ended, or moved (ID, place): sent with the next frame. */
  #urgent = new Set<ConnId>();
  #rowsAt = -Infinity;
  #gone: ConnId[] = [];
  #seq = 0;

  constructor(mode: Mode, webText: WebText, limits: ViewLimits = DEFAULT_VIEW_LIMITS) {
    this.mode = mode;
    this.webText = webText;
    this.limits = limits;
  }

  traffic(event: TrafficEvent): void {
    const happened = this.#apply(event);
    const pending = this.#pending;
    pending.push(happened);
    // Trimmed in batches, so that each event costs O(1) however fast they come.
    if (pending.length >= 2 * this.limits.history) {
      const extra = pending.length - this.limits.history;
      pending.splice(0, extra);
      this.#skipped += extra;
    }
  }

  /** True when rows changed that the next frame due will carry. */
  get waiting(): boolean {
    return this.#dirty.size > 0 || this.#urgent.size > 0 || this.#pending.length > 0;
  }

  /**
   * What changed since the last frame, or `undefined` when nothing is due: new arrows (the newest
   * {@link MAX_ARROWS_PER_FRAME}), rows that appeared, ended or moved, and, at most every
   * {@link ROWS_MS}, rows whose counts changed.
   */
  frame(now: number): Frame | undefined {
    this.#expire(now);
    // Rows that moved go at once, and take every changed count with them.
    const rowsDue = this.#urgent.size > 0 ||
      (this.#dirty.size > 0 && now - this.#rowsAt >= ROWS_MS);
    if (
      this.#pending.length === 0 && this.#urgent.size === 0 && this.#gone.length === 0 && !rowsDue
    ) {
      return undefined;
    }
    const most = Math.min(this.limits.history, MAX_ARROWS_PER_FRAME);
    const history = this.limits.history;
    const skipped = this.#skipped + Math.max(0, this.#pending.length - most);
    const arrows = this.#pending.slice(-most).map((h) => arrowOf(h, this.webText, this.mode));
    this.#pending = [];
    this.#skipped = 0;
    this.#history.push(...arrows);
    if (this.#history.length >= 2 * history) this.#history = this.#history.slice(-history);
    const rows: Row[] = [];
    if (rowsDue) {
      this.#rowsAt = now;
      for (const conn of this.#dirty) this.#urgent.add(conn);
      this.#dirty.clear();
    }
    for (const conn of this.#urgent) {
      const row = this.#rows.get(conn);
      if (row) rows.push(rowView(row));
      this.#dirty.delete(conn);
    }
    this.#urgent.clear();
    const gone = this.#gone;
    this.#gone = [];
    return { now, rows, gone, arrows, skipped };
  }

  /** Every row and the recent arrows, as a page that opens now must see them. Call after
   * {@link frame}, so that nothing pending is left out. */
  snapshot(): { rows: Row[]; arrows: Arrow[] } {
    return {
      rows: [...this.#rows.values()].map(rowView),
      arrows: this.#history.slice(-this.limits.history),
    };
  }

  #apply(event: TrafficEvent): Happened {
    const seq = ++this.#seq;
    switch (event.type) {
      case "connect":
      case "refused": {
        const { conn, peer } = event.client;
        const row: RowState = {
          conn,
          peer,
          openedAt: event.at,
          bytesIn: 0,
          bytesOut: 0,
          linesIn: 0,
          linesOut: 0,
        };
        if (event.type === "refused") {
          row.refused = { how: event.atOnce ? "refused-at-once" : "refused", why: event.why };
        } else if (this.mode === "chat") row.place = { kind: "naming" };
        this.#rows.set(conn, row);
        this.#urgent.add(conn);
        return { seq, event };
      }
      case "recv": {
        const row = this.#touch(event.client.conn, event.client.label);
        if (row) {
          row.bytesIn += event.message.bytes;
          if (event.message.kind === "line") row.linesIn++;
        }
        return { seq, event, place: row?.place };
      }
      case "send": {
        const row = this.#touch(event.client.conn, event.client.label);
        if (row) {
          row.bytesOut += event.bytes;
          row.linesOut += event.lines.length;
          if (this.mode === "chat") {
            const before = row.place;
            for (const line of event.lines) follow(row, line);
            if (row.place !== before) this.#urgent.add(row.conn);
          }
        }
        return { seq, event };
      }
      case "send-telnet": {
        const row = this.#touch(event.client.conn, event.client.label);
        if (row) row.bytesOut += event.bytes;
        return { seq, event };
      }
      case "forward": {
        this.#touch(event.from.conn, event.from.label);
        for (const to of event.to) {
          const row = this.#rows.get(to);
          if (!row) continue;
          row.bytesOut += event.bytes;
          row.linesOut++;
          this.#dirty.add(to);
        }
        return { seq, event };
      }
      case "disconnect": {
        const row = this.#touch(event.client.conn, event.client.label);
        if (row && row.endedAt === undefined) {
          row.endedAt = event.at;
          row.ending = row.refused ?? endingView(event.ending);
          this.#ended.push(row.conn);
          this.#urgent.add(row.conn);
        }
        return { seq, event };
      }
      case "overflow":
      case "warn":
      case "drop":
      case "kick":
        this.#touch(event.client.conn, event.client.label);
        return { seq, event };
      case "unaccepted":
      case "say":
        return { seq, event };
    }
  }

  /** The row of `conn`, marked changed, with the ID the mode gives it. */
  #touch(conn: ConnId, label: string | undefined): RowState | undefined {
    const row = this.#rows.get(conn);
    if (!row) return undefined;
    if (label !== undefined && this.mode === "chat" && row.id !== label) {
      row.id = label;
      this.#urgent.add(conn);
    }
    this.#dirty.add(conn);
    return row;
  }

  /** Removes rows that ended long enough ago, and the oldest beyond the most kept. */
  #expire(now: number): void {
    const { endedRowMs, maxEndedRows } = this.limits;
    let drop = 0;
    while (drop < this.#ended.length) {
      const row = this.#rows.get(this.#ended[drop]);
      const old = row?.endedAt === undefined || now - row.endedAt >= endedRowMs;
      if (!old && this.#ended.length - drop <= maxEndedRows) break;
      drop++;
    }
    if (drop === 0) return;
    for (const conn of this.#ended.slice(0, drop)) {
      this.#rows.delete(conn);
      this.#dirty.delete(conn);
      this.#urgent.delete(conn);
      this.#gone.push(conn);
    }
    this.#ended = this.#ended.slice(drop);
  }
}

/** Follows a chat user's place (and ID) through the lines the server sends them, as the client
 * does: the place is what the protocol says it is (`placeAfter`). */
function follow(row: RowState, line: string): void {
  const parsed = parseServerLine(line);
  if (parsed.kind === "notice" && parsed.code === "hello" && parsed.subject !== undefined) {
    row.id ??= parsed.subject;
  }
  const place = placeAfter(parsed);
  if (place === undefined) return;
  switch (place.kind) {
    case "requesting":
      row.place = { kind: place.kind, with: place.target };
      break;
    case "answering":
      row.place = { kind: place.kind, with: place.requester };
      break;
    case "private":
      row.place = { kind: place.kind, with: place.partner };
      break;
    default:
      row.place = { kind: place.kind };
  }
}

function endingView(ending: Ending): EndingView {
  switch (ending.by) {
    case "peer":
      return { how: PEER_ENDINGS[ending.cause] };
    case "server":
      return { how: "server-fin", why: ending.why };
    case "dropped":
      return { how: "dropped", why: ending.why };
  }
}

function rowView(row: RowState): Row {
  const { refused, ...view } = row;
  // A refused client is shown as refused from the start: it is told why and closed.
  if (refused !== undefined && view.ending === undefined) return { ...view, ending: refused };
  return { ...view };
}
