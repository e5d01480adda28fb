/**
 * Every error the runtime's network calls throw, classified in one place: the server's accept
 * loop, both ends' reads and writes, the client's connect and the server's listen all ask
 * {@link classifyNetError} what happened, instead of each matching error classes or messages.
 *
 * Deno maps most OS errors to a `Deno.errors` class; the ones it does not (running out of file
 * descriptors, a failed name lookup) only show in the message, as `(os error N)` with the
 * platform's errno (Linux numbers below) or the resolver's words. Sockets of `node:net` (the
 * server's, see `lib/server/listener.ts`, and the grader's clients, which can end a connection
 * with an RST) throw Node's errors instead, which name the errno in their `code` (`ECONNRESET`,
 * `ETIMEDOUT`...).
 *
 * @example
 * ```ts
 * import { classifyNetError } from "./errors.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(classifyNetError(new Deno.errors.ConnectionReset("reset")).kind, "reset");
 * equal(classifyNetError(new Error("Too many open files (os error 24)")).kind, "out-of-descriptors");
 * equal(classifyNetError(Object.assign(new Error("read ETIMEDOUT"), { code: "ETIMEDOUT" })).kind,
 *   "timed-out");
 * ```
 * @module
 */

/** What went wrong, in the terms the programs' messages use. */
export type NetErrorKind =
  /** Nothing listens there (ECONNREFUSED). */
  | "refused"
  /** The peer is gone: an RST arrived, or a write met a closed connection (ECONNRESET, EPIPE). */
  | "reset"
  /** The connection is not (or no longer) connected (ENOTCONN): a peer reset before accept. */
  | "not-connected"
  /** No answer in time (ETIMEDOUT: a connect, or a peer that stopped acknowledging keep-alive
   * probes or data; or our own abort of a connect). */
  | "timed-out"
  /** The host name did not resolve. */
  | "unknown-host"
  /** The host is no name or address at all (`a b`, `a..b`): Deno refuses it with a URIError. */
  | "invalid-host"
  /** No route to the host or network (EHOSTUNREACH, ENETUNREACH). */
  | "unreachable"
  /** The program lacks Deno's permission (`--allow-net`). */
  | "no-permission"
  /** The operating system refused (EACCES: a port below 1024 without root). */
  | "os-refused"
  /** The address and port are taken (EADDRINUSE). */
  | "address-in-use"
  /** The address is not one of this machine's (EADDRNOTAVAIL). */
  | "address-not-available"
  /** Out of file descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): try again later. */
  | "out-of-descriptors"
  /** The resource was closed by this program (a read pending when we closed it). */
  | "closed"
  /** Anything else. */
  | "other";

/** A classified error, with the runtime's own message for the log. */
export interface NetError {
  readonly kind: NetErrorKind;
  readonly detail: string;
}

// Linux errno numbers of the resource errors Deno reports only in the message: EMFILE 24,
// ENFILE 23, ENOBUFS 105, ENOMEM 12 (macOS: EMFILE 24, ENFILE 23, ENOBUFS 55, ENOMEM 12).
const OUT_OF_RESOURCES = /os error (24|23|105|55|12)\)|too many open files/i;
// getaddrinfo's words on Linux (glibc), macOS and Windows, and Deno's own.
const LOOKUP_FAILED =
  /failed to lookup address|lookup address|name or service not known|no such host|nodename nor servname|temporary failure in name resolution/i;

/** What a thrown value means (see {@link NetErrorKind}). */
export function classifyNetError(error: unknown): NetError {
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: kindOf(error, detail), detail };
}

/** Node's error codes (`node:net`), each with its kind. */
const NODE_CODES: Readonly<Record<string, NetErrorKind>> = {
  ECONNREFUSED: "refused",
  ECONNRESET: "reset",
  ECONNABORTED: "reset",
  EPIPE: "reset",
  ENOTCONN: "not-connected",
  ETIMEDOUT: "timed-out",
  ENOTFOUND: "unknown-host",
  EAI_AGAIN: "unknown-host",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  EACCES: "os-refused",
  EADDRINUSE: "address-in-use",
  EADDRNOTAVAIL: "address-not-available",
  EMFILE: "out-of-descriptors",
  ENFILE: "out-of-descriptors",
  ENOBUFS: "out-of-descriptors",
  ENOMEM: "out-of-descriptors",
  // A write or read on a socket this program already destroyed.
  ERR_STREAM_DESTROYED: "closed",
  ERR_SOCKET_CLOSED: "closed",
  ERR_STREAM_WRITE_AFTER_END: "closed",
};

function kindOf(error: unknown, detail: string): NetErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code in NODE_CODES) return NODE_CODES[code];
  const e = Deno.errors;
  if (error instanceof e.ConnectionRefused) return "refused";
  if (
    error instanceof e.ConnectionReset || error instanceof e.ConnectionAborted ||
    error instanceof e.BrokenPipe || error instanceof e.UnexpectedEof
  ) return "reset";
  if (error instanceof e.NotConnected) return "not-connected";
  if (error instanceof e.TimedOut) return "timed-out";
  if (error instanceof DOMException && error.name === "AbortError") return "timed-out";
  if (error instanceof e.NotCapable) return "no-permission";
  if (error instanceof e.PermissionDenied) return "os-refused";
  if (error instanceof e.AddrInUse) return "address-in-use";
  if (error instanceof e.AddrNotAvailable) return "address-not-available";
  if (error instanceof e.BadResource || error instanceof e.Interrupted) return "closed";
  if (error instanceof URIError) return "invalid-host";
  if (OUT_OF_RESOURCES.test(detail)) return "out-of-descriptors";
  if (LOOKUP_FAILED.test(detail)) return "unknown-host";
  if (/os error (113|101|65|51)\)|unreachable/i.test(detail)) return "unreachable";
  return "other";
}
