// docs/LAB.md and docs/LAB.ro.md, the lab step by step: the two languages show the same commands,
// their table of checks is the grader's own, every tcpchat command they show is one the
// programs accept, the teacher's class loop grades a class for real, and what they quote of the
// recorder is what it prints.
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeCaptureProblem } from "../lib/capture/permission.ts";
import { replaceCheckTable } from "../lib/grade/check_table.ts";
import { GRADE_TEXTS } from "../lib/grade/texts.ts";
import { RECORD_TEXTS } from "../lib/record/texts.ts";
import { runShell } from "../testing/readme.ts";
import { missing } from "../testing/tools.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DOCS = { en: "docs/LAB.md", ro: "docs/LAB.ro.md" } as const;
const TASKS = Object.keys(JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks);

interface Block {
  readonly language: string;
  readonly lines: string[];
}

async function blocks(file: string): Promise<Block[]> {
  const text = await Deno.readTextFile(`${ROOT}${file}`);
  return [...text.matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({
    language: m[1],
    lines: m[2].replace(/\\\n\s*/g, "").split("\n").filter((l) => l.trim() !== ""),
  }));
}

/**
 * Every `deno task` command the page shows, in shell blocks and in `inline code`, with `sudo`
 * and `--lang ro` taken off.
 */
async function taskCommands(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(`${ROOT}${file}`);
  const inline = [...text.replace(/^```[\s\S]*?^```$/gm, "").matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1]);
  const shell = (await blocks(file)).filter((b) => b.language === "sh").flatMap((b) => b.lines);
  return [...shell, ...inline]
    .map((l) => l.trim().replace(/^sudo "\$\(command -v deno\)" /, "deno "))
    .filter((l) => l.startsWith("deno task "))
    .map((l) => l.replace(" --lang ro", ""));
}

Deno.test("lab docs: English and Romanian show the same commands", async () => {
  const shell = async (file: string) =>
    (await blocks(file)).filter((b) => b.language !== "text")
      .map((b) => b.lines.join("\n").replaceAll(" --lang ro", ""));
  deepEqual(await shell(DOCS.ro), await shell(DOCS.en));
});

Deno.test("lab docs: the table of checks is the grader's, in each language", async () => {
  for (const [lang, file] of Object.entries(DOCS) as [keyof typeof DOCS, string][]) {
    const text = await Deno.readTextFile(`${ROOT}${file}`);
    const written = replaceCheckTable(text, GRADE_TEXTS[lang]);
    ok(written !== undefined, `${file}: no <!-- checks: begin --> ... <!-- checks: end -->`);
    equal(text, written, `${file}: run deno run -A scripts/lab_docs_checks.ts`);
  }
});

Deno.test("lab docs: every tcpchat command is accepted by its program", async () => {
  const commands = new Set([...await taskCommands(DOCS.en), ...await taskCommands(DOCS.ro)]);
  // A line of the class loop uses the loop's variables: the loop itself runs below.
  const checked = [...commands].filter((c) => !c.includes("$"));
  ok(checked.some((c) => c.startsWith("deno task record ")));
  ok(checked.some((c) => c.startsWith("deno task grade --capture ")));
  ok(checked.some((c) => c.startsWith("deno task demo ")));
  for (const command of checked) {
    ok(TASKS.includes(command.split(" ")[2]), `${command}: no such task`);
    // --help after every option: a program that knows them all prints its help and exits 0.
    const run = await runShell(`${command} --help`, { cwd: ROOT, ms: 30_000 });
    equal(run.code, 0, `${command}\n${run.stderr}`);
  }
});

/** The class loop of "Grading a class", as a teacher copies it. */
async function classLoop(file: string): Promise<string> {
  const loop = (await blocks(file)).find((b) => b.lines.some((l) => l.startsWith("for dir in")));
  if (loop === undefined) throw new Error(`${file}: no class loop`);
  return loop.lines.join("\n");
}

