// The broadcast lab's grader against real servers: tcpchat and a robust Python completion of the
// template pass every check; the lab's template completed correctly passes every required one;
// and each faulty server written the way students get it wrong fails with the check that names
// its fault and the hint that tells what to do.
import { deepEqual, equal, match } from "node:assert/strict";
import { fixture, grade, type GradeRun, idsWith } from "../testing/grade.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");
const TCPCHAT = "deno run --allow-net --allow-env main_server.ts --mode broadcast --port {PORT}";

/** Grades `command` for the broadcast lab, with `--json` and a free port. */
function gradeBroadcast(command: string, ...extra: string[]): Promise<GradeRun> {
  return grade(["--lab", "broadcast", "--port", "0", "--server-cmd", command, "--json", ...extra]);
}

/** Each faulty server, the first check that must fail, and words its hint must have. */
const FAULTS: [string, string, RegExp][] = [
  ["broadcast_to_sender", "broadcast.not-to-sender", /skip the sender/],
  ["broadcast_no_prefix", "broadcast.relay", /without its sender: put "\[ip:port\] "/],
  ["broadcast_server_address", "broadcast.relay", /server's own address/],
  ["broadcast_first_only", "broadcast.relay", /do not stop after the first/],
  ["broadcast_dies_on_reset", "broadcast.rst", /ConnectionResetError/],
  ["broadcast_dead_socket", "broadcast.fin", /recv returns b'' remove that client/],
  ["broadcast_glued", "broadcast.relay", /without its \\n at the end/],
  ["broadcast_ascii", "broadcast.utf8", /UTF-8/],
  ["broadcast_bytes_repr", "broadcast.relay", /b'\.\.\.'/],
  ["broadcast_one_thread", "broadcast.relay", /its own thread/],
];

// Every run at once (each server on a free port of its own): most of a run is waiting for lines
// that a faulty server never sends, and the robustness checks' deadlines.
Deno.test({
  name: "grade broadcast: tcpchat, the template completed correctly, and every faulty server",
  ignore: noPython,
}, async (t) => {
  const tcpchat = gradeBroadcast(TCPCHAT);
  const template = gradeBroadcast(fixture("lab_server"));
  const robust = gradeBroadcast(fixture("lab_server_robust"));
  // Required checks only for the faulty ones: the first failure is what they are about.
  const faulty = Promise.all(
    FAULTS.map(([name]) => gradeBroadcast(fixture(name), "--only", "required")),
  );
  // Every run is awaited, whatever a step finds: none is left running after the test.
  await Promise.allSettled([tcpchat, template, robust, faulty]);

  await t.step("tcpchat passes every check, required and robustness", async () => {
    const run = await tcpchat;
    deepEqual(idsWith(run, "fail"), [], run.stdout);
    deepEqual(idsWith(run, "skipped"), []);
    equal(run.checks.length, 16);
    equal(run.code, 0);
  });

  await t.step(
    "a robust completion of the template passes every check too: not only tcpchat",
    async () => {
      const run = await robust;
      deepEqual(idsWith(run, "fail"), [], run.stdout);
      deepEqual(idsWith(run, "skipped"), []);
      equal(run.code, 0);
    },
  );

  await t.step(
    "the template completed correctly passes every required check; the robustness checks " +
      "explain its recv(1024) faults",
    async () => {
      const run = await template;
      equal(run.code, 0, run.stdout);
      const required = run.checks.filter((c) => c.kind === "required");
      deepEqual(required.filter((c) => c.status !== "pass").map((c) => c.id), []);
      // The template takes each recv for a message: exactly what these checks exist to show.
      const failed = idsWith(run, "fail");
      for (const id of ["broadcast.split", "broadcast.merged", "broadcast.many"]) {
        equal(failed.includes(id), true, id);
        match(
          run.checks.find((c) => c.id === id)!.hint!,
          /one recv\(1024\) may return half a line/,
        );
      }
      // It sends while holding the lock: one client that never reads stalls everyone.
      match(run.checks.find((c) => c.id === "broadcast.slow-reader")!.hint!, /clients_lock/);
      equal(failed.includes("broadcast.crlf"), false);
      equal(failed.includes("broadcast.long-line"), false);
    },
  );

  await t.step("each faulty student server fails the check that names its fault", async () => {
    const runs = await faulty;
    FAULTS.forEach(([name, id, hint], i) => {
      const run = runs[i];
      equal(run.code, 1, `${name}: ${run.stdout}${run.stderr}`);
      const first = run.checks.find((c) => c.status === "fail");
      equal(first?.id, id, `${name}: ${run.stdout}`);
      match(first!.hint!, hint, name);
    });
    // One fault, said once: the checks that would only repeat it wait for it to be fixed.
    const toSender = runs[FAULTS.findIndex(([name]) => name === "broadcast_to_sender")];
    deepEqual(idsWith(toSender, "fail"), ["broadcast.not-to-sender"], toSender.stdout);
  });
});
