/**
 * One traffic event as an arrow of the live view's sequence diagram: who to whom (connection 0
 * is the server), what kind of line, its TCP payload length, and its text where `--web-text`
 * lets it show, made visible and cut to a bounded length.
 *
 * @module
 */

import { formatTelnetRun } from "../../core/telnet_commands.ts";
import { describeParty } from "../traffic_log.ts";
import { hiddenBecause, isPrivateText, receivedKind, serverLineLook } from "./line_kinds.ts";
import type { Happened } from "./traffic_view.ts";
import { shortened, visibleBytes, visibleText } from "./visible_text.ts";
import { type Arrow, MAX_TEXT_SHOWN, PEER_ENDINGS, type WebText } from "./view.ts";

/** The server's lifeline. */
export const SERVER = 0;

/** The text of a line as an arrow carries it. */
function shown(text: string): string {
  return visibleText(shortened(text, MAX_TEXT_SHOWN));
}

/** The arrow for one event. `mode` decides what a client's line is called. */
export function arrowOf(
  happened: Happened,
  webText: WebText,
  mode: Parameters<typeof receivedKind>[0],
): Arrow {
  const { seq, event } = happened;
  const at = event.at;
  switch (event.type) {
    case "connect":
      return { seq, at, what: "syn", from: event.client.conn, to: [SERVER], kind: "syn" };
    case "refused":
      return {
        seq,
        at,
        what: "syn",
        from: event.client.conn,
        to: [SERVER],
        kind: "syn",
        note: shown(event.why),
      };
    case "unaccepted":
      // Nobody to draw a lifeline for: a note on the server's.
      return { seq, at, what: "note", from: SERVER, to: [], kind: "unaccepted" };
    case "recv": {
      const { message, client } = event;
      if (message.kind === "telnet") {
        const text = formatTelnetRun(message.commands);
        return {
          seq,
          at,
          what: "telnet",
          from: client.conn,
          to: [SERVER],
          kind: "telnet",
          len: message.bytes,
          text,
          bytes: text,
        };
      }
      // An arrow from the client of the segment's length, in the page's words for `kind`.
      const received = (kind: string) =>
        ({
          seq,
          at,
          what: "recv",
          from: client.conn,
          to: [SERVER],
          kind,
          len: message.bytes,
        }) as const;
      if (message.kind === "overflow" || message.kind === "discarded") {
        // A line over --max-line: how it began, then its rest; neither was read.
        if (message.kind === "discarded") return received("discarded");
        const base = received("over-long");
        const hidden = hiddenBecause(webText, false);
        if (hidden) return { ...base, hidden };
        return { ...base, text: shown(message.head) + "…", bytes: shown(message.head) + "…" };
      }
      if (message.kind === "partner") {
        // The late second byte of a CR newline: no text, one byte of the line before.
        return {
          ...received("partner"),
          text: message.byte,
          bytes: shown(message.byte === "LF" ? "\n" : "\0"),
        };
      }
      const hidden = hiddenBecause(webText, isPrivateText(happened.place, message.text));
      const base = received(receivedKind(mode, happened.place));
      if (hidden) return { ...base, hidden };
      // The bytes as they came: the newline's own (CR LF, a lone CR...) and, for bytes that are
      // not UTF-8, each one (`\xff`), so the view matches its Len=.
      const newline = message.newline ?? (message.end === "newline" ? "\n" : "");
      const bytes = message.raw === undefined
        ? visibleText(shortened(message.text, MAX_TEXT_SHOWN) + newline)
        : visibleBytes(message.raw.subarray(0, MAX_TEXT_SHOWN)) +
          (message.raw.length > MAX_TEXT_SHOWN ? "…" : "") + visibleText(newline);
      return { ...base, text: shown(message.text), bytes };
    }
    case "send": {
      const looks = event.lines.map(serverLineLook);
      const base = {
        seq,
        at,
        what: "send",
        from: SERVER,
        to: [event.client.conn],
        kind: looks[0]?.kind ?? "text",
        tags: looks.map((l) => l.tag).filter((t) => t !== ""),
        len: event.bytes,
      } as const;
      const hidden = hiddenBecause(webText, false);
      if (hidden) return { ...base, hidden };
      // Each line as nc shows it; several lines of one segment joined by ⏎.
      return {
        ...base,
        text: shown(event.lines.join(" ⏎ ")),
        bytes: shown(event.lines.join("\n") + "\n"),
      };
    }
    case "send-telnet": {
      const text = formatTelnetRun(event.commands);
      return {
        seq,
        at,
        what: "telnet",
        from: SERVER,
        to: [event.client.conn],
        kind: "telnet",
        len: event.bytes,
        text,
        bytes: text,
      };
    }
    case "forward": {
      const look = serverLineLook(event.line);
      const base = {
        seq,
        at,
        what: "fwd",
        from: SERVER,
        origin: event.from.conn,
        to: event.to,
        kind: look.kind,
        tags: look.tag === "" ? [] : [look.tag],
        len: event.bytes,
      } as const;
      const hidden = hiddenBecause(webText, look.kind === "private");
      if (hidden) return { ...base, hidden };
      return { ...base, text: shown(event.line), bytes: shown(event.line + "\n") };
    }
    case "overflow":
    case "warn":
    case "drop": {
      // A note on the client's lifeline, in the server's words.
      const note = event.type === "overflow" ? String(event.maxLineBytes) : shown(event.why);
      return { seq, at, what: "note", from: event.client.conn, to: [], kind: event.type, note };
    }
    case "kick": {
      // On the kicked client's lifeline: who, and the operator's reason when one was given.
      const { client, reason } = event;
      const who = shown(describeParty(client));
      const base = { seq, at, what: "note", from: client.conn, to: [], who } as const;
      return reason === ""
        ? { ...base, kind: "kick" }
        : { ...base, kind: "kick-why", note: shown(reason) };
    }
    case "say":
      // The lines themselves follow as arrows to each connection, their text shown as theirs is.
      return {
        seq,
        at,
        what: "note",
        from: SERVER,
        to: [],
        kind: "say",
        note: String(event.reached),
      };
    case "disconnect": {
      const { ending, client } = event;
      switch (ending.by) {
        case "peer": {
          const kind = PEER_ENDINGS[ending.cause];
          // A machine that stopped answering sent nothing: the RST is the server kernel's.
          const [from, to] = kind === "timed-out" ? [SERVER, client.conn] : [client.conn, SERVER];
          return { seq, at, what: "end", from, to: [to], kind };
        }
        case "server":
        case "dropped": {
          const kind = ending.by === "server" ? "server-fin" : "dropped";
          const note = shown(ending.why);
          return { seq, at, what: "end", from: SERVER, to: [client.conn], kind, note };
        }
      }
    }
  }
}
