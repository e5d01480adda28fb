/**
 * Test support: the real programs students use, and whether this machine has them.
 *
 * A test that needs a missing program is ignored with a printed reason, except in CI (the `CI`
 * variable is set), where a missing program is an error: CI installs them all (`.ci/run`).
 *
 * @module
 */

/** True when `program` runs here. Throws in CI when it does not; warns otherwise. */
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
    if (Deno.env.get("CI")) {
      throw new Error(`${program} is required in CI: apt-get install ${debianPackage}`);
    }
    console.warn(
      `IGNORED below: \`${program}\` is not installed (apt-get install ${debianPackage})`,
    );
    return false;
  }
}

/** True when this machine has an IPv6 loopback (::1) to listen on. */
export function haveIpv6(): boolean {
  try {
    Deno.listen({ hostname: "::1", port: 0 }).close();
    return true;
  } catch {
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
