/**
 * Test support: the grader as a user runs it (`deno task grade ...` in a process of its own),
 * and its JSON Lines output as records.
 *
 * @module
 */

import { run } from "./process.ts";

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

/** The arguments of `deno task grade`, run with exactly the task's permissions (deno.json's). */
export function gradeArgs(): string[] {
  const meta = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`));
  // "deno run --allow-... main_grade.ts": everything after "deno".
  return meta.tasks.grade.split(" ").slice(1);
}

/** Runs the grader with `args` (English, no colours) and reads its output. */
export async function grade(args: string[], env: Record<string, string> = {}): Promise<GradeRun> {
  return withChecks(await run([...gradeArgs(), ...args], env), args);
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
  const task = ["task", "--quiet", "--config", `${ROOT}deno.json`, "grade"];
  return withChecks(await run([...task, ...args], { INIT_CWD: dir }, dir), args);
}

function withChecks(out: { code: number; stdout: string; stderr: string }, args: string[]) {
  const checks = args.includes("--json")
    ? out.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l))
    : [];
  return { ...out, checks };
}
