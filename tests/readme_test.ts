// What the README says about the project holds: every shell block is marked for a test, the file
// names are the ones compile.sh builds, the options are the programs' own --help, every `deno task`
// it mentions exists with the flags it uses, every path exists, one Deno version everywhere.
// The commands themselves run in readme_commands_test.ts, the transcripts in
// readme_transcript_test.ts, and the binaries' commands in binary_test.ts.
import { deepEqual, equal, match } from "node:assert/strict";
import { compileScript } from "../testing/compile.ts";
import { run } from "../testing/process.ts";
import { isShell, readmeBlocks, readmeProse, SHELL_ROLES } from "../testing/readme.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const blocks = await readmeBlocks();
const readme = await Deno.readTextFile(`${ROOT}README.md`);
const prose = await readmeProse();
const TEXT_ROLES = ["transcript", "log", "screen", "server-help", "client-help"];

Deno.test("readme: every shell block says how it is tested, every marked text block too", () => {
  for (const block of blocks) {
    const known: readonly string[] = isShell(block) ? SHELL_ROLES : TEXT_ROLES;
    if (isShell(block) || block.role.length > 0) {
      equal(known.includes(block.role[0]), true, `README.md:${block.at}: ${block.role.join(" ")}`);
    }
  }
});

Deno.test("readme: the quick start is exactly the two npx commands, and names the grader", () => {
  const section = readme.split("\n## ").find((part) => part.startsWith("Quick start")) ?? "";
  const commands = [...section.matchAll(/^```sh \w+\n([^\n]*)\n```$/gm)].map((m) => m[1]);
  deepEqual(commands, ["npx -y deno@2.9.6 task server", "npx -y deno@2.9.6 task test"]);
  match(section, /`npx -y deno@2\.9\.6 task grade`/);
});

Deno.test("readme: it names exactly the files a release has", async () => {
  const { stdout } = await compileScript(["--dry-run"]);
  const built = [...stdout.matchAll(/--output dist\/(\S+)/g)].map((m) => m[1]).sort();
  const named = [
    ...new Set(readme.match(/chat-(?:server|client|grade)-[a-z0-9_]+(?:-[a-z0-9_]+)+(?:\.exe)?/g)),
  ];
  deepEqual(named.filter((name) => !built.includes(name)), [], "named in the README, never built");
  deepEqual(built.filter((name) => !named.includes(name)), [], "built, missing from the README");
});

/** `lines` without the indentation they all share (deno fmt removes it in the README). */
function dedent(lines: readonly string[]): string[] {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent));
}

Deno.test("readme: the options shown are each program's --help, line for line", async () => {
  for (const program of ["server", "client"]) {
    const { stdout } = await run(["run", `main_${program}.ts`, "--help"]);
    const help = stdout.split("\n");
    const shown = blocks.filter((b) => b.role[0] === `${program}-help`);
    equal(shown.length, 1, `one ${program}-help block`);
    const { lines } = shown[0];
    const start = help.findIndex((l) => l.trim() === lines[0].trim());
    deepEqual(dedent(help.slice(start, start + lines.length)), dedent(lines), program);
  }
});

Deno.test("readme: each `deno task` it mentions exists, with flags its program has", async () => {
  const { default: meta } = await import("../deno.json", { with: { type: "json" } });
  const help: Record<string, string> = {};
  for (const program of ["server", "client"]) {
    help[program] = (await run(["run", `main_${program}.ts`, "--help"])).stdout;
  }
  const mentions = [...prose.matchAll(/`(?:npx -y deno@[\d.]+ )?deno task ([a-z]+)([^`]*)`/g)];
  equal(mentions.length > 10, true);
  for (const [text, task, rest] of mentions) {
    equal(task in meta.tasks, true, `${text}: no task "${task}" in deno.json`);
    for (const flag of rest.match(/--[a-z-]+/g) ?? []) {
      if (task === "server" || task === "client") {
        equal(new RegExp(`^ +${flag}\\b`, "m").test(help[task]), true, `${text}: ${flag}`);
      }
    }
  }
});

Deno.test("readme: every file it links to or names exists", async () => {
  const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1])
    .filter((target) => !target.startsWith("http") && !target.startsWith("../../releases"));
  const paths = [...prose.matchAll(/`((?:[\w.-]+\/)+[\w.-]*)`/g)].map((m) => m[1])
    // What a run creates, and the downloads' names (the release test checks those).
    .filter((path) => !/^(captures|dist|\.)\//.test(path));
  equal(links.length > 3 && paths.length > 10, true);
  for (const path of [...links, ...paths]) {
    equal(await Deno.stat(`${ROOT}${path}`).then(() => true, () => false), true, path);
  }
});

Deno.test("readme: one Deno version: the README's, .ci/run's and the workflows'", async () => {
  const ci = await Deno.readTextFile(`${ROOT}.ci/run`);
  const [, version] = /^DENO_VERSION=(\S+)$/m.exec(ci) ?? [];
  const everywhere = [
    readme,
    ...await Promise.all(
      ["ci.yml", "release.yml"].map((f) => Deno.readTextFile(`${ROOT}.github/workflows/${f}`)),
    ),
  ].join("\n");
  const named = new Set([...everywhere.matchAll(/deno@(\d+\.\d+\.\d+)/g)].map((m) => m[1]));
  deepEqual([...named], [version]);
});
