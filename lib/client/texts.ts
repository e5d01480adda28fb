/**
 * Every sentence the client itself prints, one catalogue per language, and the exit code that goes
 * with each ending. The server's lines are printed as they arrive, in the server's language; these
 * are only the client's own: its status lines, its errors and the words of its prompt. English
 * ({@link CLIENT_EN}) defines the shape ({@link ClientTexts}); every other catalogue must have
 * exactly the same keys, which the type checker enforces.
 *
 * @example
 * ```ts
 * import { CLIENT_TEXTS, ending } from "./texts.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const en = CLIENT_TEXTS.en;
 * equal(en.connected("127.0.0.1:53278", "127.0.0.1:3333"), "connected 127.0.0.1:53278 -> 127.0.0.1:3333");
 * deepEqual(ending({ by: "server" }, "127.0.0.1:3333", CLIENT_TEXTS.ro), {
 *   line: "serverul a închis conexiunea (127.0.0.1:3333 a trimis FIN)",
 *   code: 0,
 * });
 * ```
 * @module
 */

import { signalExitCode, type StopSignal } from "../cli.ts";
import { formatPeer } from "../core/protocol.ts";
import type { Language, Shape } from "../core/texts.ts";
import type { OutputProblem } from "../io.ts";
import { CLIENT_RO } from "./texts_ro.ts";

/** How a connection ended. */
export type ConnectionEnd =
  /** The server sent its FIN first; the client answered with its own. */
  | { readonly by: "server" }
  /** The client sent its FIN first (the user left, or piped input ended). */
  | { readonly by: "client" }
  /** The client closed, but the server had stopped reading: what was sent last could not leave
   * in time and was discarded. */
  | { readonly by: "stalled" }
  /** Reset (RST) or broken: no clean close. */
  | { readonly by: "lost"; readonly reason: "reset" | "error"; readonly detail: string };

/** The client's English sentences. */
export const CLIENT_EN = {
  connected: (local: string, remote: string) => `connected ${local} -> ${remote}`,
  serverClosed: (remote: string) => `the server closed the connection (${remote} sent FIN)`,
  clientClosed: (remote: string) => `connection to ${remote} closed (FIN both ways)`,
  stalled: (remote: string) =>
    `connection to ${remote} closed: the server stopped reading; lines not sent`,
  reset: (remote: string) => `connection lost: ${remote} reset it (RST)`,
  broken: (remote: string, detail: string) => `connection to ${remote} lost: ${detail}`,
  refused: (host: string, port: number) =>
    `connection refused by ${host} port ${port}: is the server running on ${
      formatPeer(host, port)
    }?`,
  unknownHost: (host: string) =>
    `unknown host "${host}": check the name, or give an address such as 127.0.0.1`,
  timedOut: (host: string, port: number, seconds: number) =>
    `no answer from ${host} port ${port} within ${seconds} s: is the address right?`,
  cannotConnect: (host: string, port: number, detail: string) =>
    `cannot connect to ${host} port ${port}: ${detail}`,
  noPermission: () => "no network permission (deno run needs --allow-net)",
  unexpected: (detail: string) => `unexpected error: ${detail}`,
  receivedTooLong: (max: number) => `(a line over ${max} bytes arrived; it was dropped)`,
  notSentYet: () =>
    "(the server is not reading what was sent: your line is kept; press Enter again later)",
  outputGone: () => "standard output was closed by its reader: closing the connection",
  outputFailed: (detail: string) =>
    `cannot write to standard output (${detail}): closing the connection`,
  inputFailed: (detail: string) => `cannot read standard input (${detail}): closing the connection`,
  suspendUnderRunner: (runner: string) =>
    `(Ctrl+Z cannot suspend a client started by ${runner}, which would not stop with it: ` +
    "start it with deno run or chat-client to use Ctrl+Z)",
  suspendUnsupported: () => "(Ctrl+Z: this system cannot suspend a program)",
  /** The prompt's words for each chat-mode place (`prompt.ts` adds the `> `). */
  prompt: {
    naming: () => "your ID",
    menu: () => "menu 1-4",
    choosing: () => "chat with",
    requesting: (target: string) => `waiting for ${target}`,
    answering: (requester: string) => `${requester} asks, y/n`,
    private: (partner: string) => `to ${partner}`,
    room: () => "to #room",
  },
} as const;

/** The shape every language's client catalogue has. */
export type ClientTexts = Shape<typeof CLIENT_EN>;

/** Every client catalogue, by language. */
export const CLIENT_TEXTS: Readonly<Record<Language, ClientTexts>> = {
  en: CLIENT_EN,
  ro: CLIENT_RO,
};

/**
 * What ended a session early besides the connection: its own input or output. `reader-gone` is
 * standard output's reader leaving (`| head -n 1`): it got what it wanted, so that is no error.
 */
export type StreamProblem = {
  readonly stream: "input" | "output";
  readonly why: OutputProblem;
  readonly detail: string;
};

/** How a session ended: the connection, and the problem with its own streams that ended it. */
export interface SessionEnd {
  readonly connection: ConnectionEnd;
  readonly problem: StreamProblem | null;
}

/**
 * The client's exit code: 128 + n when signal n stopped it (as a shell reports a killed program);
 * else 1 when it could not read its input or write its output, or the connection did not close
 * cleanly (see {@link ending}); else 0.
 * A reader that left its output (`| head`) is a clean end, as it is for OpenBSD nc (cat dies of
 * SIGPIPE, 141, which breaks `set -o pipefail` scripts for no loss).
 */
export function exitCode(end: SessionEnd, signal: StopSignal | null): number {
  if (signal !== null) return signalExitCode(signal);
  if (end.problem !== null && end.problem.why !== "reader-gone") return 1;
  return end.connection.by === "server" || end.connection.by === "client" ? 0 : 1;
}

/** The line to print and the exit code for an ending: 0 for a clean close, 1 for any other. */
export function ending(
  end: ConnectionEnd,
  remote: string,
  texts: ClientTexts,
): { line: string; code: 0 | 1 } {
  switch (end.by) {
    case "server":
      return { line: texts.serverClosed(remote), code: 0 };
    case "client":
      return { line: texts.clientClosed(remote), code: 0 };
    case "stalled":
      return { line: texts.stalled(remote), code: 1 };
    case "lost":
      return {
        line: end.reason === "reset" ? texts.reset(remote) : texts.broken(remote, end.detail),
        code: 1,
      };
  }
}
