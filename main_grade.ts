/**
 * tcpchat-grade: `deno task grade [HOST:PORT] --lab broadcast|echo|chat ...` grades a lab server
 * over real TCP; `deno task grade --capture FILE --log FILE` checks a hand-in; `deno task record`
 * (`main_grade.ts record ...`) records one.
 *
 * This file only wires the process to the library: arguments, files, output and the exit code.
 * `lib/grade/` holds the checks and their judgement.
 *
 * @module
 */

import { dirname } from "node:path";
import { commandLineOptions, type Fail, failer, userPath } from "./lib/cli.ts";
import { systemClock } from "./lib/clock.ts";
import { writeAll } from "./lib/io.ts";
import { checkHandin } from "./lib/grade/handin_main.ts";
import { readLogFile } from "./lib/grade/handin_files.ts";
import { gradeLab } from "./lib/grade/grade_lab.ts";
import { formatJunit } from "./lib/grade/junit.ts";
import { type LabOptions, parseGradeArgs } from "./lib/grade/options.ts";
import { formatJson, formatReport } from "./lib/grade/report.ts";
import { exitCode } from "./lib/grade/result.ts";
import { GRADE_TEXTS } from "./lib/grade/texts.ts";
import { recordMain } from "./lib/record/main.ts";

const fail: Fail = failer("tcpchat-grade");

/** Why `path` cannot be written, before minutes of grading are spent; `null` when it can. */
async function unwritable(path: string): Promise<string | null> {
  try {
    const info = await Deno.stat(dirname(userPath(path)));
    return info.isDirectory ? null : `${dirname(path)} is not a folder`;
  } catch (error) {
    return error instanceof Deno.errors.NotFound
      ? `there is no folder ${dirname(path)}`
      : error instanceof Error
      ? error.message
      : String(error);
  }
}

async function lab(options: LabOptions): Promise<number> {
  const t = GRADE_TEXTS[options.lang];
  if (options.junit !== undefined) {
    const why = await unwritable(options.junit);
    if (why !== null) return fail(2, t.errors.cannotWrite(options.junit, why));
  }
  const run = await gradeLab(options, { clock: systemClock, readLog: readLogFile });
  if (!run.ok) return fail(2, run.message(t));
  for (const note of run.notes) writeAll(Deno.stderr, `tcpchat-grade: ${note(t)}\n`);
  const heading = t.report.heading(options.lab, run.where);
  writeAll(
    Deno.stdout,
    (options.json
      ? formatJson(run.results, t)
      : formatReport(heading, run.results, t, options.color)) +
      "\n",
  );
  if (options.junit !== undefined) {
    try {
      await Deno.writeTextFile(
        userPath(options.junit),
        formatJunit(`tcpchat-grade ${heading}`, run.results, t),
      );
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return fail(2, t.errors.cannotWrite(options.junit, detail));
    }
  }
  return exitCode(run.results);
}

async function main(): Promise<void> {
  if (Deno.args[0] === "record") Deno.exit(await recordMain(Deno.args.slice(1)));
  const options = commandLineOptions(parseGradeArgs, fail);
  if (options === undefined) return;
  const code = options.mode === "lab" ? await lab(options) : await checkHandin(options);
  Deno.exit(code);
}

main().catch((error) => {
  // Never a stack trace to a user: one line.
  fail(1, `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
});
