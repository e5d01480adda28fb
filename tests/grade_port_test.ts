// `--port 0`: the grader chooses a port; another program can take it before the student's server
// listens (two graders at once). Then it chooses again, and a port the user named is refused.
import { deepEqual, equal } from "node:assert/strict";
import { systemClock } from "../lib/clock.ts";
import { gradeLab } from "../lib/grade/grade_lab.ts";
import { readLogFile } from "../lib/grade/handin_files.ts";
import { parseGradeArgs } from "../lib/grade/options.ts";
import { GRADE_TEXTS } from "../lib/grade/texts.ts";

const ECHO = "deno run --allow-net --allow-env main_server.ts --mode echo --port {PORT}";

function labOptions(port: string) {
  const command = parseGradeArgs(
    ["--lab", "echo", "--port", port, "--server-cmd", ECHO, "--only", "echo.reply"],
    { noColorEnv: true, isTerminal: false },
    "C.UTF-8",
  );
  if (command.kind !== "run" || command.options.mode !== "lab") throw new Error("not a lab run");
  return command.options;
}

Deno.test("grade: a port it chose that someone else took is chosen again; a named one is refused", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const offered: number[] = [];
    const free = () => {
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      listener.close();
      return listener.addr.port;
    };
    // The first port offered is held by another program, as when a second grader took it.
    const freePort = () => {
      offered.push(offered.length === 0 ? taken.addr.port : free());
      return offered.at(-1)!;
    };
    const edge = { clock: systemClock, readLog: readLogFile, freePort };
    const chosen = await gradeLab(labOptions("0"), edge);
    equal(offered.length, 2);
    equal(chosen.ok && chosen.where, `127.0.0.1:${offered[1]}`);
    deepEqual(chosen.ok && chosen.results.map((r) => [r.id, r.outcome.status]), [
      ["echo.reply", "pass"],
    ]);

    // A port taken every time: after PORT_ATTEMPTS choices, the one line, not a loop.
    let asked = 0;
    const always = await gradeLab(labOptions("0"), {
      ...edge,
      freePort: () => (asked++, taken.addr.port),
    });
    equal(asked, 3);
    equal(
      !always.ok && always.message(GRADE_TEXTS.en),
      GRADE_TEXTS.en.errors.portBusy(taken.addr.port),
    );

    const named = await gradeLab(labOptions(String(taken.addr.port)), edge);
    equal(named.ok, false);
    equal(
      !named.ok && named.message(GRADE_TEXTS.en),
      GRADE_TEXTS.en.errors.portBusy(taken.addr.port),
    );
  } finally {
    taken.close();
  }
});
