import { deepEqual } from "node:assert/strict";
import { listeningInNetstat, listeningInProc } from "./listening.ts";

Deno.test("listening: /proc/net/tcp and tcp6, LISTEN lines only", () => {
  const tcp = [
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid",
    "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0",
    "   1: 0100007F:0D05 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0",
    "   3: 0100007F:A111 0100007F:0D05 01 00000000:00000000 00:00000000 00000000     0",
    "   4: 0100007F:B000 0100007F:0D05 06 00000000:00000000 00:00000000 00000000     0",
  ].join("\n");
  deepEqual(listeningInProc(tcp), new Set([2024, 3333]));
  const tcp6 = "  sl  local_address                         remote_address  st\n" +
    "   0: 00000000000000000000000001000000:0FA0 00000000000000000000000000000000:0000 0A\n";
  deepEqual(listeningInProc(tcp6), new Set([4000]));
  deepEqual(listeningInProc(""), new Set());
});

Deno.test("listening: netstat -an on macOS and on Windows", () => {
  const macos = [
    "Active Internet connections (including servers)",
    "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)",
    "tcp4       0      0  127.0.0.1.3333         *.*                    LISTEN",
    "tcp46      0      0  *.4000                 *.*                    LISTEN",
    "tcp4       0      0  127.0.0.1.3333         127.0.0.1.50123        ESTABLISHED",
    "udp4       0      0  *.5353                 *.*",
  ].join("\n");
  deepEqual(listeningInNetstat(macos), new Set([3333, 4000]));
  const windows = [
    "Active Connections",
    "  Proto  Local Address          Foreign Address        State",
    "  TCP    127.0.0.1:3333         0.0.0.0:0              LISTENING",
    "  TCP    [::]:4000              [::]:0                 LISTENING",
    "  TCP    127.0.0.1:50123        127.0.0.1:3333         ESTABLISHED",
  ].join("\r\n");
  deepEqual(listeningInNetstat(windows), new Set([3333, 4000]));
});
