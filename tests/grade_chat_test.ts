// The chat lab's grader: tcpchat's protocol (docs/PROTOCOL.md) judged by its grammar, so tcpchat
// and a student's Python server that keeps to it pass, and faulty variants fail their own check.
import { deepEqual, equal, match } from "node:assert/strict";
import { fixture, grade, type GradeRun, idsWith } from "../testing/grade.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");

function gradeChat(command: string, ...extra: string[]): Promise<GradeRun> {
  return grade(["--lab", "chat", "--port", "0", "--server-cmd", command, "--json", ...extra]);
}

Deno.test("grade chat: tcpchat passes every check, in English and in Romanian", async () => {
  const server = "deno run --allow-net --allow-env main_server.ts --port {PORT}";
  const [en, ro] = await Promise.all([gradeChat(server), gradeChat(`${server} --lang ro`)]);
  for (const run of [en, ro]) {
    deepEqual(idsWith(run, "fail"), [], run.stdout);
    equal(idsWith(run, "pass").length, 15);
    equal(run.code, 0);
  }
});

Deno.test({
  name: "grade chat: a Python server keeping to the protocol passes; faulty ones fail theirs",
  ignore: noPython,
}, async () => {
  const [good, noConfirm, roomEcho] = await Promise.all([
    gradeChat(fixture("chat_server")),
    gradeChat(fixture("chat_no_confirm"), "--only", "required"),
    gradeChat(fixture("chat_room_echo"), "--only", "required"),
  ]);
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
});
