/**
 * Every sentence the client itself prints, and the exit code that goes with each ending.
 *
 * @example
 * ```ts
 * import { CLIENT_TEXTS, ending } from "./texts.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * equal(CLIENT_TEXTS.connected("127.0.0.1:53278", "127.0.0.1:3333"), "connected 127.0.0.1:53278 -> 127.0.0.1:3333");
 * deepEqual(ending({ by: "server" }, "127.0.0.1:3333"), {
 *   line: "the server closed the connection (127.0.0.1:3333 sent FIN)",
 *   code: 0,
 * });
 * ```
 * @module
 */

/** How a connection ended. */
export type ConnectionEnd =
  /** The server sent its FIN first; the client answered with its own. */
  | { readonly by: "server" }
  /** The client sent its FIN first (the user left, or piped input ended). */
  | { readonly by: "client" }
  /** Reset (RST) or broken: no clean close. */
  | { readonly by: "lost"; readonly reason: "reset" | "error"; readonly detail: string };

/** The client's sentences. */
export const CLIENT_TEXTS = {
  connected: (local: string, remote: string) => `connected ${local} -> ${remote}`,
  serverClosed: (remote: string) => `the server closed the connection (${remote} sent FIN)`,
  clientClosed: (remote: string) => `connection to ${remote} closed (FIN both ways)`,
  reset: (remote: string) => `connection lost: ${remote} reset it (RST)`,
  broken: (remote: string, detail: string) => `connection to ${remote} lost: ${detail}`,
  refused: (host: string, port: number) =>
    `connection refused by ${host} port ${port}: is the server running on ${host}:${port}?`,
  unknownHost: (host: string) =>
    `unknown host "${host}": check the name, or give an address such as 127.0.0.1`,
  timedOut: (host: string, port: number, seconds: number) =>
    `no answer from ${host} port ${port} within ${seconds} s: is the address right?`,
  cannotConnect: (host: string, port: number, detail: string) =>
    `cannot connect to ${host} port ${port}: ${detail}`,
  noPermission: () => "no network permission (deno run needs --allow-net)",
  receivedTooLong: (max: number) => `(a line over ${max} bytes arrived; it was dropped)`,
  inputTooLong: (max: number) => `an input line over ${max} bytes was not sent (see --max-line)`,
  notSentYet: () =>
    "(the server is not reading what was sent: your line is kept; press Enter again later)",
} as const;

/** The line to print and the exit code for an ending: 0 for a clean close, 1 for a lost one. */
export function ending(end: ConnectionEnd, remote: string): { line: string; code: 0 | 1 } {
  switch (end.by) {
    case "server":
      return { line: CLIENT_TEXTS.serverClosed(remote), code: 0 };
    case "client":
      return { line: CLIENT_TEXTS.clientClosed(remote), code: 0 };
    case "lost":
      return {
        line: end.reason === "reset"
          ? CLIENT_TEXTS.reset(remote)
          : CLIENT_TEXTS.broken(remote, end.detail),
        code: 1,
      };
  }
}
