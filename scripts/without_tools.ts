/**
 * `deno task test:without-tools [TOOL...] [-- TEST_PATH...]`: the test suite once for each tool the
 * tests may use, with that one tool hidden, as on a machine where it is not installed.
 *
 * The README promises that a test whose tool is missing is ignored with a reason, never failed.
 * Each run gets a PATH of its own: a temporary directory of links to every program on this PATH
 * except the hidden one, and no `CI` variable (in CI a missing tool is an error by design). A run
 * holds when the suite passes; how many test files printed why they were ignored for that tool
 * (an `IGNORED below: ...` line naming it) is reported, and a tool no test asks for is no failure.
 *
 * The whole suite takes about two minutes a run: run this where nobody else is running it, e.g.
 * `flock /tmp/tcpchat-full.lock deno task test:without-tools`.
 *
 * @module
 */

import { HIDEABLE_TOOLS } from "../testing/tools.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const decoder = new TextDecoder();

/** A directory of links to every program on `path` but `hidden`; the caller removes it. */
async function pathWithout(hidden: string, path: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: `tcpchat-without-${hidden}-` });
  const linked = new Set<string>([hidden]);
  for (const source of path.split(":").filter((d) => d !== "")) {
    let entries;
    try {
      entries = [...Deno.readDirSync(source)];
    } catch {
      continue; // A PATH entry that does not exist.
    }
    for (const entry of entries) {
      if (linked.has(entry.name)) continue;
      linked.add(entry.name);
      await Deno.symlink(`${source}/${entry.name}`, `${dir}/${entry.name}`);
    }
  }
  return dir;
}

interface Outcome {
  readonly tool: string;
  readonly passed: boolean;
  readonly summary: string;
  readonly ignoredFor: number;
}

async function runWithout(tool: string, testPaths: string[]): Promise<Outcome> {
  const dir = await pathWithout(tool, Deno.env.get("PATH") ?? "");
  try {
    const env = Deno.env.toObject();
    delete env.CI;
    env.PATH = dir;
    env.NO_COLOR = "1";
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--lock=deno.lock", "--doc", "--allow-all", ...testPaths],
      cwd: ROOT,
      env,
      clearEnv: true,
      stdin: "null",
    }).output();
    const output = decoder.decode(stdout) + decoder.decode(stderr);
    const summary = output.match(/^(ok|FAILED) \| .*$/m)?.[0] ?? `exit code ${code}`;
    const reason = new RegExp(`IGNORED below: .*\\b${tool}\\b`);
    const ignoredFor = output.split("\n").filter((l) => reason.test(l)).length;
    if (code !== 0) {
      console.log(output.split("\n").filter((l) => /FAILED|=> |error/.test(l)).join("\n"));
    }
    return { tool, passed: code === 0, summary, ignoredFor };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const dash = Deno.args.indexOf("--");
const named = dash === -1 ? Deno.args : Deno.args.slice(0, dash);
const testPaths = dash === -1 ? [] : Deno.args.slice(dash + 1);
if (named.some((a) => a === "-h" || a === "--help")) {
  console.log(`deno task test:without-tools [TOOL...] [-- TEST_PATH...]
  TOOL: ${HIDEABLE_TOOLS.join(", ")} (default: all)`);
  Deno.exit(0);
}
const unknown = named.filter((t) => !HIDEABLE_TOOLS.includes(t));
if (unknown.length > 0) {
  console.error(`without_tools: unknown tool ${unknown.join(", ")}; known: ${HIDEABLE_TOOLS}`);
  Deno.exit(2);
}

let failures = 0;
for (const tool of named.length > 0 ? named : HIDEABLE_TOOLS) {
  const outcome = await runWithout(tool, testPaths);
  const why = outcome.ignoredFor > 0
    ? `${outcome.ignoredFor} test file(s) said why they were ignored`
    : "no test asked for it";
  console.log(`without ${tool}: ${outcome.passed ? "held" : "FAILED"}: ${outcome.summary}; ${why}`);
  if (!outcome.passed) failures++;
}
Deno.exit(failures === 0 ? 0 : 1);
