// Every transcript of the README, replayed against the real programs (testing/transcript.ts
// says how), and the server log shown for one, compared with the log of that replay.
import { deepEqual, equal } from "node:assert/strict";
import { type Block, readmeBlocks } from "../testing/readme.ts";
import { missing } from "../testing/tools.ts";
import { replay, replayFailures } from "../testing/transcript.ts";

const blocks = await readmeBlocks();
const transcripts = blocks.filter((b) => b.language === "text" && b.role[0] === "transcript");
const SERVER_MODES = ["chat", "broadcast", "echo"];
const noNc = await missing("nc");
const noneMissing = !noNc && !await missing("ncat", "telnet");

const logs = blocks.filter((b) => b.language === "text" && b.role[0] === "log");

/** The README's server log of `transcript`'s session (```` ```text log MODE ````), if any. */
function logOf(transcript: Block): Block | undefined {
  return logs.find((log) => log.role[1] === transcript.role[1]);
}

Deno.test("readme: each server mode, and each failure students meet, has a transcript", () => {
  deepEqual(transcripts.map((b) => b.role[1]).sort(), [...SERVER_MODES, "busy", "refused"].sort());
  for (const log of logs) {
    equal(transcripts.filter((t) => logOf(t) === log).length, 1, `README.md:${log.at}`);
  }
});

for (const block of transcripts) {
  const mode = block.role[1];
  const log = logOf(block);
  Deno.test({
    name: `readme: the ${mode} transcript (README.md:${block.at}) is what the programs print` +
      (log ? ", and its log the server's" : ""),
    ignore: SERVER_MODES.includes(mode) ? noNc : !noneMissing,
  }, async () => {
    if (mode === "busy" || mode === "refused") return await replayFailures(block, mode);
    const replayed = await replay(block, mode);
    if (log === undefined) return;
    equal(replayed.log.length, log.lines.length, `the server logged:\n${replayed.log.join("\n")}`);
    log.lines.forEach((line, i) => {
      replayed.ports.check(line, replayed.log[i], `README.md:${log.at + 1 + i}`);
    });
  });
}
