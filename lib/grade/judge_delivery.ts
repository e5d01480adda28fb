/**
 * Did each line reach a client exactly as expected? The judge behind every broadcast check: a
 * recipient's lines are matched, per sender and in order, against `[ip:port] text`, and the first
 * thing that does not match is named as the fault a student most likely made (no prefix, the
 * server's address in it, the bytes' `b'...'`, lost diacritics, no newline...).
 *
 * Pure: it reads {@link Seen} values.
 *
 * @example
 * ```ts
 * import { judgeDelivery } from "./judge_delivery.ts";
 * import { equal } from "node:assert/strict";
 *
 * const b = { name: "B", peer: "127.0.0.1:5002", bytes: new TextEncoder().encode("hi\n"),
 *   overflowed: false, total: 3 };
 * const sent = [{ from: "A", peer: "127.0.0.1:5001", text: "hi" }];
 * equal(judgeDelivery(b, sent, { serverPeer: "127.0.0.1:3333", peers: [] })?.kind, "no-prefix");
 * ```
 * @module
 */

import { formatBroadcast } from "../core/protocol.ts";
import { splitLines, text, withoutCr } from "./lines.ts";
import type { Seen } from "./seen.ts";

/** One line a client sent, as the others must get it. */
export interface Sent {
  /** The sender's name in the report (A, B...). */
  readonly from: string;
  /** The sender's `ip:port`. */
  readonly peer: string;
  /** The line, without its newline. */
  readonly text: string;
}

/** What the judge needs to know besides the lines. */
export interface Where {
  /** The server's `ip:port`, to recognise it in a prefix. */
  readonly serverPeer: string;
  /** Every client's `ip:port`, to recognise another client's address in a prefix. */
  readonly peers: readonly string[];
}

/** The first fault in what a client received. */
export type DeliveryProblem =
  | { readonly kind: "nothing" }
  | {
    readonly kind: "closed";
    readonly how: "fin" | "reset" | "error";
    /** Whose connection, and how many lines it had sent before (none: a close at once). */
    readonly name: string;
    readonly afterLines: number;
  }
  | { readonly kind: "no-newline"; readonly line: Sent }
  | { readonly kind: "no-prefix"; readonly line: Sent }
  | { readonly kind: "server-address"; readonly line: Sent }
  | { readonly kind: "wrong-peer"; readonly line: Sent; readonly shown: string }
  | { readonly kind: "bytes-repr"; readonly line: Sent }
  | { readonly kind: "encoding"; readonly line: Sent }
  | { readonly kind: "changed"; readonly line: Sent }
  | { readonly kind: "unexpected"; readonly got: string }
  | { readonly kind: "twice"; readonly line: Sent }
  | { readonly kind: "own-line"; readonly line: Sent }
  | { readonly kind: "order"; readonly line: Sent }
  | { readonly kind: "missing"; readonly line: Sent }
  | { readonly kind: "cut"; readonly line: Sent; readonly got: number; readonly of: number }
  | { readonly kind: "tag-format"; readonly line: Sent; readonly shown: string }
  | {
    readonly kind: "flood";
    readonly name: string;
    readonly total: number;
    /** A client of an earlier check, still connected. */
    readonly earlier: boolean;
  };

/**
 * The line a client sends when it joins a check after others (broadcast.ts, `openJoined`), so
 * that the check goes on only once the server has taken it in.
 */
export function joinText(name: string): string {
  return `${name} joins`;
}

/** The line a recipient must get for `sent`. */
export function expectedLine(sent: Sent): string {
  return formatBroadcast(sent.peer, sent.text);
}

/**
 * The first problem with what `seen` received, given every line it should get (each exactly
 * once, in order per sender; other senders' lines may interleave), or `null` when all came.
 * Its own join line coming back is ignored; with `joins` "any", every client's join line is
 * (a server that relays late delivers the joins late too).
 */
