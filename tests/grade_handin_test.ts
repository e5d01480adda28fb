// The hand-in check on hand-ins made without the recorder (tshark on the loopback interface, as
// root in CI, a student's Python server, its output as the log): a good one passes, each kind of
// broken one (too few clients, a message not relayed) gets its one line and exit code 1; bad
// files get one line and exit code 2. The recorder's hand-ins, checked as a student checks them,
// are tests/record_test.ts's.
import { deepEqual, equal, match } from "node:assert/strict";
import { grade } from "../testing/grade.ts";
import { type HandIn, record } from "../testing/handin.ts";
import { missing } from "../testing/tools.ts";

const noCapture = await missing("loopback capture", "python3");
const noTshark = await missing("tshark");

const check = (h: HandIn, ...extra: string[]) =>
  grade(["--capture", h.capture, "--log", h.log, "--port", String(h.port), ...extra]);

Deno.test({
  name: "hand-in: a Python server's session, made without the recorder, passes; --json too",
  ignore: noCapture,
}, async () => {
  await record("lab_server", 3, 2, async (h) => {
    const run = await check(h, "--json");
    equal(run.code, 0, run.stdout + run.stderr);
    // One object: the summary, with each stream, and the problems (none).
    const { summary, problems } = JSON.parse(run.stdout);
    equal(summary.clients, 3);
    equal(summary.streams.length, 3);
    equal(summary.port, h.port);
    deepEqual(problems, []);
  });
});

Deno.test({
  name: "hand-in: too few clients, and a message not relayed, are one line each",
  ignore: noCapture,
}, async () => {
  // Two hand-ins at once, each on its own port.
  await Promise.all([
    record("lab_server", 2, 3, async (h) => {
      const run = await check(h);
      equal(run.code, 1);
      match(
        run.stdout,
        /^PROBLEM: only 2 client connections to port \d+ in the capture; the lab asks for at least 3$/m,
      );
    }),
    record("broadcast_first_only", 3, 2, async (h) => {
      const run = await check(h, "--json");
      equal(run.code, 1);
      const { problems } = JSON.parse(run.stdout) as {
        problems: { kind: string; message: string }[];
      };
      equal(problems.some((p) => p.kind === "handin.relayed"), true, run.stdout);
      match(
        problems.find((p) => p.kind === "handin.relayed")!.message,
        /^the message "message 1 from client \d" from client port \d+ \(frame \d+\) never reached client port \d+$/,
      );
    }),
  ]);
});

Deno.test("hand-in: a missing file, or one that is not a capture, is one line and exit code 2", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const log = `${dir}/log.txt`;
    await Deno.writeTextFile(log, "[START] x\n");
    const missingCapture = await grade(["--capture", `${dir}/nope.pcapng`, "--log", log]);
    equal(missingCapture.code, 2);
    equal(missingCapture.stderr, `tcpchat-grade: capture ${dir}/nope.pcapng does not exist\n`);
    const missingLog = await grade(["--capture", log, "--log", `${dir}/nope.txt`]);
    equal(missingLog.stderr, `tcpchat-grade: log ${dir}/nope.txt does not exist\n`);
    if (!noTshark) {
      const notCapture = await grade(["--capture", log, "--log", log]);
      equal(notCapture.code, 2);
      match(
        notCapture.stderr,
        /^tcpchat-grade: .*log\.txt is not a capture tshark can read: .+\n$/,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
