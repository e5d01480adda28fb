/**
 * The `connect with: ...` hint of the server's start-up log: the commands a student can share.
 *
 * A server listening on one address gives that address. One listening on every interface
 * (`--host 0.0.0.0`, or `::` for IPv6) gives the machine's own addresses instead, since
 * `nc 0.0.0.0 3333` reaches nobody else: the addresses others can use first (IPv4 before IPv6, in
 * the system's order, virtual bridges such as Docker's last), then the loopback one for this
 * computer. Loopback and link-local addresses (169.254.0.0/16, fe80::/10: valid on one link
 * only, and an IPv6 one needs the other computer's interface name) are never offered to others.
 * When the list of interfaces is unknown (no permission to read it) or holds nothing to share, the
 * hint says how to find the address by hand.
 *
 * @example
 * ```ts
 * import { connectHint } from "./connect_hint.ts";
 * import { equal } from "node:assert/strict";
 *
 * const eth0 = { family: "IPv4", name: "eth0", address: "192.168.1.23" } as const;
 * equal(
 *   connectHint({ hostname: "0.0.0.0", port: 3333 }, [eth0]),
 *   "connect with: nc 192.168.1.23 3333 from other computers, nc 127.0.0.1 3333 from this one",
 * );
 * ```
 * @module
 */

/** What the hint needs of one interface address (a part of `Deno.NetworkInterfaceInfo`). */
export interface InterfaceAddress {
  readonly family: "IPv4" | "IPv6";
  readonly name: string;
  readonly address: string;
}

/** Most addresses listed; a machine with more (VPNs, containers) gets "and N more". */
export const MAX_ADDRESSES_SHOWN = 4;

/** Interfaces of virtual machines and containers: reachable from this computer only, usually. */
const VIRTUAL = /^(docker|br-|virbr|veth|vmnet|vboxnet|cni|flannel|podman)/;
const BY_HAND = "Linux: hostname -I; macOS: ipconfig getifaddr en0; Windows: ipconfig";

/**
 * The hint for a server listening on `listening`, given the machine's interface addresses
 * (`null`: unknown). `dualStack`: an IPv6 wildcard also takes IPv4 connections (Linux and macOS;
 * not Windows, where `::` is IPv6 only).
 */
export function connectHint(
  listening: { readonly hostname: string; readonly port: number },
  interfaces: readonly InterfaceAddress[] | null,
  dualStack = true,
): string {
  const nc = (address: string) => `nc ${address} ${listening.port}`;
  return addressHint("connect with: ", nc, listening.hostname, interfaces, dualStack);
}

/**
 * `lead` and how to reach a server listening on `hostname`, each address written by `write`: the
 * address itself, or for a wildcard the addresses others can use, then this computer's own (as
 * {@link connectHint} explains). The live view's URL is offered the same way.
 */
export function addressHint(
  lead: string,
  write: (address: string) => string,
  hostname: string,
  interfaces: readonly InterfaceAddress[] | null,
  dualStack = true,
): string {
  const wildcardV6 = hostname === "::";
  if (hostname !== "0.0.0.0" && !wildcardV6) return `${lead}${write(hostname)}`;
  const families = wildcardV6 ? (dualStack ? ["IPv6", "IPv4"] : ["IPv6"]) : ["IPv4"];
  const here = `${write(wildcardV6 && !dualStack ? "::1" : "127.0.0.1")} from this one`;
  const shared = shareable(interfaces ?? [], families);
  if (shared.length === 0) {
    const why = interfaces === null ? "" : "no network address found; ";
    return `${lead}${here.replace("this one", "this computer")}; from others, with this ` +
      `computer's address (${why}${BY_HAND})`;
  }
  const shown = shared.slice(0, MAX_ADDRESSES_SHOWN).map(write).join(" or ");
  const more = shared.length > MAX_ADDRESSES_SHOWN
    ? ` (and ${shared.length - MAX_ADDRESSES_SHOWN} more)`
    : "";
  return `${lead}${shown}${more} from other computers, ${here}`;
}

/** The addresses others may reach, in the order to offer them. */
function shareable(interfaces: readonly InterfaceAddress[], families: string[]): string[] {
  const rank = (i: InterfaceAddress) =>
    families.indexOf(i.family) * 2 + (VIRTUAL.test(i.name) ? 1 : 0);
  const seen = new Set<string>();
  return interfaces
    .filter((i) => families.includes(i.family) && !localOnly(i.address))
    .map((i, order) => ({ i, order }))
    .sort((a, b) => rank(a.i) - rank(b.i) || a.order - b.order)
    .map(({ i }) => i.address)
    .filter((address) => !seen.has(address) && seen.add(address));
}

/** Loopback, unspecified and link-local addresses: of no use to another computer. */
function localOnly(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith("127.") || a.startsWith("169.254.") || a === "0.0.0.0" || a === "::1" ||
    a === "::" || /^fe[89ab]/.test(a);
}
