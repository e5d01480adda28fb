// The grader's JUnit XML read by a real XML parser (Python's, which CI has): well-formed, and in
// the shape GitHub Classroom, GitLab and Jenkins read.
import { deepEqual, equal } from "node:assert/strict";
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