export function judgeDelivery(
  seen: Seen,
  sent: readonly Sent[],
  where: Where,
  own: readonly Sent[] = [],
  joins: "own" | "any" = "own",
): DeliveryProblem | null {
  if (seen.overflowed) {
    return { kind: "flood", name: seen.name, total: seen.total, earlier: false };
  }
  const { lines, rest } = splitLines(seen.bytes);
  const senders = [...new Set(sent.map((s) => s.from))];
  const queues = new Map(senders.map((f) => [f, sent.filter((s) => s.from === f)]));
  const done = new Set<Sent>();
  // Its own join line coming back, late: a server that sends a line to its sender too. That
  // fault is broadcast.not-to-sender's to name; here it would look like a wrong prefix.
  const ownJoin = [joinText(seen.name), formatBroadcast(seen.peer, joinText(seen.name))];
  for (const raw of lines) {
    const line = withoutCr(text(raw));
    if (ownJoin.includes(line) || (joins === "any" && JOIN.test(line))) continue;
    const next = senders.map((f) => queues.get(f)![0]).filter((s) => s !== undefined);
    const hit = next.find((s) => expectedLine(s) === line);
    if (hit) {
      queues.get(hit.from)!.shift();
      done.add(hit);
      continue;
    }
    const mine = own.find((s) => expectedLine(s) === line || s.text === line);
    if (mine) return { kind: "own-line", line: mine };
    const again = [...done].find((s) => expectedLine(s) === line);
    if (again) return { kind: "twice", line: again };
    const later = sent.find((s) => !done.has(s) && expectedLine(s) === line);
    if (later) return { kind: "order", line: later };
    return classify(line, next[0] ?? sent[0], where);
  }
  const missing = senders.map((f) => queues.get(f)![0]).find((s) => s !== undefined);
  if (missing === undefined) return null;
  const partial = text(rest);
  if (partial !== "" && partial.startsWith(expectedLine(missing))) {
    return { kind: "no-newline", line: missing };
  }
  if (partial !== "") return classify(withoutCr(partial), missing, where);
  if (lines.length === 0 && seen.ending && seen.ending.by !== "grader") {
    const how = seen.ending.by === "server-fin" ? "fin" : seen.ending.by;
    return { kind: "closed", how, name: seen.name, afterLines: seen.linesSent ?? 0 };
  }
  return lines.length === 0 ? { kind: "nothing" } : { kind: "missing", line: missing };
}

const PREFIXED = /^\[(.+?)\] ?(.*)$/s;
/** A join line ({@link joinText}) as any client may get it, with or without its sender's tag. */
const JOIN = /^(\[[^\]]+\] )?\w+ joins$/;

/** Names what is wrong with a line that should have been `expected`. */
function classify(line: string, expected: Sent | undefined, where: Where): DeliveryProblem {
  if (expected === undefined) return { kind: "unexpected", got: line };
  const want = expectedLine(expected);
  if (line.startsWith(want)) return { kind: "no-newline", line: expected };
  if (line === expected.text) return { kind: "no-prefix", line: expected };
  // The start of the line and nothing more: the server sent only part of it (a slice, a
  // fixed-size send, a send() whose return value was not checked). Only letters outside ASCII
  // missing at the end is a lost encoding instead.
  if (line !== "" && want.startsWith(line) && asciiOnly(want.slice(line.length)) !== "") {
    return { kind: "cut", line: expected, got: byteLength(line), of: byteLength(want) + 1 };
  }
  const tag = tagOf(line, expected);
  if (tag !== null) return { kind: "tag-format", line: expected, shown: tag };
  const prefixed = PREFIXED.exec(line);
  const body = prefixed ? prefixed[2] : line;
  if (/^b(['"]).*\1$/s.test(body) || /^b'/.test(body)) {
    return { kind: "bytes-repr", line: expected };
  }
  if (prefixed && prefixed[1] !== expected.peer) {
    if (prefixed[1] === where.serverPeer) return { kind: "server-address", line: expected };
    return { kind: "wrong-peer", line: expected, shown: prefixed[1] };
  }
  if (!prefixed) return { kind: "no-prefix", line: expected };
  if (body !== expected.text && asciiOnly(body) === asciiOnly(expected.text)) {
    return { kind: "encoding", line: expected };
  }
  return { kind: "changed", line: expected };
}

/**
 * The tag in front of the text when it names the sender but not in the lab's form (`[ip: port]`,
 * `(ip:port)`, `ip:port>`); `null` for any other line.
 */
function tagOf(line: string, expected: Sent): string | null {
  if (!line.endsWith(expected.text)) return null;
  const tag = line.slice(0, line.length - expected.text.length).trim();
  if (tag === "" || tag === `[${expected.peer}]`) return null;
  const colon = expected.peer.lastIndexOf(":");
  const host = expected.peer.slice(0, colon).replace(/^\[|\]$/g, "");
  const port = expected.peer.slice(colon + 1);
  const namesPort = new RegExp(`(^|\\D)${port}(\\D|$)`).test(tag);
  return tag.includes(host) && namesPort ? tag : null;
}

function byteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

/** The ASCII letters and digits of a text: what survives a wrong encoding. */
function asciiOnly(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, "");
}
