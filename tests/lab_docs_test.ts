// docs/LAB.md and docs/LAB.ro.md, the lab step by step: the two languages show the same commands,
// every tcpchat command they show is one the programs accept, and what they quote of the
// recorder is what it prints.
import { deepEqual, equal, ok } from "node:assert/strict";
import { describeCaptureProblem } from "../lib/capture/permission.ts";
import { RECORD_TEXTS } from "../lib/record/texts.ts";
import { runShell } from "../testing/readme.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DOCS = { en: "docs/LAB.md", ro: "docs/LAB.ro.md" } as const;
const TASKS = Object.keys(JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks);
/** What the lab kit's grader adds; its commands are checked once it is in this checkout. */
const NEEDS_GRADER = /^deno task grade\b|--capitalize\b/;
const HAVE_GRADER = TASKS.includes("grade");

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

Deno.test("lab docs: English and Romanian show the same commands, and the same checks", async () => {
  const shell = async (file: string) =>
    (await blocks(file)).filter((b) => b.language !== "text")
      .map((b) => b.lines.join("\n").replaceAll(" --lang ro", ""));
  deepEqual(await shell(DOCS.ro), await shell(DOCS.en));
  const checkIds = async (file: string) => {
    const text = await Deno.readTextFile(`${ROOT}${file}`);
    equal(text.split("<!-- checks: begin").length, 2, `${file}: one check table`);
    const section = text.slice(
      text.indexOf("<!-- checks: begin"),
      text.indexOf("<!-- checks: end"),
    );
    return [...section.matchAll(/^\| `([a-z-]+\.[a-z-]+)` /gm)].map((m) => m[1]);
  };
  const ids = await checkIds(DOCS.en);
  ok(ids.length > 30);
  deepEqual(await checkIds(DOCS.ro), ids);
});

Deno.test("lab docs: every recorder and server command is accepted by its program", async () => {
  const commands = new Set([...await taskCommands(DOCS.en), ...await taskCommands(DOCS.ro)]);
  const checked = [...commands].filter((c) => !NEEDS_GRADER.test(c));
  ok(checked.some((c) => c.startsWith("deno task record ")));
  ok(checked.some((c) => c.startsWith("deno task demo ")));
  for (const command of checked) {
    ok(TASKS.includes(command.split(" ")[2]), `${command}: no such task`);
    // --help after every option: a program that knows them all prints its help and exits 0.
    const run = await runShell(`${command} --help`, { cwd: ROOT, ms: 30_000 });
    equal(run.code, 0, `${command}\n${run.stderr}`);
  }
});

Deno.test({
  name: "lab docs: every grader command is accepted by the grader",
  ignore: !HAVE_GRADER &&
    (console.warn("IGNORED below: deno task grade is not in this checkout"), true),
}, async () => {
  const commands = new Set([...await taskCommands(DOCS.en), ...await taskCommands(DOCS.ro)]);
  for (const command of [...commands].filter((c) => NEEDS_GRADER.test(c))) {
    const run = await runShell(`${command} --help`, { cwd: ROOT, ms: 30_000 });
    equal(run.code, 0, `${command}\n${run.stderr}`);
  }
});

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
