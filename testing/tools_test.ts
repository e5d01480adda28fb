import { deepEqual, equal, rejects } from "node:assert/strict";
import { missing } from "./tools.ts";

const TESTING = new URL("./", import.meta.url);

Deno.test("tools: importing test support starts nothing: no module of testing/ awaits at its top", () => {
  const topLevelAwait = /^(?:export\s+)?(?:(?:const|let|var)\s[^=]*=\s*)?await\b/m;
  const offenders = [...Deno.readDirSync(TESTING)]
    .filter((e) => e.isFile && e.name.endsWith(".ts"))
    .filter((e) => topLevelAwait.test(Deno.readTextFileSync(new URL(e.name, TESTING))))
    .map((e) => e.name);
  // A probe belongs in the file that needs the tool: `const ignore = await missing("tmux")`.
  deepEqual(offenders, []);
});

Deno.test({
  name: "tools: a missing tool ignores the test with the reason printed, but fails it in CI",
  // Without the right to start programs, every tool is missing.
  permissions: { run: false, env: true },
}, async () => {
  const ci = Deno.env.get("CI");
  const warn = console.warn;
  const printed: string[] = [];
  console.warn = (line: string) => printed.push(line);
  try {
    Deno.env.delete("CI");
    equal(await missing("tmux", "socat"), true);
    deepEqual(printed, [
      "IGNORED below: `tmux` is not installed (apt-get install tmux)",
      "IGNORED below: `socat` is not installed (apt-get install socat)",
    ]);
    Deno.env.set("CI", "true");
    await rejects(missing("tmux"), /^Error: required in CI: `tmux` is not installed/);
  } finally {
    console.warn = warn;
    if (ci === undefined) Deno.env.delete("CI");
    else Deno.env.set("CI", ci);
  }
});
