// The parts of a hand-in's log the student writes: the command first, the recorder's last line,
// and real sentences below it.
import { deepEqual, equal } from "node:assert/strict";
import { countSentences, formProblems } from "./handin_form.ts";
import { GRADE_EN } from "./texts.ts";
import { GRADE_RO } from "./texts_ro.ts";

const SENTENCES = [
  "The log shows three [CONNECT] lines, one per client.",
  "Each client is a separate TCP stream in Wireshark.",
  "A [RECV] line matches a data packet from that client's port.",
  "Each [RECV] is followed by two [FWD] lines.",
  "Each connection ends with a FIN from the client.",
].join(" ");

const log = (first: string, end: string | undefined, sentences: string) =>
  [first, "[CONNECT] New client 127.0.0.1:50000", ...(end === undefined ? [] : [end, sentences])]
    .join("\n");

const said = (text: string, t = GRADE_EN) => formProblems(text).map((p) => [p.kind, p.say(t)]);

Deno.test("hand-in form: a log as the recorder writes it, with five real sentences, passes", () => {
  deepEqual(said(log("$ python3 server.py 3333", GRADE_EN.handin.outputEnd(), SENTENCES)), []);
  deepEqual(said(log("$ python3 server.py 3333", GRADE_RO.handin.outputEnd(), SENTENCES)), []);
  // Windows prompts name the command as well.
  deepEqual(said(log("PS C:\\lab> py server.py", GRADE_EN.handin.outputEnd(), SENTENCES)), []);
});

Deno.test("hand-in form: a log without the command that started the server is named", () => {
  deepEqual(said(log("[START] server", GRADE_EN.handin.outputEnd(), SENTENCES)), [[
    "handin.command",
    GRADE_EN.handin.noCommand(),
  ]]);
});

Deno.test("hand-in form: a log without the recorder's last line says where sentences go", () => {
  deepEqual(said(log("$ python3 server.py 3333", undefined, SENTENCES), GRADE_RO), [[
    "handin.explanation",
    GRADE_RO.handin.noOutputEnd(),
  ]]);
});

Deno.test("hand-in form: S1. S2. S3. S4. S5. are no sentences; a few words each are", () => {
  equal(countSentences("S1. S2. S3. S4. S5."), 0);
  equal(countSentences("It works. I saw it. Yes."), 1);
  equal(countSentences("The server listens on 127.0.0.1 here. It relays each line"), 2);
  deepEqual(
    said(log("$ python3 server.py 3333", GRADE_EN.handin.outputEnd(), "S1. S2. S3. S4. S5.")),
    [["handin.explanation", GRADE_EN.handin.fewSentences(0)]],
  );
});
