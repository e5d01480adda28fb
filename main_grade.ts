/**
 * tcpchat's lab kit: `deno task record` records a hand-in (`main_grade.ts record ...`).
 *
 * This file only wires the process to the library: the first argument picks the command, and
 * the command's result is the exit code.
 *
 * @module
 */

import { recordMain } from "./lib/record/main.ts";

if (Deno.args[0] === "record") Deno.exit(await recordMain(Deno.args.slice(1)));
console.error("tcpchat-grade: usage: deno task record [options] (see deno task record --help)");
Deno.exit(2);
