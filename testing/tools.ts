/**
 * Test support: the real programs students use, and whether this machine has them, with the rule
 * every test that needs one follows: without it the test is ignored with a printed reason, except
 * in CI (the `CI` variable is set), where it must run: CI installs them all (`.ci/run`).
 *
 * A tool is probed only when a test file asks for it (`await missing("tmux")` at the file's top,
 * since `Deno.test`'s `ignore` needs the answer when the test is registered), and at most once
 * per file: importing this module for {@link freePort} starts no program.
 *
 * @module
 */

import { tsharkProblem } from "../lib/capture/tshark.ts";

/** The programs tests run, each with the Debian package that installs it. */
const PROGRAMS = {
  chromium: "chromium",
  nc: "netcat-openbsd",
  ncat: "ncat",
  npx: "npm",
  prlimit: "util-linux",
  python3: "python3",
  socat: "socat",
  telnet: "telnet",
  tmux: "tmux",
  unshare: "util-linux",
} as const;

/**
 * What a test may need: a program, `tshark` (reading captures with our dissector),
 * `loopback capture` (tshark may also capture on `lo` here: installed, and allowed), or
 * `network namespace` (`unshare -n` with `ip` making veth interfaces in it: root, iproute2).
 */
export type Tool = keyof typeof PROGRAMS | "tshark" | "loopback capture" | "network namespace";

/** Every program a test may find missing: `scripts/without_tools.ts` hides each in turn. */
export const HIDEABLE_TOOLS: readonly string[] = [
  ...Object.keys(PROGRAMS),
  "tshark",
  // What `network namespace` needs.
  "unshare",
  "ip",
];

const probed = new Map<Tool, Promise<string | null>>();

/** Why `tool` cannot be used here, or `null`; probed once, the first time it is asked for. */
function problem(tool: Tool): Promise<string | null> {
  let answer = probed.get(tool);
  if (answer === undefined) {
    answer = probe(tool);
    probed.set(tool, answer);
  }
  return answer;
}

async function probe(tool: Tool): Promise<string | null> {
  if (tool === "tshark") return await tsharkProblem({ capture: false });
  if (tool === "loopback capture") {
    return await problem("tshark") ?? await tsharkProblem({ capture: true });
  }
  if (tool === "network namespace") return await namespaceProblem();
  return await programProblem(tool, PROGRAMS[tool]);
}

/**
 * `true` when a test needing `tools` must be ignored here, after printing why; throws in CI,
 * where nothing may be ignored.
 */
export async function missing(...tools: Tool[]): Promise<boolean> {
  const problems = (await Promise.all(tools.map(problem))).filter((p) => p !== null);
  for (const p of problems) {
    if (Deno.env.get("CI")) throw new Error(`required in CI: ${p}`);
    console.warn(`IGNORED below: ${p}`);
  }
  return problems.length > 0;
}

/** Why `program` cannot be started here, or `null`. */
async function programProblem(program: string, debianPackage: string): Promise<string | null> {
  try {
    // Any exit code will do: the question is only whether the program can be started.
    await new Deno.Command(program, {
      args: ["--version"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return null;
  } catch {
    return `\`${program}\` is not installed (apt-get install ${debianPackage})`;
  }
}

/** Why a test cannot make a network namespace with interfaces of its own here, or `null`. */
async function namespaceProblem(): Promise<string | null> {
  const script = "ip link add t0 type veth peer name t1";
  try {
    const { code } = await new Deno.Command("unshare", {
      args: ["-n", "sh", "-c", script],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    if (code === 0) return null;
  } catch {
    // unshare itself is missing.
  }
  return "cannot make a network namespace with `unshare -n` and `ip link add` (run as root; " +
    "apt-get install util-linux iproute2)";
}

/** A loopback port nobody listens on right now (it may be taken again later: use it at once). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** True when this machine has an IPv6 loopback (::1) to listen on. */
export function haveIpv6(): boolean {
  try {
    Deno.listen({ hostname: "::1", port: 0 }).close();
    return true;
  } catch {
    // Not a tool CI can install: some containers have no IPv6 at all.
    console.warn("IGNORED below: this machine has no IPv6 loopback (::1)");
    return false;
  }
}

/** Runs `program args` with `input` on its stdin and returns what it printed once it exits. */
export async function pipeThrough(program: string, args: string[], input: string): Promise<string> {
  const child = new Deno.Command(program, {
    args,
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
