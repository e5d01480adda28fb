/**
 * Test support: the README as data, so that tests can run every command it shows and compare
 * every transcript with what the programs really print.
 *
 * How a README block says what it is: the words after the language of its fence.
 *
 * | fence                          | what the tests do with each line (tests/readme_*_test.ts)        |
 * | ------------------------------ | ----------------------------------------------------------------- |
 * | ```` ```sh run ````            | runs it to the end (exit code 0), with a chat server listening    |
 * | ```` ```sh server ````         | starts it with `--port 0` added, connects, then Ctrl+C: exit 0    |
 * | ```` ```sh client ````         | runs it against a chat server: it must show the `? id:` prompt   |
 * | ```` ```sh test ````           | runs it on one small test file (the whole suite would recurse)    |
 * | ```` ```sh grade ````          | runs it against a tcpchat server in its `--lab` mode: exit code 0 |
 * | ```` ```sh dist… ````          | `run`/`server`/`client` in a directory of release files (binary_test.ts) |
 * | ```` ```sh macos ```` etc.     | another system's commands: every file they name must be one we build |
 * | ```` ```text transcript MODE ```` | replayed against a server in MODE (see transcript.ts)         |
 * | ```` ```text log MODE ````     | the server's log of the MODE transcript's session                 |
 * | ```` ```text screen ````       | the client's screen in a terminal, for the session it shows       |
 * | ```` ```text server-help ```` / `client-help` | lines of that program's `--help`, in order    |
 *
 * In every command and transcript, port 3333 stands for the test server's port (the tests never
 * bind 3333: other people's servers may use it), `--web 8080` for the live view on any free port,
 * and 0.0.0.0 for 127.0.0.1 (tests listen on loopback only). Other `text` blocks are pictures and are not checked; a shell block with no role
 * fails the tests, so no command can be added without being run.
 *
 * @module
 */

import { ProcessGroup } from "../lib/process/process_group.ts";

const README = new URL("../README.md", import.meta.url);

/** The roles a shell block may have. */
export const SHELL_ROLES = [
  "run",
  "server",
  "client",
  "test",
  "grade",
  "dist",
  "dist-server",
  "dist-client",
  "macos",
  "windows",
] as const;
export type ShellRole = typeof SHELL_ROLES[number];

/** One fenced block. */
export interface Block {
  /** The fence's language: `sh`, `text`, ... */
  readonly language: string;
  /** The words after the language. */
  readonly role: readonly string[];
  readonly lines: readonly string[];
  /** 1-based line of the opening fence, for messages. */
  readonly at: number;
}

/** Every fenced block of the README, in order. */
export function readmeBlocks(): Promise<Block[]> {
  return markdownBlocks(README);
}

/** Every fenced block of a Markdown file (the README, or a file of docs/), in order. */
export async function markdownBlocks(file: URL): Promise<Block[]> {
  const name = file.pathname.split("/").pop();
  const lines = (await Deno.readTextFile(file)).split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S+)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    if (end === -1) throw new Error(`${name}:${i + 1}: a fence that never closes`);
    const role = open[2].trim().split(/\s+/).filter((w) => w !== "");
    blocks.push({ language: open[1], role, lines: lines.slice(i + 1, end), at: i + 1 });
    i = end;
  }
  return blocks;
}

/** The README's prose with its fenced blocks taken out. */
export async function readmeProse(): Promise<string> {
  return (await Deno.readTextFile(README)).replace(/^```[\s\S]*?^```$/gm, "");
}

/** The commands of every shell block whose role is `role`, with where each was found. */
export function commandsOf(blocks: Block[], role: ShellRole): { line: string; at: number }[] {
  return blocks
    .filter((b) => isShell(b) && b.role[0] === role)
    .flatMap((b) => b.lines.map((line, i) => ({ line, at: b.at + 1 + i })))
    .filter(({ line }) => line.trim() !== "");
}

/** True for a block of commands: sh, bash, console, powershell, cmd. */
export function isShell(block: Block): boolean {
  return ["sh", "bash", "shell", "console", "powershell", "cmd"].includes(block.language);
}

/** A README command or line as the tests run it: `3333` is `port`, 0.0.0.0 is loopback. */
export function onPort(text: string, port: number): string {
  return text.replaceAll(/\b3333\b/g, String(port)).replaceAll("0.0.0.0", "127.0.0.1");
}

/**
 * The exit code, stdout and stderr of `bash -c command`, killed after `ms` with everything it
 * started: it runs in a process group of its own (lib/process/process_group.ts), which also ends
 * if the test runner dies first.
 */
export async function runShell(
  command: string,
  options: { cwd: string; env?: Record<string, string>; ms?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  // A user's terminal: no INIT_CWD, which `deno task` keeps when it inherits one (a test run by
  // `deno task test` has one, naming the project's folder, not where the command is typed).
  const env = { ...Deno.env.toObject(), ...shellEnv(options.env) };
  delete env.INIT_CWD;
  const group = ProcessGroup.spawn("bash", {
    args: ["-c", command],
    cwd: options.cwd,
    env,
    clearEnv: true,
  });
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    group.signal("SIGKILL");
  }, options.ms ?? 60_000);
  try {
    const out = await group.output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    if (late) throw new Error(`\`${command}\` was still running after the limit`);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } finally {
    clearTimeout(timer);
    // What the command left running in its group (a server it started) ends with it.
    group.signal("SIGKILL");
  }
}

/**
 * The environment a README command runs in: this Deno first on PATH (the version the README
 * names), no colours, English.
 */
export function shellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const denoDir = Deno.execPath().replace(/\/[^/]*$/, "");
  return {
    PATH: `${denoDir}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
    NO_COLOR: "1",
    LC_ALL: "C.UTF-8",
    ...extra,
  };
}

/** Sends `signal` to a process and everything it started (its process group), as Ctrl+C does. */
export async function signalGroup(pid: number, signal: "SIGINT" | "SIGTERM"): Promise<void> {
  await new Deno.Command("kill", { args: [`-${signal.slice(3)}`, "--", `-${pid}`] }).output();
}
