// The grader's JUnit XML read by a real XML parser (Python's, which CI has): well-formed, and in
// the shape GitHub Classroom, GitLab and Jenkins read.
import { deepEqual, equal, match } from "node:assert/strict";
import { grade } from "../testing/grade.ts";
import { formatJunit } from "../lib/grade/junit.ts";
import { SAMPLE_RESULTS } from "../testing/grade_results.ts";
import { GRADE_TEXTS } from "../lib/grade/texts.ts";
import { missing } from "../testing/tools.ts";

const noPython = await missing("python3");

Deno.test({
  name: "junit: well-formed XML in the shape GitHub Classroom, GitLab and Jenkins read",
  ignore: noPython,
}, async () => {
  const xml = formatJunit("tcpchat-grade broadcast", SAMPLE_RESULTS, GRADE_TEXTS.en);
  // Python's XML parser (CI has python3) checks it is well-formed and reads its structure.
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
def attrs(e, names): return {n: e.get(n) for n in names}
print(json.dumps({"root": root.tag, **attrs(root, ["tests", "failures", "skipped"]),
  "suites": [{**attrs(s, ["name", "tests", "failures", "skipped"]),
    "cases": [{**attrs(c, ["classname", "name"]), "children": [k.tag for k in c],
      "message": [k.get("message") for k in c]} for c in s]} for s in root]}))`;
  const child = new Deno.Command("python3", {
    args: ["-c", script],
    stdin: "piped",
    stdout: "piped",
  })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(xml));
  await writer.close();
  const parsed = JSON.parse(new TextDecoder().decode((await child.output()).stdout));
  equal(parsed.root, "testsuites");
  deepEqual([parsed.tests, parsed.failures, parsed.skipped], ["4", "2", "1"]);
  deepEqual(parsed.suites.map((s: { tests: string; failures: string }) => [s.tests, s.failures]), [
    ["3", "1"],
    ["1", "1"],
  ]);
  const cases = parsed.suites[0].cases;
  deepEqual(cases.map((c: { children: string[] }) => c.children), [[], ["failure"], ["skipped"]]);
  equal(cases[1].classname, "broadcast.required");
  equal(cases[1].name, "broadcast.relay: a line from A reaches B and C as [A_ip:A_port] text");
  equal(cases[1].message[0].startsWith("the line arrived without its sender"), true);
});

Deno.test({
  name: "junit, json: a server that cannot be graded (exit 2) still gets its file and its record",
  ignore: noPython,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const junit = `${dir}/grade.xml`;
    const run = await grade([
      "--lab",
      "broadcast",
      "--port",
      "0",
      "--json",
      "--junit",
      junit,
      "--server-cmd",
      `python3 -c 'import sys; sys.exit("SyntaxError: invalid syntax")' {PORT}`,
    ]);
    equal(run.code, 2, run.stderr);
    const why = run.stderr.replace(/^tcpchat-grade: /, "").trimEnd();
    match(why, /^the server command ended \(exit code 1\) before it listened: .*SyntaxError/);
    // --json: one object that says why, as a CI reading JSON Lines sees it.
    const records = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    deepEqual(records.map((r) => [r.status, r.error]), [["error", why]]);
    // --junit: a well-formed document with one test case in error, its message the same line.
    const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("./testsuite/testcase")
print(json.dumps([root.get("tests"), root.get("errors"), [[k.tag, k.get("message")] for c in cases for k in c]]))`;
    const out = await new Deno.Command("python3", { args: ["-c", script, junit] }).output();
    deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), ["1", "1", [["error", why]]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
