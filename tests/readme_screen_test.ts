// The README's picture of the client (```text screen```), played in a real terminal (tmux): alice
// types at each prompt what the picture shows, bob (a raw socket) does what the picture implies,
// and then the screen must be the picture, row for row (`▌` is the cursor; ports as in a replay).
import { equal } from "node:assert/strict";
import { readmeBlocks } from "../testing/readme.ts";
import { withServer } from "../testing/server.ts";
import { Tmux } from "../testing/tmux.ts";
import { missing } from "../testing/tools.ts";
import { PortMap } from "../testing/transcript.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const noTmux = await missing("tmux");
const screens = (await readmeBlocks()).filter((b) =>
  b.language === "text" && b.role[0] === "screen"
);

Deno.test({
  name: "readme: the client's screen is what the client shows in a terminal",
  ignore: noTmux,
}, async () => {
  equal(screens.length, 1);
  const [screen] = screens;
  await withServer([], async (server) => {
    const bob = await server.login("bob");
    const term = await Tmux.start(
      [Deno.execPath(), "run", "--allow-net", "--allow-env", "main_client.ts", "127.0.0.1"]
        .concat(String(server.port)),
      { columns: 100, rows: 30, cwd: ROOT },
    );
    try {
      const atPrompt = (prompt: string) => term.waitFor((rows) => rows.at(-1) === prompt);
      for (const [prompt, typed] of [["your ID>", "alice"], ["menu 1-4>", "1"]]) {
        await atPrompt(prompt);
        await term.type(typed);
        await term.press("Enter");
      }
      await atPrompt("chat with>");
      await term.type("bob");
      await term.press("Enter");
      await bob.until(/^\? request alice:/);
      bob.send("y");
      await atPrompt("to bob>");
      await term.type("hi bob");
      await term.press("Enter");
      await bob.until(/^<alice> hi bob$/);
      await term.type("bine, mersi");
      await atPrompt("to bob> bine, mersi");
      bob.send("salut! ce faci? 👋");
      const rows = await term.waitFor(/^<bob> /);

      const ports = new PortMap(server.port);
      const expected = screen.lines.map((line) => line.replace("▌", ""));
      equal(rows.length, expected.length, `the screen:\n${rows.join("\n")}`);
      expected.forEach((line, i) => ports.check(line, rows[i], `README.md:${screen.at + 1 + i}`));
    } finally {
      await term.kill();
    }
  });
});
