// Faulty broadcast servers whose fault the relay check used to misname ("nothing reached the
// other clients", "without its sender"...): each hint now names what the server did.
import { equal, match } from "node:assert/strict";
import { grade } from "../testing/grade.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");

/** Each fixture (with its arguments), and the words the relay check's hint must have. */
const CASES: [string, RegExp][] = [
  ["broadcast_late.py {PORT} 3", /^the line arrived late, after [3-6]\.\d s: send it on/],
  ["broadcast_cut.py {PORT}", /^the line arrived cut short: got 10 of \d+ bytes/],
  [
    "broadcast_tag_format.py {PORT} space",
    /^the sender is there but written as \[127\.0\.0\.1: \d+\]; the lab's form is \[ip:port\]/,
  ],
  ["broadcast_echo_only.py {PORT}", /^each line went back to its sender only/],
  // The course's example server, graded for the broadcast lab by mistake: an echo too.
  ["echo_example.py {PORT}", /^each line went back to its sender only/],
  ["broadcast_flood.py {PORT}", /^the server sent .* \d+\.\d MiB or more where a few lines/],
  [
    "broadcast_close_after_line.py {PORT}",
    /^the server closed B's connection after B's first line: a client's thread must loop on recv/,
  ],
];

Deno.test({
  name: "grade hints: late, cut short, tag in another form, echo only, flood, closed after a line",
  ignore: noPython,
}, async (t) => {
  // Every run at once, each on a free port: most of each is waiting.
  const runs = CASES.map(([command]) =>
    grade([
      "--lab",
      "broadcast",
      "--port",
      "0",
      "--only",
      "broadcast.relay",
      "--json",
      "--server-cmd",
      `python3 tests/fixtures/${command}`,
    ])
  );
  await Promise.allSettled(runs);
  for (const [i, [command, hint]] of CASES.entries()) {
    await t.step(command, async () => {
      const run = await runs[i];
      const relay = run.checks.find((c) => c.id === "broadcast.relay");
      equal(relay?.status, "fail", run.stdout + run.stderr);
      match(relay?.hint ?? "", hint);
    });
  }
});

Deno.test({
  name: "grade hints: a huge output is kept head and tail, said to be cut, and its log judged so",
  ignore: noPython,
}, async (t) => {
  const only = "broadcast.connect,broadcast.relay,log.connect,log.recv";
  const run = (sizes: string) =>
    grade([
      "--lab",
      "broadcast",
      "--port",
      "0",
      "--only",
      only,
      "--json",
      "--server-cmd",
      `python3 tests/fixtures/broadcast_huge_output.py {PORT} ${sizes}`,
    ]);
  // Noise at the start only: the log's lines are in the tail kept, and pass.
  const [before, around] = await Promise.all([run("12 0"), run("10 10")]);
  const cut = /^tcpchat-grade: the server printed \d+\.\d MiB: the grader kept its first and last/;
  await t.step("noise before the log's lines: they are judged, and pass", () => {
    match(before.stderr, cut);
    equal(before.checks.filter((c) => c.status !== "pass").length, 0, before.stdout);
  });
  await t.step("noise around them: the log is too big to judge whole, not missing lines", () => {
    match(around.stderr, cut);
    for (const id of ["log.connect", "log.recv"]) {
      const check = around.checks.find((c) => c.id === id);
      equal(check?.status, "fail", around.stdout);
      match(check?.hint ?? "", /^the log was too big to judge whole \(\d+\.\d MiB; the grader/);
    }
  });
});

Deno.test({
  name: "grade hints: a server listening on another port than it was told is told which",
  ignore: noPython || Deno.build.os !== "linux",
}, async () => {
  // Two ports nobody listens on: the one the grader gives, and the one the server takes.
  // Both open at once, so that they differ.
  const listeners = [0, 0].map(() => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => l.addr.port);
  for (const listener of listeners) listener.close();
  const [told, taken] = ports;
  const run = await grade([
    "--lab",
    "broadcast",
    "--port",
    String(told),
    "--server-cmd",
    `python3 tests/fixtures/broadcast_other_port.py {PORT} ${taken}`,
  ]);
  equal(run.code, 2, run.stdout);
  equal(
    run.stderr,
    `tcpchat-grade: the server command listens on ${taken}, not on ${told} (waited 15 s): does it ` +
      "read the port it is given (--port, passed where --server-cmd says {PORT})?\n",
  );
});
