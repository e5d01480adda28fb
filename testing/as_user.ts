/**
 * Test support: running a command as another, unprivileged user, the way a student without
 * capture rights runs it; and what `sudo` tells a program about the user who ran it.
 *
 * Only root can switch users, so tests that use this are ignored elsewhere (and must run in CI,
 * which runs as root).
 *
 * @module
 */

/** The unprivileged user every Linux system has. */
export const NOBODY = { name: "nobody", uid: 65534, gid: 65534 } as const;

/**
 * True when the test must be ignored because this process cannot switch users (it is not root),
 * after printing why; throws in CI, which runs as root and where nothing may be ignored.
 */
export function cannotSwitchUser(): boolean {
  if (Deno.uid() === 0) return false;
  const why = "switching to the user nobody needs root";
  if (Deno.env.get("CI")) throw new Error(`required in CI: ${why}`);
  console.warn(`IGNORED below: ${why}`);
  return true;
}

/**
 * What `sudo` sets for the command it runs (sudo(8), "ENVIRONMENT"): the user who ran it. A test
 * sets these itself to be "run with sudo" by `user` without a password prompt.
 */
export function sudoEnv(user: { name: string; uid: number; gid: number } = NOBODY) {
  return { SUDO_USER: user.name, SUDO_UID: String(user.uid), SUDO_GID: String(user.gid) };
}

/**
 * The command prefix that runs a program as `nobody`, with a Deno cache of its own in `home`
 * (made and given to nobody here: root's cache is not readable by others).
 */
export async function asNobody(home: string): Promise<string[]> {
  await Deno.mkdir(home, { recursive: true });
  await Deno.chown(home, NOBODY.uid, NOBODY.gid);
  return ["runuser", "-u", NOBODY.name, "--", "env", `HOME=${home}`, `DENO_DIR=${home}/deno`];
}

/** A folder `nobody` may write to (a temporary folder is root's alone). */
export async function folderForNobody(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.chown(dir, NOBODY.uid, NOBODY.gid);
  return dir;
}
