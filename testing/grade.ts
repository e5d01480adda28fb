/**
 * Test support: the grader as a user runs it (`deno task grade ...` in a process of its own),
 * and its JSON Lines output as records.
 *
 * @module
 */

import { run, TEST_ENV } from "./process.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** One check's line of `--json`. */
export interface JsonCheck {
  readonly id: string;
  readonly title: string;
  readonly kind: "required" | "robustness";
  readonly status: "pass" | "fail" | "skipped";
  readonly sent?: string;
  readonly expected?: string;
  readonly got?: string;
  readonly hint?: string;
  readonly note?: string;
  readonly reason?: string;
}

/** A finished grader run. */
export interface GradeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The `--json` records (empty without --json). */
  readonly checks: JsonCheck[];
}

/** The arguments of `deno task grade`, run with exactly the task's permissions. */
export const GRADE = [
  "run",
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "main_grade.ts",
];

/** Runs the grader with `args` (English, no colours) and reads its output. */
export async function grade(args: string[], env: Record<string, string> = {}): Promise<GradeRun> {
  const out = await run([...GRADE, ...args], env);
  const checks = args.includes("--json")
    ? out.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l))
    : [];
  return { ...out, checks };
}

/** `python3 tests/fixtures/NAME.py {PORT}`: a fixture server for --server-cmd. */
export function fixture(name: string): string {
  return `python3 tests/fixtures/${name}.py {PORT}`;
}

/** The ids of the checks with `status`. */
export function idsWith(run: GradeRun, status: JsonCheck["status"]): string[] {
  return run.checks.filter((c) => c.status === status).map((c) => c.id);
}

/**
 * `deno task grade ARGS` typed in `dir`, a student's folder: the task runs in the project's
 * folder, and file names are the student's (INIT_CWD, as for the recorder).
 */
export async function gradeIn(dir: string, args: string[]): Promise<GradeRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "--config", `${ROOT}deno.json`, "grade", ...args],
    cwd: dir,
    stdin: "null",
    env: { ...TEST_ENV, INIT_CWD: dir },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  const stdout = decode(out.stdout);
  const checks = args.includes("--json")
    ? stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l))
    : [];
  return { code: out.code, stdout, stderr: decode(out.stderr), checks };
}
