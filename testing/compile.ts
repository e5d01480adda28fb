/**
 * Test support: `scripts/compile.sh` as a release runs it, and what it bakes into each binary.
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url).pathname;

/** The programs a release ships. */
export type Program = "server" | "client" | "grade";

/** What a run of compile.sh printed, and how it exited. */
export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `bash scripts/compile.sh ARGS`. DENORT_BIN is cleared unless `env` sets it, so the
 * machine's own setting never changes what a test expects.
 */
export async function compileScript(
  args: string[],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  const out = await new Deno.Command("bash", {
    args: ["scripts/compile.sh", ...args],
    cwd: ROOT,
    stdin: "null",
    env: { DENORT_BIN: "", ...env },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/**
 * The permission flags compile.sh gives `program`'s binary, read from its own `--dry-run`: the
 * words after `--target TARGET` and before `--output`, plus `--no-prompt` when it passes that.
 */
export async function bakedPermissions(program: Program): Promise<string[]> {
  const { code, stdout, stderr } = await compileScript(["--dry-run", Deno.build.target]);
  if (code !== 0) throw new Error(`compile.sh --dry-run failed: ${stderr}`);
  const line = stdout.split("\n").find((l) => l.endsWith(` main_${program}.ts`));
  if (line === undefined) throw new Error(`no command for main_${program}.ts in:\n${stdout}`);
  const words = line.split(" ");
  const flags = words.slice(words.indexOf("--target") + 2, words.indexOf("--output"));
  return words.includes("--no-prompt") ? ["--no-prompt", ...flags] : flags;
}

/** The version in deno.json, the one place it is written. */
export async function version(): Promise<string> {
  const { default: meta } = await import("../deno.json", { with: { type: "json" } });
  return meta.version;
}

/** The file name of `program`'s binary for `target`, as compile.sh names it. */
export function binaryName(program: Program, target: string): string {
  return `chat-${program}-${target}${target.includes("windows") ? ".exe" : ""}`;
}
