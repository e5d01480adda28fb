import { equal, match } from "node:assert/strict";
import { deliveryVerdict } from "./delivery_verdict.ts";
import type { Sent } from "./judge_delivery.ts";
import type { Seen } from "./seen.ts";
import { GRADE_EN } from "./texts.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const where = { serverPeer: "127.0.0.1:3333", peers: [] };
const A: Sent = { from: "A", peer: "127.0.0.1:5000", text: "hi" };
const seen = (name: string, text: string): Seen => {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    peer: `127.0.0.1:${5000 + name.length}`,
    bytes,
    overflowed: false,
    total: bytes.length,
  };
};
const sent = () => "A → hi";

test("delivery verdict: of many clients, a failure shows the one it is about", () => {
  const recipients = Array.from({ length: 10 }, (_, i) => ({
    seen: seen(`M${i + 1}`, i === 6 ? "hi\n" : "[127.0.0.1:5000] hi\n"),
    lines: [A],
  }));
  const verdict = deliveryVerdict("broadcast.many", sent, recipients, where, 2000);
  equal(verdict.status, "fail");
  const got = verdict.evidence.got(GRADE_EN);
  equal(got, 'M7 ← "hi\\n" (and 9 more clients)');
  match(verdict.evidence.expected(GRADE_EN), /^M7 ← "\[127\.0\.0\.1:5000\] hi\\n" \(and 9 more/);
});

test("delivery verdict: of a few clients, every one is shown, the good ones too", () => {
  const recipients = [
    { seen: seen("B", "[127.0.0.1:5000] hi\n"), lines: [A] },
    { seen: seen("C", ""), lines: [A] },
  ];
  const verdict = deliveryVerdict("broadcast.relay", sent, recipients, where, 2000);
  equal(verdict.evidence.got(GRADE_EN), 'B ← "[127.0.0.1:5000] hi\\n"; C ← nothing within 2.0 s');
});
