/**
 * One connection to the live view, as HTTP/1.1 sees it: its request head is read (bounded in
 * bytes and in time), the handler's `Response` is written, and the connection is closed after it.
 *
 * Why not `Deno.serve` or `node:http`: the live view must never take from the chat what the chat
 * needs (descriptors), and a half-sent request must not hold a socket for ever (slowloris). In
 * Deno 2.9, `Deno.serve` has no connection limit and no header timeout, and its accept loop stops
 * for good at the first EMFILE; Deno's `node:http` honours `maxConnections` but not
 * `headersTimeout` or `requestTimeout` (measured: a half-sent request stayed open past both).
 * The page needs only GET and HEAD of a few files and one event stream, so the live view accepts
 * on the chat's own re-arming `node:net` listener (`../listener.ts`) and reads the request head
 * itself: request line, `Host`, nothing else is used. Every answer says `connection: close`,
 * so a connection serves one request: nothing idles between requests, and a body (never wanted
 * by a read-only view) is never read.
 *
 * @module
 */

import type { Socket } from "node:net";
import { STATUS_CODES } from "node:http";
import { type Clock, systemClock } from "../../clock.ts";

/** Longest request head read, in bytes: a browser's is under 2 KiB (cookies aside: none here). */
export const MAX_HEAD_BYTES = 8 * 1024;
/** How long a connection may take to send its whole request head, in ms; a browser sends it at
 * once. Past it the connection is closed: half-sent requests cannot pile up (slowloris). The same
 * time bounds taking an answer (a file of the page) and closing after it: a peer that reads
 * nothing, or never closes its side, holds its place no longer. */
export const HEAD_TIMEOUT_MS = 10_000;

/** A request the live view answers: its method and URL (whose host is the `Host` header). */
export interface WebRequest {
  readonly method: string;
  readonly url: URL;
}

/** What answers one request. */
export type WebHandler = (request: WebRequest) => Response;

/** The request head read so far; what it says, or why it is refused. */
export type HeadParse =
  | { readonly kind: "more" }
  | { readonly kind: "request"; readonly request: WebRequest }
  | { readonly kind: "bad"; readonly status: 400 | 431; readonly why: string };

const latin1 = new TextDecoder("latin1");

/**
 * Parses the request head in `bytes` (RFC 9112 §3: request line, then fields, then an empty
 * line). A request without exactly one `Host` is refused (RFC 9112 §3.2: 400).
 */
export function parseHead(bytes: Uint8Array): HeadParse {
  const text = latin1.decode(bytes);
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) {
    return bytes.length > MAX_HEAD_BYTES
      ? { kind: "bad", status: 431, why: "request head too long" }
      : { kind: "more" };
  }
  if (end > MAX_HEAD_BYTES) return { kind: "bad", status: 431, why: "request head too long" };
  const [line, ...fields] = text.slice(0, end).split("\r\n");
  const start = /^([A-Z]+) (\/\S*) HTTP\/1\.[01]$/.exec(line);
  if (start === null) return { kind: "bad", status: 400, why: "not an HTTP/1.1 request" };
  const hosts = fields.filter((f) => /^host:/i.test(f)).map((f) => f.slice(5).trim());
  if (hosts.length !== 1 || hosts[0] === "") {
    return { kind: "bad", status: 400, why: "a request needs one Host header" };
  }
  try {
    return {
      kind: "request",
      request: { method: start[1], url: new URL(start[2], `http://${hosts[0]}`) },
    };
  } catch {
    return { kind: "bad", status: 400, why: "bad Host header" };
  }
}

/**
 * Serves `socket`: reads its request head, answers with `handler`, closes. A body that is a
 * stream (the page's events) is written as it comes, awaiting the socket's room; when the stream
 * fails (its page stopped reading) the socket is reset, freeing what its kernel buffer holds.
 */
export function serveConnection(
  socket: Socket,
  handler: WebHandler,
  clock: Clock = systemClock,
): void {
  let head = new Uint8Array(0);
  const timer = clock.setTimeout(() => socket.destroy(), HEAD_TIMEOUT_MS, { background: true });
  let answering = false;
  socket.on("error", () => {}); // a reset peer: "close" follows and ends everything
  socket.on("close", () => clock.clearTimeout(timer));
  // The listener keeps a peer's FIN from closing the socket (`allowHalfOpen`, for the chat's
  // clients). Here a peer that ends before its request is whole is gone; one that ends after
  // it (`nc -N`) still gets its answer: `end()` below closes once it is written.
  socket.on("end", () => {
    if (!answering || streaming) socket.destroy();
  });
  let streaming = false;
  const onData = (chunk: Uint8Array) => {
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    const parsed = parseHead(head);
    if (parsed.kind === "more") return;
    socket.off("data", onData);
    // What follows the head is not wanted (GET has no body); it is read and dropped so that a
    // page's close is seen at once.
    socket.on("data", () => {});
    answering = true;
    clock.clearTimeout(timer);
    const response = parsed.kind === "bad"
      ? new Response(parsed.why + "\n", {
        status: parsed.status,
        headers: { "content-type": "text/plain; charset=utf-8" },
      })
      : answer(handler, parsed.request);
    const headOnly = parsed.kind === "request" && parsed.request.method === "HEAD";
    streaming = !headOnly && isStream(response);
    // A page's stream lasts as long as the page reads it (its queue's bound ends one that does
    // not); anything else must be taken and closed in time.
    if (!streaming) {
      const linger = clock.setTimeout(() => socket.destroy(), HEAD_TIMEOUT_MS, {
        background: true,
      });
      socket.on("close", () => clock.clearTimeout(linger));
    }
    void write(socket, response, headOnly);
  };
  socket.on("data", onData);
}

function answer(handler: WebHandler, request: WebRequest): Response {
  try {
    return handler(request);
  } catch {
    return new Response("error\n", { status: 500 });
  }
}

async function write(socket: Socket, response: Response, headOnly: boolean): Promise<void> {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ""}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  lines.push("connection: close");
  const body = response.body;
  if (body === null || !isStream(response) || headOnly) {
    const bytes = headOnly || body === null ? new Uint8Array(0) : await response.bytes();
    if (headOnly) await body?.cancel();
    else lines.push(`content-length: ${bytes.length}`);
    socket.write(lines.join("\r\n") + "\r\n\r\n");
    socket.end(bytes);
    return;
  }
  socket.write(lines.join("\r\n") + "\r\n\r\n");
  const reader = body.getReader();
  socket.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (socket.destroyed) return;
      // The stream fails (rejecting `closed`) when its page is dropped while this waits.
      if (!socket.write(r.value)) await Promise.race([drained(socket), reader.closed]);
    }
    socket.end();
  } catch {
    // The stream failed: its page stopped reading and was dropped. Reset, so the kernel lets go
    // of what waits in the send buffer now, not after the peer's window ever opens again.
    socket.resetAndDestroy();
  }
}

/** A page's event stream: written as it comes, for as long as the page reads. */
function isStream(response: Response): boolean {
  return response.body !== null &&
    (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}
