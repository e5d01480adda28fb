/**
 * The live view's HTTP server (`Deno.serve`): the page's files, and `/events`, its stream.
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

import { formatPeer } from "../../core/protocol.ts";
import { ASSETS } from "./assets.ts";
import type { LiveView } from "./live_view.ts";

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

/**
 * Starts serving `live`. `token` is needed beyond loopback and made up there unless given.
 * Throws the runtime's error (e.g. `AddrInUse`) if it cannot listen.
 */
export function startWebServer(
  address: WebAddress,
  live: LiveView,
  token = isLoopback(address.hostname) ? undefined : newToken(),
): WebServer {
  const server = Deno.serve({
    hostname: address.hostname,
    port: address.port,
    onListen: () => {}, // the server prints its own line
    onError: () => new Response("error", { status: 500 }),
  }, (request, info) => handle(request, info.remoteAddr, live, token));
  const addr = server.addr;
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
        live.close();
        await server.shutdown();
      })();
    },
  };
}

function handle(
  request: Request,
  remote: Deno.NetAddr,
  live: LiveView,
  token: string | undefined,
): Response {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return answer(405, "the live view is read-only", { allow: "GET, HEAD" });
  }
  const url = new URL(request.url);
  const asset = ASSETS.get(url.pathname);
  const needsToken = url.pathname === "/" || url.pathname === "/events";
  if (token === undefined) {
    // The URL's host is the request's `Host` header, as the browser sent it.
    if (!isLoopback(url.hostname)) {
      return answer(421, "open the live view at the address the server printed");
    }
  } else if (needsToken && !sameText(url.searchParams.get("token") ?? "", token)) {
    return answer(403, "open the live view with the link the server printed: it has ?token=…");
  }
  if (url.pathname === "/events") {
    const stream = live.open(formatPeer(remote.hostname, remote.port));
    if (stream === undefined) return answer(503, "too many live view pages are open");
    return new Response(stream, {
      headers: { ...SECURITY_HEADERS, "content-type": "text/event-stream; charset=utf-8" },
    });
  }
  // Browsers ask for an icon by themselves; there is none, and that is no error.
  if (url.pathname === "/favicon.ico") return new Response(null, { status: 204 });
  if (asset === undefined) return answer(404, "not found");
  return new Response(request.method === "HEAD" ? null : asset.body, {
    headers: { ...SECURITY_HEADERS, "content-type": asset.type },
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
