/**
 * Is some program listening on a TCP port of this machine? Asked without connecting: a test
 * connection would be one more TCP stream in a capture being recorded (and a `[CONNECT]` in the
 * log), and a test bind could take the port in the very instant the server wants it.
 *
 * Linux lists its sockets in /proc/net/tcp and /proc/net/tcp6 (proc(5)): state `0A` is LISTEN,
 * the local port is the hexadecimal number after the colon. macOS and Windows have `netstat -an`,
 * whose LISTEN lines end the local address with `.PORT` (macOS) or `:PORT` (Windows).
 *
 * @example
 * ```ts
 * import { listeningInNetstat, listeningInProc } from "./listening.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const proc = "  sl  local_address rem_address   st\n" +
 *   "   0: 0100007F:0D05 00000000:0000 0A 00000000:00000000\n" +
 *   "   1: 0100007F:0D05 0100007F:D3C0 01 00000000:00000000\n";
 * deepEqual(listeningInProc(proc), new Set([3333]));
 * deepEqual(listeningInNetstat("tcp4  0  0  127.0.0.1.3333  *.*  LISTEN"), new Set([3333]));
 * ```
 * @module
 */

/** The ports in LISTEN state in the text of /proc/net/tcp or /proc/net/tcp6. */
export function listeningInProc(text: string): Set<number> {
  return new Set(listenerInodes(text).keys());
}

/**
 * Each port in LISTEN state in the text of /proc/net/tcp or /proc/net/tcp6, with the inodes of
 * its listening sockets (one per address it listens on): `/proc/PID/fd` links name them, which
 * tells whose they are.
 */
export function listenerInodes(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const line of text.split("\n")) {
    // sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[3] !== "0A") continue;
    const port = parseInt(f[1].split(":").at(-1) ?? "", 16);
    if (!Number.isInteger(port)) continue;
    const inodes = out.get(port) ?? [];
    if (f[9] !== undefined) inodes.push(f[9]);
    out.set(port, inodes);
  }
  return out;
}

/** The TCP ports in LISTEN state in the output of `netstat -an` (macOS, BSD or Windows). */
export function listeningInNetstat(text: string): Set<number> {
  const ports = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    if (!/\bLISTEN(ING)?\b/.test(line) || !/^\s*tcp/i.test(line)) continue;
    // Proto [Recv-Q Send-Q] Local-Address Foreign-Address State
    const local = line.trim().split(/\s+/).find((field) => /[.:]\d+$/.test(field));
    const port = Number(/[.:](\d+)$/.exec(local ?? "")?.[1]);
    if (Number.isInteger(port) && port > 0) ports.add(port);
  }
  return ports;
}

/** True when a program listens on TCP `port` (on any address). Never throws: false if unknown. */
export async function isListening(port: number): Promise<boolean> {
  // Deno lets a program read /proc only with every permission (--allow-all), so `cat` reads it;
  // a missing tcp6 (no IPv6) makes cat fail but still print tcp.
  const linux = Deno.build.os === "linux";
  const [program, args] = linux
    ? ["cat", ["/proc/net/tcp", "/proc/net/tcp6"]]
    : ["netstat", ["-an", "-p", Deno.build.os === "windows" ? "TCP" : "tcp"]];
  try {
    const out = await new Deno.Command(program, { args, stdin: "null", stderr: "null" }).output();
    const text = new TextDecoder().decode(out.stdout);
    return (linux ? listeningInProc(text) : listeningInNetstat(text)).has(port);
  } catch {
    return false;
  }
}
