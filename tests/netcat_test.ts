// The lab's own client: the real `nc` (netcat-openbsd) talking to a real server.
import { equal, match } from "node:assert/strict";
import { withServer } from "../testing/server.ts";
import { haveIpv6, missing, pipeThrough } from "../testing/tools.ts";

const ignore = await missing("nc");

/** Runs `nc [flags] host port` with `input` on stdin; nc exits when the server closes. */
function netcat(flags: string[], port: number, input: string, host = "127.0.0.1") {
  return pipeThrough("nc", [...flags, host, String(port)], input);
}

Deno.test({ name: "nc: a whole chat-mode visit with netcat, ending with 2", ignore }, async () => {
  await withServer([], async (server) => {
    const out = await netcat(["-N"], server.port, "alice\n4\n2\n");
    const lines = out.trimEnd().split("\n");
    equal(lines[0], "* welcome: Welcome to tcpchat (chat mode). 0 other users online.");
    match(lines[1], /^\? id: /);
    equal(lines[2], "* hello alice: Hello, alice!");
    equal(lines.at(-1), "* bye: Goodbye, alice.");
    match(out, /\* who: 1 user online: alice \(you\)/);
    await server.log.waitFor(/\[DISCONNECT\] .*#1 .*closed by server \(FIN\): user chose exit/);
    await server.log.waitFor(/\[RECV\] .*#1 .* 6 bytes: "alice" \(line client: /);
  });
});

Deno.test({
  name: "nc: broadcast from netcat (with CRLF, nc -C) reaches a socket client",
  ignore,
}, async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const listener = await server.connect();
    const sent = netcat(["-C", "-N"], server.port, "salut din netcat\n");
    const line = await listener.line();
    match(line, /^\[127\.0\.0\.1:\d+\] salut din netcat$/);
    await sent;
    await server.log.waitFor(/\[DISCONNECT\] .*#2 .*closed by peer \(FIN\)/);
  });
});

Deno.test({ name: "nc: echo answers netcat's lines", ignore }, async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const out = await netcat(["-N"], server.port, "one\ntwo\n");
    equal(out, "one\ntwo\n");
  });
});

Deno.test({
  name: "nc -6: over IPv6 to a server on ::1, the log names the peer [::1]:port",
  ignore: ignore || !haveIpv6(),
}, async () => {
  await withServer(["--mode", "echo", "--host", "::1"], async (server) => {
    const out = await netcat(["-6", "-N"], server.port, "salut pe IPv6\n", "::1");
    equal(out, "salut pe IPv6\n");
    await server.log.waitFor(/\[RECV\] .*#1 \[::1\]:\d+ 14 bytes: "salut pe IPv6"/);
  });
});
