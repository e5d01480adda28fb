import { equal } from "node:assert/strict";
import { assertComplete, assertRomanian, type Exercised } from "../../testing/catalogue.ts";
import { CHECK_IDS, HANDIN_CHECKS } from "./checks.ts";
import { GRADE_EN, GRADE_TEXTS, type GradeTexts } from "./texts.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** Calls every zero-argument sentence of a nested group. */
function all(group: Record<string, () => string>): string[] {
  return Object.values(group).map((say) => say());
}

/** Every sentence of a grader catalogue; a key missing here or in a language fails the check. */
function exercise(t: GradeTexts): Exercised {
  const r = t.report;
  const e = t.evidence;
  const h = t.hints;
  const i = t.handin;
  const x = t.errors;
  return {
    titles: CHECK_IDS.map((id) => t.titles[id]),
    report: [
      r.heading("broadcast", "127.0.0.1:3333"),
      r.required,
      r.robustness,
      r.log,
      r.pass,
      r.fail,
      r.skip,
      r.sent,
      r.expected,
      r.got,
      r.hint,
      r.note,
      r.needs(["broadcast.relay"]),
      r.noLog(),
      r.score(5, 7, 0, 1, 6),
      r.score(7, 10, 3, 6, 6),
      r.verdict(true, 0),
      r.verdict(true, 3),
      r.verdict(false, 0),
      r.serverExited("exit code 1", "Traceback"),
    ],
    evidence: [
      e.nothing(2000),
      e.ended("server-fin"),
      e.ended("reset"),
      e.ended("error"),
      e.flood(2_000_000),
      e.more(1),
      e.more(9),
      e.deadline(20_000),
      e.connecting("A, B, C"),
      e.accepted("A, B, C"),
      e.notOwnLine("A", "hello"),
      e.many(10, 50),
      e.flooded(33, 5 * 1024 * 1024),
      e.stalled("B", 3_700_000, 2000),
      e.lastLine("B", "[127.0.0.1:5000] hi"),
      e.arrived("B"),
      e.notArrived("B", 2000),
      e.longLine(65536),
      e.echoAnswer("a", "A"),
      e.nothingFor("B"),
      e.line("B", "? request ana: …"),
      e.closed("A"),
      e.logSent(),
      e.logExpected("[CONNECT]", "5000, 5002"),
      e.logGot("[CONNECT]", 3, ""),
      e.logGot("[CONNECT]", 1, "5002"),
    ],
    notes: all(t.notes),
    hints: [
      h.cannotConnect("B", "refused"),
      h.closedAtOnce("A"),
      h.nothingRelayed(),
      h.onlySome(),
      h.closedByServer("fin"),
      h.closedByServer("reset"),
      h.noNewline(),
      h.noPrefix("127.0.0.1:5000"),
      h.serverAddress("127.0.0.1:5000"),
      h.wrongPeer("127.0.0.1:5002", "127.0.0.1:5000"),
      h.bytesRepr(),
      h.encoding(),
      h.changed(),
      h.twice(),
      h.flood(2_000_000),
      h.toSender(),
      h.afterFin(),
      h.afterRst(),
      h.recvIsNotAMessage(),
      h.crlf(),
      h.slowReader(),
      h.longLine(),
      h.deadline(20_000),
      h.graderError("boom"),
      h.echoNothing(),
      h.echoChanged(),
      h.echoToOthers(),
      h.echoMixed(),
      ...all(h.chat),
      h.log.connect("5000"),
      h.log.recv(1, "5000"),
      h.log.recv(20, "5000, 5002"),
      h.log.fwd(1, "5002"),
      h.log.fwd(3, "5002"),
    ],
    handin: [
      i.ok(3333),
      i.streams,
      ...i.table.headers,
      i.table.notCaptured,
      i.heading("chat.pcapng", 3333),
      i.summary(3, 7, 3),
      i.summary(1, 1, 1),
      i.noPackets(4000, "3333, 53278"),
      i.noTcp(),
      i.fewClients(2, 3333),
      i.noHandshake(1, 53280),
      i.notEnded(2, 53282),
      i.fewMessages(3),
      i.fewSenders(1),
      i.notRelayed('"hi"', 53278, 12, 53280),
      i.noLogLines(),
      i.logProblem({ kind: "unnamed", count: 3, line: "[FWD] ..." }),
      i.logProblem({ kind: "noPacket", line: "[RECV] ..." }),
      i.logProblem({ kind: "otherSession", ports: "50000, 50001" }),
      i.logProblem({ kind: "portAbsent", port: 50009, lines: 1, line: "[RECV] ..." }),
      i.logProblem({ kind: "portAbsent", port: 50009, lines: 3, line: "[RECV] ..." }),
      i.logProblem({
        kind: "unlogged",
        bytes: 15,
        way: "from",
        port: 50003,
        frames: [9],
        text: '"hi"',
        lines: 1,
      }),
      i.logProblem({
        kind: "unlogged",
        bytes: 30,
        way: "to",
        port: 50003,
        frames: [2, 5],
        text: '"hi"',
        lines: 2,
      }),
      i.logProblem({ kind: "differs", line: "[FWD] ...", frames: [7], bytes: 1, text: '""' }),
      i.logProblem({ kind: "differs", line: "[FWD] ...", frames: [7, 8], bytes: 2, text: '"a"' }),
      i.outputEnd(),
      i.emptyFile("capture", "x.pcapng"),
      i.fileTooBig("log", "x.txt", 600 * 1024 * 1024, 16 * 1024 * 1024),
      i.captureTooBig("x.pcapng"),
      i.noCommand(),
      i.noOutputEnd(),
      i.fewSentences(0),
      i.fewSentences(1),
      i.fewSentences(3),
    ],
    handinTitles: HANDIN_CHECKS.map((id) => t.handinTitles[id]),
    list: Object.values(t.list),
    live: [
      t.live.cannotGrade,
      t.live.late(3100),
      t.live.cut(10, 31),
      t.live.tagFormat("(127.0.0.1:5000)", "127.0.0.1:5000"),
      t.live.echoOnly(),
      t.live.flood("B", 2_000_000, false),
      t.live.closedAfterLine("B"),
      t.live.otherPort([42013], 3333, 15),
      t.live.outputCut(200_000_000, 8 * 1024 * 1024),
      t.live.logTooBig(200_000_000, 8 * 1024 * 1024),
      t.live.flood("ready", 2_000_000, true),
    ],
    errors: [
      x.unreachable("127.0.0.1:3333", "refused"),
      x.serverExited("exit code 1", "Traceback"),
      x.notListening("127.0.0.1:3333", 15),
      x.cannotStart("not found"),
      x.missingFile("log", "x.txt"),
      x.unreadable("log", "x.txt", "denied"),
      x.notCapture("x.pcapng", "not a capture"),
      x.noTshark(),
      x.cannotWrite("junit.xml", "denied"),
    ],
  };
}

test("grade texts: every language has exactly English's keys, each a non-empty one-line sentence", () => {
  assertComplete(GRADE_TEXTS, exercise);
});

test("grade texts: Romanian is really translated, with comma-below ș ț", () => {
  // The report's PASS/FAIL words and a few hints name code or bytes that stay the same.
  const en = exercise(GRADE_EN);
  const ro = exercise(GRADE_TEXTS.ro);
  assertRomanian(en, ro);
  equal(
    GRADE_TEXTS.ro.handin.fewClients(2, 3333),
    "doar 2 conexiuni de client la portul 3333 în captură; laboratorul cere cel puțin 3",
  );
});

Deno.test("grader texts: why a connection failed is said in Romanian too", () => {
  equal(
    GRADE_TEXTS.ro.errors.unreachable("127.0.0.1:41999", "refused"),
    "nu mă pot conecta la 127.0.0.1:41999 (refuzată: nimic nu ascultă acolo): rulează serverul acolo? Pornește-l sau lasă evaluatorul să îl pornească cu --server-cmd",
  );
});
