/**
 * Every process a server command started, however it left its process group, and which process
 * holds a listening port. Linux only (where the lab's servers run); elsewhere each answer is
 * "unknown" and the caller falls back to the process group.
 *
 * Why a mark in the environment: a server that daemonises (fork, `setsid`, fork again) leaves
 * its process group and session, and its parent becomes init, so neither the group, the session
 * nor the parent chain lead back to the command. The environment does: a child inherits it
 * across fork, `setsid` and exec. So the command is started with `TCPCHAT_RUN=<token>` (a token
 * of its own, {@link newRunToken}), and its processes are the ones whose /proc/PID/environ holds
 * it. A program that clears its own environment before it execs escapes this mark: a deliberate
 * shortcut, named in docs/LAB.md.
 *
 * Which process listens on a port: /proc/net/tcp and tcp6 give each LISTEN socket's inode
 * (proc(5)); /proc/PID/fd/N links to `socket:[INODE]`.
 *
 * Deno reads /proc only with every permission (--allow-all), so one `sh` runs three commands
 * (`grep -z`, `cat`, `ls -l`) and this module parses what they print.
 *
 * @example
 * ```ts
 * import { listenerInodes } from "../net/listening.ts";
 * import { parseScan } from "./run_tree.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
 *   "   0: 0100007F:0D05 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1\n";
 * deepEqual(listenerInodes(tcp), new Map([[3333, ["4242"]]]));
 * const scan = parseScan(
 *   "M /proc/77/environ\nT " + tcp.split("\n")[1] + "\n" +
 *     "/proc/77/fd:\nlrwx------ 1 u u 64 Jan 1 00:00 3 -> socket:[4242]\n",
 * );
 * deepEqual([...scan.ours], [77]);
 * deepEqual(scan.holders(3333), [77]);
 * ```
 * @module
 */

import { listenerInodes } from "../net/listening.ts";

/** The environment variable that marks a server command's processes. */
export const RUN_ENV = "TCPCHAT_RUN";

/** A token for one server command's processes. */
export function newRunToken(): string {
  return crypto.randomUUID();
}

/** What one look at /proc found. */
export interface Scan {
  /** The processes whose environment holds the run's mark. */
  readonly ours: ReadonlySet<number>;
  /** The processes holding a socket that listens on `port`. */
  holders(port: number): number[];
  /** The ports the run's processes listen on, in order (a server on another port than told). */
  ourPorts(): number[];
}

/**
 * Parses what {@link SCAN_SCRIPT} prints: `M /proc/PID/environ` for each marked process, `T ` and
 * a /proc/net/tcp line, and `ls -l` of every /proc/PID/fd folder.
 */
export function parseScan(text: string): Scan {
  const ours = new Set<number>();
  const tcp: string[] = [];
  const socketsOf = new Map<string, Set<number>>();
  let pid: number | undefined;
  for (const line of text.split("\n")) {
    const marked = /^M \/proc\/(\d+)\/environ$/.exec(line);
    if (marked) ours.add(Number(marked[1]));
    else if (line.startsWith("T ")) tcp.push(line.slice(2));
    else if (/^\/proc\/\d+\/fd:$/.test(line)) pid = Number(line.split("/")[2]);
    else {
      const socket = /-> socket:\[(\d+)\]$/.exec(line);
      if (socket && pid !== undefined) {
        socketsOf.set(socket[1], (socketsOf.get(socket[1]) ?? new Set()).add(pid));
      }
    }
  }
  const inodes = listenerInodes(tcp.join("\n"));
  const holders = (port: number) =>
    [
      ...new Set((inodes.get(port) ?? []).flatMap((inode) => [...(socketsOf.get(inode) ?? [])])),
    ].sort((a, b) => a - b);
  return {
    ours,
    holders,
    ourPorts: () =>
      [...inodes.keys()].filter((port) => holders(port).some((pid) => ours.has(pid)))
        .sort((a, b) => a - b),
  };
}

/** The scan, run by `sh -c SCAN_SCRIPT tcpchat-scan MARK`. Errors (a process gone) are ignored. */
const SCAN_SCRIPT = [
  'grep -lzxF "$1" /proc/[0-9]*/environ 2>/dev/null | sed "s/^/M /"',
  'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | sed "s/^/T /"',
  "ls -l /proc/[0-9]*/fd 2>/dev/null",
].join("\n");

/** Looks at /proc once for the run marked `token`; `null` where that cannot be known. */
export async function scanProcesses(token: string): Promise<Scan | null> {
  if (Deno.build.os !== "linux") return null;
  try {
    const out = await new Deno.Command("/bin/sh", {
      args: ["-c", SCAN_SCRIPT, "tcpchat-scan", `${RUN_ENV}=${token}`],
      stdin: "null",
      stderr: "null",
    }).output();
    return parseScan(new TextDecoder().decode(out.stdout));
  } catch {
    return null;
  }
}

/** Whose is the listener on a port: the run's processes, another program's, or unknown. */
export type ListenerOwner = "ours" | "other" | "unknown";

/** Whose is the socket listening on `port`, by `scan`. */
export function ownerOf(scan: Scan | null, port: number): ListenerOwner {
  if (scan === null) return "unknown";
  const holders = scan.holders(port);
  // A socket of another user's process cannot be seen in its fd folder: unknown, not "other".
  if (holders.length === 0) return "unknown";
  return holders.some((pid) => scan.ours.has(pid)) ? "ours" : "other";
}
