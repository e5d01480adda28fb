/**
 * How many connections this process's file-descriptor limit leaves room for.
 *
 * Each connection costs a descriptor, and the limit is often lower than `--max-clients`: macOS
 * shells start with `ulimit -n` 256, containers and service managers set their own. A server
 * that runs out cannot even accept a newcomer to tell it `! full`: it would sit unanswered in the
 * listen backlog. So the server measures, once at start, how many more descriptors it may open,
 * keeps {@link DESCRIPTOR_RESERVE} of them for accepting and refusing, and refuses newcomers past
 * the rest with `! full` (`connections.ts`), the way a full server does (libuv keeps one spare
 * descriptor for the same purpose, its "EMFILE trick").
 *
 * The measure is direct, the same on Linux and macOS: open `/dev/null` until the limit says no
 * (or until there is room enough), then close them all. It counts what the runtime already holds,
 * which reading the limit itself (`/proc/self/limits`, `getrlimit`, neither available to Deno
 * without more permissions) would not. It needs `--allow-read=/dev/null`; without it (or on
 * Windows, whose socket limit is far beyond any class) nothing is measured, and
 * `--max-clients` alone bounds the connections.
 *
 * @module
 */

import { classifyNetError } from "../net/errors.ts";

/**
 * Descriptors never given to clients: the few opened after the measure (the listening socket,
 * the signal handlers' pipe: 4 under Deno 2.9.6 on Linux, counted in /proc/PID/fd), and sockets
 * of newcomers being refused. Under `prlimit --nofile=64`, of 100 clients arriving at once 35
 * were served and 65 refused with `! full`; with its 35 clients the server held 60 descriptors.
 */
export const DESCRIPTOR_RESERVE = 8;

/** What the descriptor limit allows. */
export type DescriptorRoom =
  /** At most `connections` more connections; the limit was reached while measuring. */
  | { readonly kind: "limited"; readonly connections: number }
  /** Room for at least as many connections as were asked about. */
  | { readonly kind: "enough" }
  /** Not measured, and why. */
  | { readonly kind: "unknown"; readonly why: string };

const DEV_NULL = "/dev/null";

/**
 * How many connections the descriptors this process may still open leave room for, asking about
 * `wanted` of them at most (each costs one descriptor; {@link DESCRIPTOR_RESERVE} are kept).
 */
export function descriptorRoom(wanted: number): DescriptorRoom {
  if (Deno.build.os === "windows") return { kind: "unknown", why: "not measured on Windows" };
  // Without the permission, opening would prompt on a terminal: ask first, never prompt.
  if (Deno.permissions.querySync({ name: "read", path: DEV_NULL }).state !== "granted") {
    return { kind: "unknown", why: `no permission to open ${DEV_NULL} (--allow-read=${DEV_NULL})` };
  }
  const opened: Deno.FsFile[] = [];
  try {
    while (opened.length < wanted + DESCRIPTOR_RESERVE) opened.push(Deno.openSync(DEV_NULL));
    return { kind: "enough" };
  } catch (error) {
    const { kind, detail } = classifyNetError(error);
    if (kind !== "out-of-descriptors") return { kind: "unknown", why: detail };
    return { kind: "limited", connections: Math.max(0, opened.length - DESCRIPTOR_RESERVE) };
  } finally {
    for (const file of opened) file.close();
  }
}

/** How many connections the chat and the live view may each hold at once. */
export interface DescriptorShare {
  /** The chat's clients (`Infinity`: `--max-clients` alone bounds them). */
  readonly chat: number;
  /** Connections to the live view. */
  readonly web: number;
}

/**
 * Shares `room` (measured for `maxClients` plus `webWanted`) between the chat and the live view,
 * so that neither can take the other's descriptors while the server runs. With room enough, each
 * gets what it asks for. When short, the live view gets what the chat's `--max-clients` leaves,
 * and at least a quarter (so a projector can still open the page), and the chat the rest: the
 * server says at start how many clients that is.
 *
 * @example
 * ```ts
 * import { shareDescriptors } from "./descriptors.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * deepEqual(shareDescriptors({ kind: "enough" }, 64, 100), { chat: Infinity, web: 100 });
 * deepEqual(shareDescriptors({ kind: "limited", connections: 56 }, 64, 100), { chat: 42, web: 14 });
 * deepEqual(shareDescriptors({ kind: "limited", connections: 500 }, 64, 100), { chat: 400, web: 100 });
 * ```
 */
export function shareDescriptors(
  room: DescriptorRoom,
  maxClients: number,
  webWanted: number,
): DescriptorShare {
  if (room.kind !== "limited") return { chat: Infinity, web: webWanted };
  const n = room.connections;
  const web = Math.min(webWanted, Math.max(n - maxClients, Math.ceil(n / 4)));
  return { chat: n - web, web };
}
