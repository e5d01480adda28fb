// The echo lab's grader against real servers: tcpchat's echo mode passes every check (plain, and
// capitalized like the course's example with --capitalize, the report saying which); a server
// like the course's example passes the required ones; faulty variants fail their own check.
import { deepEqual, equal, match } from "node:assert/strict";
import { fixture, grade, type GradeRun, idsWith } from "../testing/grade.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");
const TCPCHAT = "deno run --allow-net --allow-env main_server.ts --mode echo --port {PORT}";

function gradeEcho(command: string, ...extra: string[]): Promise<GradeRun> {
  return grade(["--lab", "echo", "--port", "0", "--server-cmd", command, "--json", ...extra]);
}

// Every run at once, each server on a free port of its own.
Deno.test({
  name: "grade echo: tcpchat, a server like the course's example, and faulty variants",
  ignore: noPython,
}, async (t) => {
  const tcpchat = Promise.all([
    gradeEcho(TCPCHAT),
    gradeEcho(TCPCHAT.replace("--mode echo", "--mode echo --capitalize")),
  ]);
  const python = Promise.all([
    gradeEcho(fixture("echo_example")),
    gradeEcho(fixture("echo_to_all"), "--only", "required"),
    gradeEcho(fixture("echo_no_newline"), "--only", "required"),
  ]);
  // Every run is awaited, whatever a step finds: none is left running after the test.
  await Promise.allSettled([tcpchat, python]);

  await t.step(
    "tcpchat passes every check, plain and with --capitalize, and says which",
    async () => {
      const [plain, capitalized] = await tcpchat;
      for (const run of [plain, capitalized]) {
        deepEqual(idsWith(run, "fail"), [], run.stdout);
        equal(idsWith(run, "pass").length, 9);
        equal(run.code, 0);
      }
      match(plain.checks[0].note!, /^plain echo/);
      match(capitalized.checks[0].note!, /capitalized \(Python's bytes\.capitalize\(\)\)/);
    },
  );

  await t.step(
    "the course's example passes the required checks; faulty variants fail theirs",
    async () => {
      const [example, toAll, noNewline] = await python;
      equal(example.code, 0, example.stdout);
      deepEqual(idsWith(example, "fail"), ["echo.split", "echo.merged"]);
      match(example.checks.find((c) => c.id === "echo.merged")!.hint!, /one recv\(1024\)/);

      equal(toAll.code, 1);
      equal(toAll.checks.find((c) => c.status === "fail")?.id, "echo.sender-only");
      match(
        toAll.checks.find((c) => c.status === "fail")!.hint!,
        /answers only the client that sent/,
      );

      equal(noNewline.code, 1);
      equal(noNewline.checks.find((c) => c.status === "fail")?.id, "echo.reply");
      match(noNewline.checks[0].hint!, /without its \\n/);
      match(noNewline.checks[0].got!, /^A ← "Hello world"$/);
    },
  );
});
