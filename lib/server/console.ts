/**
 * The server's console: what an operator at the server's terminal types, read into commands, and
 * what the console prints back. Pure: no terminal, no connections (`console_session.ts` runs it).
 *
 * | command                | what it does                                                        |
 * | ---------------------- | ------------------------------------------------------------------- |
 * | `who`                  | lists every connection: `#N`, address, ID, where it is, how long     |
 * | `say TEXT`             | `* operator: TEXT` to everyone connected, in every mode              |
 * | `kick ID\|#N [REASON]` | `! kicked: ...` to that user, then a FIN; partners see them leave    |
 * | `help`                 | the list of commands                                                 |
 *
 * Command words are case-insensitive; an ID is matched as the chat matches IDs (`Machine.find`).
 *
 * @example
 * ```ts
 * import { parseConsoleLine } from "./console.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * deepEqual(parseConsoleLine("kick #3 spamming the room"), {
 *   kind: "command",
 *   command: { kind: "kick", target: { kind: "conn", conn: 3 }, reason: "spamming the room" },
 * });
 * deepEqual(parseConsoleLine("kik alice"), {
 *   kind: "problem",
 *   problem: 'unknown command "kik": type help for the commands',
 * });
 * ```
 * @module
 */

import type { ConnId } from "../core/machine.ts";

/**
 * Longest console line read, in bytes: Linux's terminal line discipline holds at most 4096 bytes
 * of a line being typed (`N_TTY_BUF_SIZE`), so a longer one cannot come from a person typing.
 */
export const MAX_CONSOLE_LINE_BYTES = 4096;

/** Whom `kick` names: a connection by its number (`#3`), or a user by chat ID. */
export type KickTarget =
  | { readonly kind: "conn"; readonly conn: ConnId }
  | { readonly kind: "id"; readonly id: string };

/** A console command. */
export type ConsoleCommand =
  | { readonly kind: "help" }
  | { readonly kind: "who" }
  | { readonly kind: "say"; readonly text: string }
  | { readonly kind: "kick"; readonly target: KickTarget; readonly reason: string };

/** What one line typed at the console is. */
export type ConsoleInput =
  | { readonly kind: "command"; readonly command: ConsoleCommand }
  /** An empty line: nothing to do. */
  | { readonly kind: "empty" }
  /** A line that is no command, with one line saying why. */
  | { readonly kind: "problem"; readonly problem: string };

/** What `help` prints. */
export const CONSOLE_HELP: readonly string[] = [
  "console commands (type one, then Enter):",
  "  who                   every connection: #N, address, ID, where it is, how long connected",
  '  say TEXT              send "* operator: TEXT" to everyone connected',
  "  kick ID|#N [REASON]   disconnect a user (chat ID, or #N as who lists it), saying why",
  "  help                  this list",
  "Ctrl+D ends the console (the server goes on); Ctrl+C stops the server.",
];

const command = (command: ConsoleCommand): ConsoleInput => ({ kind: "command", command });
const problem = (problem: string): ConsoleInput => ({ kind: "problem", problem });

/** Reads one console line (without its line end). Never throws. */
export function parseConsoleLine(line: string): ConsoleInput {
  const typed = line.trim();
  if (typed === "") return { kind: "empty" };
  const [, word, rest] = /^(\S+)\s*(.*)$/s.exec(typed)!;
  switch (word.toLowerCase()) {
    case "help":
    case "?":
      return command({ kind: "help" });
    case "who":
      return rest === "" ? command({ kind: "who" }) : problem("who takes nothing after it");
    case "say":
      return rest === ""
        ? problem("say what? Type say and the text: say The lab ends in 10 minutes")
        : command({ kind: "say", text: rest });
    case "kick":
      return parseKick(rest);
    default:
      return problem(`unknown command "${word}": type help for the commands`);
  }
}

function parseKick(rest: string): ConsoleInput {
  if (rest === "") return problem("kick whom? Type kick and an ID or #N (as who lists them)");
  const [, who, reason] = /^(\S+)\s*(.*)$/s.exec(rest)!;
  if (!who.startsWith("#")) {
    return command({ kind: "kick", target: { kind: "id", id: who }, reason });
  }
  if (!/^#[1-9]\d{0,15}$/.test(who)) {
    return problem(`"${who}" is not a connection number: #N, as who lists them (#1, #2, ...)`);
  }
  return command({ kind: "kick", target: { kind: "conn", conn: Number(who.slice(1)) }, reason });
}

/** One connection, as `who` lists it. */
export interface ConnectionInfo {
  readonly conn: ConnId;
  /** `ip:port` of the peer. */
  readonly peer: string;
  /** Its chat ID, once it chose one. */
  readonly id?: string;
  /** Where it is, in words (chat mode). */
  readonly where?: string;
  /** How long it has been connected, in milliseconds. */
  readonly connectedMs: number;
}

/** `who`'s answer: a count, then one row per connection, in aligned columns. */
export function formatWho(connections: readonly ConnectionInfo[]): string[] {
  const count = connections.length;
  if (count === 0) return ["no connections"];
  // The ID and place columns only in a mode that has them (chat); "-": no ID chosen yet.
  const chat = connections.some((c) => c.id !== undefined || c.where !== undefined);
  const rows = connections.map((c) => [
    `#${c.conn}`,
    c.peer,
    ...(chat ? [c.id ?? "-", c.where ?? ""] : []),
    `connected ${formatDuration(c.connectedMs)}`,
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const last = widths.length - 1;
  return [
    `${count} ${count === 1 ? "connection" : "connections"}:`,
    ...rows.map((row) =>
      "  " + row.map((cell, i) => i < last ? cell.padEnd(widths[i]) : cell).join("  ")
    ),
  ];
}

/** A duration the way a person reads it: `45 s`, `2 min 03 s`, `1 h 05 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
