// A hand-in's log is paired with its packets by content: a missing or edited line is blamed on
// its own frame, with its text; the lines after it are still paired.
import { deepEqual, equal } from "node:assert/strict";
import { Capture, PORT } from "../../testing/segments.ts";
import { judgeHandin } from "./handin.ts";
import { GRADE_EN } from "./texts.ts";
import { GRADE_RO } from "./texts_ro.ts";

/** Three clients; 0 says two lines, 1 and 2 one each; the server relays every line. */
function session(): Capture {
  const c = new Capture().open(0).open(1).open(2);
  c.says(0, "hi from 0").gets(1, 0, "hi from 0").gets(2, 0, "hi from 0");
  c.says(1, "hi from 1").gets(0, 1, "hi from 1").gets(2, 1, "hi from 1");
  c.says(0, "again from 0").gets(1, 0, "again from 0").gets(2, 0, "again from 0");
  c.says(2, "bye").gets(0, 2, "bye").gets(1, 2, "bye");
  return c.close(0).close(1).close(2);
}

const peer = (n: number) => `127.0.0.1:${50000 + n}`;
const recv = (from: number, text: string) => `[RECV] From ${peer(from)} -> ${text}`;
const fwd = (to: number, from: number, text: string) =>
  `[FWD] To ${peer(to)} -> [${peer(from)}] ${text}`;

function logOf(): string[] {
  return [
    recv(0, "hi from 0"),
    fwd(1, 0, "hi from 0"),
    fwd(2, 0, "hi from 0"),
    recv(1, "hi from 1"),
    fwd(0, 1, "hi from 1"),
    fwd(2, 1, "hi from 1"),
    recv(0, "again from 0"),
    fwd(1, 0, "again from 0"),
    fwd(2, 0, "again from 0"),
    recv(2, "bye"),
    fwd(0, 2, "bye"),
    fwd(1, 2, "bye"),
  ];
}

const logLines = (c: Capture, lines: string[], t = GRADE_EN) =>
  judgeHandin(c.segments, c.payloads, lines.join("\n"), PORT).problems
    .filter((p) => p.kind === "handin.log").map((p) => p.say(t));

/** The frame that carried `text` on `port`'s stream, each way. */
const frameOf = (c: Capture, text: string, toServer: boolean) =>
  c.segments.find((s) =>
    (toServer ? s.dstPort === PORT : s.srcPort === PORT) &&
    new TextDecoder().decode(c.payloads.get(s.frame)).includes(text)
  )!.frame;

Deno.test("hand-in log: the whole session's log pairs with its packets", () => {
  deepEqual(logLines(session(), logOf()), []);
});

Deno.test("hand-in log: a missing [RECV] line blames its own frame, not a later message", () => {
  const c = session();
  const lines = logOf().filter((l) => l !== recv(0, "hi from 0"));
  const frame = frameOf(c, "hi from 0\n", true);
  deepEqual(logLines(c, lines), [
    `log ↔ capture: no log line for 10 bytes from client port 50000: "hi from 0" (frame ${frame})`,
  ]);
  deepEqual(logLines(c, lines, GRADE_RO), [
    `log ↔ captură: nicio linie în log pentru 10 octeți de la portul clientului 50000: "hi from 0" (cadrul ${frame})`,
  ]);
});

Deno.test("hand-in log: a missing first [FWD] line blames the first relay, not the last", () => {
  const c = session();
  const lines = logOf().filter((l) => l !== fwd(1, 0, "hi from 0"));
  const frame = c.segments.find((s) => s.dstPort === 50001 && s.len > 0)!.frame;
  deepEqual(logLines(c, lines), [
    `log ↔ capture: no log line for 28 bytes to client port 50001: "[127.0.0.1:50000] hi from 0" (frame ${frame})`,
  ]);
});

Deno.test("hand-in log: a [FWD] line whose text was edited does not match its packet", () => {
  const c = session();
  const lines = logOf().map((l) => l === fwd(2, 1, "hi from 1") ? fwd(2, 1, "hi from 7") : l);
  const problems = logLines(c, lines);
  equal(problems.length, 1, problems.join("\n"));
  equal(
    problems[0],
    `log ↔ capture: this log line does not match its packet: ${fwd(2, 1, "hi from 7")}; frame ${
      c.segments.find((s) =>
        s.dstPort === 50002 && s.len === 28 && s.frame > frameOf(c, "hi from 1", true)
      )!.frame
    } carries 28 bytes: "[127.0.0.1:50001] hi from 1"`,
  );
});

Deno.test("hand-in log: a line that no packet carries is named, the rest still pair", () => {
  const c = session();
  const lines = [...logOf().slice(0, 3), recv(0, "never sent"), ...logOf().slice(3)];
  deepEqual(logLines(c, lines), [
    `log ↔ capture: no packet carries this log line: ${recv(0, "never sent")}`,
  ]);
});

Deno.test("hand-in log: Python's bytes literals pair by their bytes, newline and all", () => {
  const c = session();
  const lines = logOf().map((l) =>
    l.startsWith("[RECV]") ? l.replace(/-> (.*)$/, (_, text) => `-> b'${text}\\n'`) : l
  );
  deepEqual(logLines(c, lines), []);
  const edited = lines.map((l) => l.replace("b'bye\\n'", "b'bye!\\n'"));
  equal(logLines(c, edited).length, 1);
});

Deno.test("hand-in log: a log of another session is one line, not one per log line", () => {
  const c = session();
  const other = logOf().map((l) => l.replaceAll(":5000", ":6000"));
  deepEqual(logLines(c, other), [
    "log ↔ capture: none of the log's client ports (60000, 60001, 60002) is in the capture: the log and the capture are from different sessions; hand in the two files of one session (deno task record writes both)",
  ]);
});

Deno.test("hand-in log: a client port of the log missing from the capture is one line", () => {
  const c = session();
  const lines = [...logOf(), recv(9, "from nowhere"), fwd(9, 0, "x")];
  deepEqual(logLines(c, lines), [
    `log ↔ capture: client port 50009 is in 2 log lines but in no packet of the capture (the first: ${
      recv(9, "from nowhere")
    })`,
  ]);
});

Deno.test("hand-in log: byte counts are tcp.len's, newline included, in every sentence", () => {
  const c = session();
  const lines = logOf().map((l) => l === recv(2, "bye") ? recv(2, "bye now") : l);
  const [problem] = logLines(c, lines);
  // "bye\n" is 4 bytes on the wire, as Wireshark's Len= shows it.
  equal(problem.endsWith(`carries 4 bytes: "bye"`), true, problem);
});
