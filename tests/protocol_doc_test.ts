// docs/PROTOCOL.md lists the codes of every server line: exactly those lib/core/protocol.ts has
// (the dissector's list is held to the same by tests/dissector_test.ts).
import { deepEqual } from "node:assert/strict";
import { ERROR_CODES, NOTICE_CODES, PROMPT_CODES } from "../lib/core/protocol.ts";

const doc = await Deno.readTextFile(new URL("../docs/PROTOCOL.md", import.meta.url));

/** The codes of the table row for `sigil` (`| \`*\` notice | \`welcome\`, ... |`). */
function listed(sigil: string): string[] {
  const row = doc.split("\n").find((line) => line.startsWith(`| \`${sigil}\` `)) ?? "";
  return [...row.split("|")[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

Deno.test("protocol doc: its table of codes is protocol.ts's, in order", () => {
  deepEqual(listed("*"), [...NOTICE_CODES]);
  deepEqual(listed("!"), [...ERROR_CODES]);
  deepEqual(listed("?"), [...PROMPT_CODES]);
});
