/**
 * The live view's HTTP server: the page's files, and `/events`, its stream. It accepts on the
 * chat's kind of listener (`../listener.ts`, which keeps accepting after running out of
 * descriptors) and serves each connection with `http_connection.ts` (why not `Deno.serve`: see
 * there). It holds at most `maxConnections` connections at once (its own share of the
 * descriptors: `shareDescriptors` in `../descriptors.ts`); one more is closed at once, so a flood
 * of connections to the live view never takes a descriptor the chat needs.
 *
 * Read-only and closed by default:
 * - only GET and HEAD are answered; nothing on the page can act on the chat server;
 * - bound to a loopback address, it answers only requests addressed to loopback (`Host:
 *   127.0.0.1:8080`, `localhost`, `[::1]`), so another web site cannot read it through a DNS name
 *   that points at 127.0.0.1 (DNS rebinding);
 * - bound to any other address, the page and its stream need the random token printed with the
 *   URL (`?token=...`); the scripts and the style sheet are the same for everyone and are served
 *   without it;
 * - every response forbids inline scripts, other origins and framing (Content-Security-Policy):
 *   should peer text ever reach the page as markup, it still could not run.
 *
 * @module
 */

import type { Socket } from "node:net";
import { type Clock, systemClock } from "../../clock.ts";
import { formatPeer } from "../../core/protocol.ts";
import { listen } from "../listener.ts";
import { ASSETS } from "./assets.ts";
import { serveConnection, type WebRequest } from "./http_connection.ts";
import type { LiveView } from "./live_view.ts";
import type { RefusalKind } from "./refusal_log.ts";

/** Most connections to the live view at once: the live view's 50 pages (`DEFAULT_MAX_VIEWERS`), and room
 * for as many more fetching the page's files or being refused. */
export const DEFAULT_MAX_WEB_CONNECTIONS = 100;

/** Where the live view listens, as `--web` gave it. */
export interface WebAddress {
  readonly hostname: string;
  readonly port: number;
}

/** A running live view server. */
export interface WebServer {
  /** The address it listens on (the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** The URL to open, with the token when one is needed. */
  readonly url: string;
  /** The token, when bound beyond loopback. */
  readonly token?: string;
  /** Ends every page's stream and stops listening. */
  stop(): Promise<void>;
}

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; " +
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; " +
    "frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** True for an address only this machine can reach. */
export function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "::1" || bare === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** A token nobody can guess: 128 random bits, URL-safe. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** How the live view's server is started. */
export interface WebServerOptions {
  /** Needed beyond loopback, and made up there unless given. */
  readonly token?: string;
  /** Most connections at once; default {@link DEFAULT_MAX_WEB_CONNECTIONS}. */
  readonly maxConnections?: number;
  readonly clock?: Clock;
  /** Told of each page refused (a wrong token, no place free), with the browser's `ip:port`. */
  readonly onRefused?: (kind: RefusalKind, peer: string) => void;
}

/**
 * Starts serving `live`. Rejects with the runtime's error (e.g. `AddrInUse`) if it cannot listen.
 */
export async function startWebServer(
  address: WebAddress,
  live: LiveView,
  options: WebServerOptions = {},
): Promise<WebServer> {
  const token = options.token ??
    (isLoopback(address.hostname) ? undefined : newToken());
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_WEB_CONNECTIONS;
  const clock = options.clock ?? systemClock;
  const refused = options.onRefused ?? (() => {});
  const sockets = new Set<Socket>();
  const listener = await listen(address.hostname, address.port, (socket) => {
    if (sockets.size >= maxConnections || socket.remoteAddress === undefined) {
      return void socket.resetAndDestroy();
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const browser = { address: socket.remoteAddress, port: socket.remotePort ?? 0 };
    serveConnection(socket, (request) => handle(request, browser, live, token, refused), clock);
  }, clock);
  const addr = listener.addr;
  const host = isLoopback(addr.hostname) || !/^(0\.0\.0\.0|::)$/.test(addr.hostname)
    ? addr.hostname
    : "127.0.0.1";
  const url = `http://${formatPeer(host, addr.port)}/${
    token === undefined ? "" : `?token=${token}`
  }`;
  let stopping: Promise<void> | undefined;
  return {
    addr,
    url,
    token,
    stop() {
      return stopping ??= (async () => {
        listener.close();
        live.close();
        // Streams just ended flush what they hold; whatever is still open then is reset.
        const closing = [...sockets].map((s) =>
          new Promise<void>((resolve) => s.destroyed ? resolve() : s.once("close", resolve))
        );
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          Promise.all(closing),
          new Promise((resolve) => timer = setTimeout(resolve, STOP_FLUSH_MS)),
        ]);
        clearTimeout(timer);
        for (const socket of sockets) socket.resetAndDestroy();
      })();
    },
  };
}

/** How long a stop waits for the pages' streams to flush before resetting them. */
const STOP_FLUSH_MS = 1000;

function handle(
  request: WebRequest,
  browser: { readonly address: string; readonly port: number },
  live: LiveView,
  token: string | undefined,
  onRefused: (kind: RefusalKind, peer: string) => void,
): Response {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return answer(405, "the live view is read-only", { allow: "GET, HEAD" });
  }
  const url = request.url;
  const peer = formatPeer(browser.address, browser.port);
  const asset = ASSETS.get(url.pathname);
  const needsToken = url.pathname === "/" || url.pathname === "/events";
  const tokenOk = token === undefined || sameText(url.searchParams.get("token") ?? "", token);
  // The URL's host is the request's `Host` header, as the browser sent it.
  if (token === undefined && !isLoopback(url.hostname)) {
    return answer(421, "open the live view at the address the server printed");
  }
  if (needsToken && !tokenOk) {
    onRefused("token", peer);
    return answer(403, "open the live view with the link the server printed: it has ?token=…");
  }
  switch (url.pathname) {
    case "/events": {
      const stream = live.open(browser.address, browser.port);
      if (typeof stream === "string") {
        onRefused(stream, peer);
        return answer(503, REFUSED[stream]);
      }
      return new Response(stream, {
        headers: { ...SECURITY_HEADERS, "content-type": "text/event-stream; charset=utf-8" },
      });
    }
    // The page's words, before its stream: no chat in them, so no token needed.
    case "/texts.json":
      return json(live.texts);
    // Why the page's stream was refused, asked by the page, which cannot read a refusal's text:
    // `{ "refused": "token" | "full" | "address" | null }`.
    case "/refusal":
      return json({ refused: tokenOk ? live.refusal(browser.address) ?? null : "token" });
    // Browsers ask for an icon by themselves; there is none, and that is no error.
    case "/favicon.ico":
      return new Response(null, { status: 204 });
  }
  if (asset === undefined) return answer(404, "not found");
  return new Response(request.method === "HEAD" ? null : asset.body, {
    headers: { ...SECURITY_HEADERS, "content-type": asset.type },
  });
}

const REFUSED = {
  full: "too many live view pages are open",
  address: "too many live view pages are open from your address",
} as const;

function json(data: unknown): Response {
  return new Response(JSON.stringify(data), {
    headers: { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8" },
  });
}

function answer(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text + "\n", {
    status,
    headers: { ...SECURITY_HEADERS, ...headers, "content-type": "text/plain; charset=utf-8" },
  });
}

/** Compares without stopping at the first difference, so timing tells nothing of the token. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
