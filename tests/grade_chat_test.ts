// The chat lab's grader: tcpchat's protocol (docs/PROTOCOL.md) judged by its grammar, so tcpchat
// and a student's Python server that keeps to it pass, and faulty variants fail their own check.
import { deepEqual, equal, match } from "node:assert/strict";
import { fixture, grade, type GradeRun, idsWith } from "../testing/grade.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");

function gradeChat(command: string, ...extra: string[]): Promise<GradeRun> {
  return grade(["--lab", "chat", "--port", "0", "--server-cmd", command, "--json", ...extra]);
}

// Every run at once, each server on a free port of its own.
Deno.test({
  name: "grade chat: tcpchat, a Python server keeping to the protocol, and faulty ones",
  ignore: noPython,
}, async (t) => {
  const server = "deno run --allow-net --allow-env main_server.ts --port {PORT}";
  const tcpchat = Promise.all([gradeChat(server), gradeChat(`${server} --lang ro`)]);
  const python = Promise.all([
    gradeChat(fixture("chat_server")),
    gradeChat(fixture("chat_no_confirm"), "--only", "required"),
    gradeChat(fixture("chat_room_echo"), "--only", "required"),
  ]);
  // Every run is awaited, whatever a step finds: none is left running after the test.
  await Promise.allSettled([tcpchat, python]);

  await t.step("tcpchat passes every check, in English and in Romanian", async () => {
    for (const run of await tcpchat) {
      deepEqual(idsWith(run, "fail"), [], run.stdout);
      equal(idsWith(run, "pass").length, 15);
      equal(run.code, 0);
    }
  });

  await t.step(
    "a Python server keeping to the protocol passes; faulty ones fail theirs",
    async () => {
      const [good, noConfirm, roomEcho] = await python;
      deepEqual(idsWith(good, "fail"), [], good.stdout);
      equal(good.code, 0);

      equal(noConfirm.code, 1);
      const request = noConfirm.checks.find((c) => c.id === "chat.request")!;
      equal(request.status, "fail");
      match(request.got!, /^A ← "\* chat rob: /);
      match(request.hint!, /the chat starts only once the other answers y/);

      equal(roomEcho.code, 1);
      deepEqual(idsWith(roomEcho, "fail"), ["chat.room"]);
      match(roomEcho.checks.find((c) => c.id === "chat.room")!.hint!, /must not get its own/);
    },
  );
});
