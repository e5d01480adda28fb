/**
 * Test support: the real programs students use, and whether this machine has them, with the rule
 * every test that needs one follows: without it the test is ignored with a printed reason, except
 * in CI (the `CI` variable is set), where it must run: CI installs them all (`.ci/run`).
 *
 * @module
 */

import { tsharkProblem } from "../lib/capture/tshark.ts";

/** `true` when the test must be ignored because of `problem`; throws in CI, where nothing may be. */
export function missing(problem: string | null): boolean {
  if (problem === null) return false;
  if (Deno.env.get("CI")) throw new Error(`required in CI: ${problem}`);
  console.warn(`IGNORED below: ${problem}`);
  return true;
}

/** True when `program` can be started here (see {@link missing} for when it cannot). */
export async function haveProgram(program: string, debianPackage: string): Promise<boolean> {
  try {
    // Any exit code will do: the question is only whether the program can be started.
    await new Deno.Command(program, {
      args: ["--version"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return true;
  } catch {
    return !missing(`\`${program}\` is not installed (apt-get install ${debianPackage})`);
  }
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

/** Why tshark cannot read captures here, or `null`. */
export const NO_TSHARK = await tsharkProblem({ capture: false });
/** Why tshark cannot capture on loopback here, or `null`. */
export const NO_CAPTURE = NO_TSHARK ?? await tsharkProblem({ capture: true });
