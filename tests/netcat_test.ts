// The lab's own client: the real `nc` (netcat-openbsd) talking to a real server.
import { equal, match } from "node:assert/strict";
import { withServer } from "./helpers/server.ts";

async function hasNetcat(): Promise<boolean> {
  try {
    const { code } = await new Deno.Command("nc", { args: ["-h"], stdout: "null", stderr: "null" })
      .output();
    return code === 0 || code === 1;
  } catch {
    return false;
  }
}

const haveNc = await hasNetcat();
if (!haveNc) {
  if (Deno.env.get("CI")) throw new Error("nc is required in CI: install netcat-openbsd");
  console.warn("IGNORED below: `nc` is not installed (apt-get install netcat-openbsd)");
}

/** Runs `nc [flags] host port` with `input` on stdin; nc exits when the server closes. */
async function netcat(flags: string[], port: number, input: string): Promise<string> {
  const child = new Deno.Command("nc", {
    args: [...flags, "127.0.0.1", String(port)],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(input));
  await writer.close();
  const out = await child.output();
  return new TextDecoder().decode(out.stdout);
}

Deno.test(
  { name: "nc: a whole chat-mode visit with netcat, ending with 2", ignore: !haveNc },
  async () => {
    await withServer([], async (server) => {
      const out = await netcat(["-N"], server.port, "alice\n4\n2\n");
      const lines = out.trimEnd().split("\n");
      equal(lines[0], "* welcome: Welcome to tcpchat (chat mode). 0 other users online.");
      match(lines[1], /^\? id: /);
      equal(lines[2], "* hello alice: Hello, alice!");
      equal(lines.at(-1), "* bye: Goodbye, alice.");
      match(out, /\* who: 1 user online: alice \(you\)/);
      await server.log.waitFor(/\[DISCONNECT\] .*#1 .*closed by server \(FIN\): user chose exit/);
    });
  },
);

Deno.test({
  name: "nc: broadcast from netcat (with CRLF, nc -C) reaches a socket client",
  ignore: !haveNc,
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

Deno.test({ name: "nc: echo answers netcat's lines", ignore: !haveNc }, async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const out = await netcat(["-N"], server.port, "one\ntwo\n");
    equal(out, "one\ntwo\n");
  });
});
