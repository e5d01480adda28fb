// Two more netcats students reach for: nmap's `ncat` and `socat`, each a line client.
import { equal, match } from "node:assert/strict";
import { withServer } from "../testing/server.ts";
import { missing, pipeThrough } from "../testing/tools.ts";

const noNcat = await missing("ncat");
const noSocat = await missing("socat");

Deno.test(
  { name: "ncat: a chat-mode visit; ncat exits when the server closes", ignore: noNcat },
  async () => {
    await withServer([], async (server) => {
      const out = await pipeThrough("ncat", ["127.0.0.1", String(server.port)], "alice\n4\n2\n");
      match(out, /^\* welcome: .*\n\? id: .*\n\* hello alice: Hello, alice!\n/);
      match(out, /\* who: 1 user online: alice \(you\)\n/);
      match(out, /\* bye: Goodbye, alice\.\n$/);
    });
  },
);

Deno.test(
  { name: "ncat -C: CR LF lines reach the others in broadcast mode", ignore: noNcat },
  async () => {
    await withServer(["--mode", "broadcast"], async (server) => {
      const listener = await server.connect();
      const sent = pipeThrough(
        "ncat",
        ["-C", "127.0.0.1", String(server.port)],
        "salut din ncat\n",
      );
      match(await listener.line(), /^\[127\.0\.0\.1:\d+\] salut din ncat$/);
      await sent;
      await server.log.waitFor(/\[RECV\] .*#2 .* 16 bytes: "salut din ncat" \(line client: /);
    });
  },
);

Deno.test({ name: "socat: a chat-mode visit through socat's stdio", ignore: noSocat }, async () => {
  await withServer([], async (server) => {
    const out = await pipeThrough("socat", ["-", `TCP:127.0.0.1:${server.port}`], "bob\n4\n2\n");
    const lines = out.trimEnd().split("\n");
    equal(lines[2], "* hello bob: Hello, bob!");
    equal(lines.at(-1), "* bye: Goodbye, bob.");
  });
});

Deno.test({ name: "socat: echo mode answers each line", ignore: noSocat }, async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const out = await pipeThrough("socat", ["-", `TCP:127.0.0.1:${server.port}`], "ping\npong\n");
    equal(out, "ping\npong\n");
  });
});