Deno.test({
  name: "lab docs: the class loop grades each student's folder, with reports, as written",
  // The lab's servers all listen on 3333: the loop runs in a network namespace of its own.
  ignore: await missing("python3", "unshare"),
}, async () => {
  const home = await Deno.makeTempDir();
  // The teacher runs the loop in the tcpchat folder: here a folder inside it, so that deno task
  // finds the project and the reports land where the loop was typed (INIT_CWD).
  const here = await Deno.makeTempDir({ dir: ROOT, prefix: ".class-loop-" });
  try {
    const template = "index_tcp-multiclient-server_template.py";
    // ana completed the template well; bob forgot the sender's prefix; neither handed in the
    // capture and the log yet.
    for (const [name, fixture] of [["ana", "lab_server_robust"], ["bob", "broadcast_no_prefix"]]) {
      const dir = `${home}/lab/submissions/${name}`;
      await Deno.mkdir(dir, { recursive: true });
      await Deno.copyFile(`${ROOT}tests/fixtures/${fixture}.py`, `${dir}/${template}`);
      // The faulty fixtures import the correct one for what they do not change.
      await Deno.copyFile(`${ROOT}tests/fixtures/lab_server.py`, `${dir}/lab_server.py`);
    }
    const loop = await classLoop(DOCS.en);
    equal(await classLoop(DOCS.ro), loop);
    const run = await runShell(
      `unshare -rn bash -c 'ip link set lo up && exec bash -c "$0"' ${shellQuote(loop)}`,
      { cwd: here, env: { HOME: home }, ms: 60_000 },
    );
    deepEqual(run.stdout.trim().split("\n"), [
      "ana server: exit 0",
      "ana hand-in: exit 2",
      "bob server: exit 1",
      "bob hand-in: exit 2",
    ], run.stderr);
    const report = (name: string) => Deno.readTextFile(`${here}/reports/${name}`);
    match(await report("ana.txt"), /All required checks passed\./);
    match(await report("bob.txt"), /FAIL +broadcast\.relay/);
    match(await report("bob.xml"), /<testcase [^>]*name="broadcast\.relay: [^>]*>\s*<failure /);
    equal(await report("ana-handin.txt"), "");
    match(run.stderr, /capture .*ana\/+tcp_multiclient_chat_capture\.pcapng does not exist/);
  } finally {
    await Deno.remove(here, { recursive: true });
    await Deno.remove(home, { recursive: true });
  }
});

/** `text` as one word for `sh`. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

Deno.test("lab docs: what they quote of the recorder is what it prints", async () => {
  const log = "tcp_multiclient_server_output.txt";
  const capture = "tcp_multiclient_chat_capture.pcapng";
  for (const lang of ["en", "ro"] as const) {
    const t = RECORD_TEXTS[lang];
    const flags = `${lang === "ro" ? "--lang ro " : ""}--capture ${capture} --log ${log}`;
    const printed = [
      t.next(3333),
      t.written({ file: log, lines: 27 }, { file: capture, packets: 96, streams: 3 }),
      t.explain(log),
      t.check(`deno task grade ${flags}`),
    ].map((line) => `== ${line}`);
    const quoted = (await blocks(DOCS[lang])).filter((b) => b.language === "text")
      .flatMap((b) => b.lines).filter((l) => l.startsWith("== "));
    deepEqual(quoted, printed, lang);
    // The line the recorder ends the server's output with.
    const ends = (await blocks(DOCS[lang])).filter((b) => b.language === "text")
      .flatMap((b) => b.lines).filter((l) => l.startsWith("---- "));
    deepEqual(ends, [GRADE_TEXTS[lang].handin.outputEnd()], lang);

    // The table of failures quotes the start of the recorder's lines.
    const failures = [
      describeCaptureProblem({ kind: "no-permission", iface: "lo" }, "linux", lang),
      t.portBusy(3333),
      t.serverExitedEarly(1),
      t.serverNotListening(3333, 10),
      t.nothingCaptured(3333),
    ].map((line) => `record: ${line}`);
    const text = await Deno.readTextFile(`${ROOT}${DOCS[lang]}`);
    const starts = [...text.matchAll(/^\| `(record: [^`]*?) \.\.\.`/gm)].map((m) => m[1]);
    equal(starts.length, failures.length, lang);
    for (const start of starts) {
      ok(failures.some((line) => line.startsWith(start.replace(/:$/, ""))), `${lang}: ${start}`);
    }
  }
});
