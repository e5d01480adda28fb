// A hand-in shows the lab's mini chat only if clients were connected together and the server
// relayed what each sent: clients taking turns alone, or a server that never relays, fail.
import { deepEqual, equal, match } from "node:assert/strict";
import { Capture, PORT } from "../../testing/segments.ts";
import { judgeHandin } from "./handin.ts";
import { GRADE_EN } from "./texts.ts";

const kinds = (c: Capture) =>
  judgeHandin(c.segments, c.payloads, "", PORT).problems.filter((p) =>
    p.kind === "handin.together" || p.kind === "handin.relayed"
  ).map((p) => [p.kind, p.say(GRADE_EN)]);

Deno.test("hand-in: three clients taking turns alone fail: none was connected with another", () => {
  const c = new Capture();
  for (const stream of [0, 1, 2]) {
    c.open(stream).says(stream, `one from ${stream}`).says(stream, `two from ${stream}`)
      .close(stream);
  }
  const problems = kinds(c);
  equal(problems.length, 2, JSON.stringify(problems));
  match(problems[0][1], /^no two clients were ever connected at the same time .*3 at once/);
  match(problems[1][1], /^no message was sent while another client was connected/);
});

Deno.test("hand-in: three clients together whose server never relays fail with one line", () => {
  const c = new Capture().open(0).open(1).open(2);
  for (const stream of [0, 1, 2]) c.says(stream, `hello from ${stream}`);
  c.close(0).close(1).close(2);
  deepEqual(kinds(c), [[
    "handin.relayed",
    "none of the 3 messages sent while other clients were connected reached any of them: the server never relayed",
  ]]);
});

Deno.test("hand-in: only two at once is named; three at once with every line relayed passes", () => {
  const two = new Capture().open(0).open(1).says(0, "hi").gets(1, 0, "hi").close(0).open(2)
    .says(2, "yo").gets(1, 2, "yo").close(1).close(2);
  deepEqual(kinds(two).map(([kind]) => kind), ["handin.together"]);
  match(kinds(two)[0][1], /^at most 2 clients were connected at the same time/);
  const good = new Capture().open(0).open(1).open(2).says(0, "hi").gets(1, 0, "hi")
    .gets(2, 0, "hi").says(2, "yo").gets(0, 2, "yo").gets(1, 2, "yo").close(0).close(1).close(2);
  deepEqual(kinds(good), []);
});
