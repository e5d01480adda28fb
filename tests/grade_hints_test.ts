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
];

Deno.test({
  name: "grade hints: late, cut short, tag in another form, echo only, flood are named",
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
