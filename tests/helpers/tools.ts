/**
 * Test support: finding the outside tools some tests need (python3, tmux...).
 *
 * A missing tool is an error in CI, which installs them all; elsewhere it is a printed notice,
 * and the tests that need it are marked ignored rather than counted as passing.
 *
 * @module
 */

/** True when `command args` runs successfully here. */
export async function toolAvailable(command: string, args: string[], install: string) {
  try {
    const { success } = await new Deno.Command(command, { args, stdout: "null", stderr: "null" })
      .output();
    if (success) return true;
  } catch {
    // Not installed: said below.
  }
  if (Deno.env.get("CI")) throw new Error(`${command} is required in CI: ${install}`);
  console.warn(`IGNORED below: \`${command}\` is not installed (${install})`);
  return false;
}
