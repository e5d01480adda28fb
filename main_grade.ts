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
import { formatPeer } from "./lib/core/protocol.ts";
import { writeAll } from "./lib/io.ts";
import { checkHandin } from "./lib/grade/handin_main.ts";
import { readLogFile } from "./lib/grade/handin_files.ts";
import { gradeLab } from "./lib/grade/grade_lab.ts";
import { formatJunit, formatJunitError } from "./lib/grade/junit.ts";
import { type LabOptions, parseGradeArgs } from "./lib/grade/options.ts";
import { formatJson, formatJsonError, formatReport } from "./lib/grade/report.ts";
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
  if (!run.ok) return await cannotGrade(options, run.message(t));
  for (const note of run.notes) writeAll(Deno.stderr, `tcpchat-grade: ${note(t)}\n`);
  const heading = t.report.heading(options.lab, run.where);
  writeAll(
    Deno.stdout,
    (options.json
      ? formatJson(run.results, t)
      : formatReport(heading, run.results, t, options.color)) +
      "\n",
  );
  const written = await writeJunit(
    options,
    formatJunit(`tcpchat-grade ${heading}`, run.results, t),
  );
  return written ?? exitCode(run.results);
}

/**
 * Grading could not start (exit code 2): the one line on stderr, and what --json and --junit
 * promise all the same (a CI that reads them shows the failure, not a missing file).
 */
async function cannotGrade(options: LabOptions, why: string): Promise<number> {
  const t = GRADE_TEXTS[options.lang];
  if (options.json) writeAll(Deno.stdout, formatJsonError(why, t) + "\n");
  const name = `tcpchat-grade ${
    t.report.heading(options.lab, formatPeer(options.host, options.port))
  }`;
  await writeJunit(options, formatJunitError(name, why, t));
  return fail(2, why);
}

/** Writes the --junit file when asked; the exit code of a failure to, else `undefined`. */
async function writeJunit(options: LabOptions, xml: string): Promise<number | undefined> {
  if (options.junit === undefined) return undefined;
  try {
    await Deno.writeTextFile(userPath(options.junit), xml);
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(2, GRADE_TEXTS[options.lang].errors.cannotWrite(options.junit, detail));
  }
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
