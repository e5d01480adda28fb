// Which processes are a server command's, and who listens on a port, from what /proc shows.
import { deepEqual, equal } from "node:assert/strict";
import { listenerInodes } from "../net/listening.ts";
import { ownerOf, parseScan } from "./run_tree.ts";

const TCP_HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const row = (local: string, st: string, inode: number) =>
  `   0: ${local} 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1`;

Deno.test("run tree: a port's listening sockets by inode; connected sockets are not listeners", () => {
  const text = [TCP_HEADER, row("0100007F:0D05", "0A", 11), row("0100007F:0D05", "01", 12)]
    .join("\n");
  deepEqual(listenerInodes(text), new Map([[3333, ["11"]]]));
});

Deno.test("run tree: the listener is ours, another program's, or unknown (a socket not seen)", () => {
  const scan = parseScan([
    "M /proc/20/environ",
    `T ${row("00000000:A410", "0A", 500)}`,
    `T ${row("0100007F:0D05", "0A", 600)}`,
    "/proc/20/fd:",
    "lrwx------ 1 u u 64 Jan  1 00:00 3 -> socket:[500]",
    "/proc/30/fd:",
    "lrwx------ 1 u u 64 Jan  1 00:00 4 -> socket:[600]",
    "lr-x------ 1 u u 64 Jan  1 00:00 5 -> /dev/null",
  ].join("\n"));
  deepEqual([...scan.ours], [20]);
  equal(ownerOf(scan, 0xa410), "ours");
  equal(ownerOf(scan, 3333), "other");
  equal(ownerOf(scan, 4444), "unknown");
  equal(ownerOf(null, 3333), "unknown");
  // A server on another port than it was told: the ports its processes listen on.
  deepEqual(scan.ourPorts(), [0xa410]);
});
