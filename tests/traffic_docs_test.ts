// docs/TRAFFIC.md held to what the programs print: every server log line it shows is a line of the
// log of the same scripted session (`deno task demo`), and what it says of tshark's tables is
// what tshark does. (tests/traffic_test.ts holds the capture itself to the log.)
import { deepEqual, equal } from "node:assert/strict";
import { withCapture } from "../testing/pcap.ts";
import { PcapWriter } from "../testing/pcap.ts";
import { type Block, markdownBlocks } from "../testing/readme.ts";
import { PortMap } from "../testing/transcript.ts";
import { freePort, missing } from "../testing/tools.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DOC = new URL("../docs/TRAFFIC.md", import.meta.url);
const blocks = await markdownBlocks(DOC);
const LOG_LINE = /^\[[A-Z]+\] \d\d:\d\d:\d\d\.\d{3} /;
const noTshark = await missing("tshark");

/** The server log lines of a block, with where each is in the file. */
function logLines(block: Block): { text: string; at: number }[] {
  return block.lines
    .map((text, i) => ({ text, at: block.at + 1 + i }))
    .filter(({ text }) => LOG_LINE.test(text));
}

/** The log of the chat demo TRAFFIC.md walks through, in English, without pauses. */
async function demoLog(port: number): Promise<string[]> {
  const file = await Deno.makeTempFile({ suffix: ".log" });
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "demo", "--mode", "chat", "--port", String(port), "--pause", "0"]
        .concat(["--lang", "en", "--log-file", file]),
      cwd: ROOT,
      stdin: "null",
      stdout: "null",
      env: { NO_COLOR: "1" },
    }).output();
    equal(code, 0, new TextDecoder().decode(stderr));
    return (await Deno.readTextFile(file)).split("\n").filter((line) => line !== "");
  } finally {
    await Deno.remove(file);
  }
}

Deno.test("traffic docs: every server log line TRAFFIC.md shows is the demo's log, in order", async () => {
  const shown = blocks.map(logLines).filter((lines) => lines.length > 0);
  equal(shown.length >= 4, true, "the CONNECT, RECV/SEND, summary and DISCONNECT excerpts");
  const port = freePort();
  const log = await demoLog(port);
  // One README port is one real port in every excerpt: 38674 is alice's everywhere.
  const ports = new PortMap(port);
  for (const lines of shown) {
    let next = 0;
    for (const { text, at } of lines) {
      const found = log.findIndex((real, i) => i >= next && ports.matches(text, real));
      if (found === -1) {
        throw new Error(
          `TRAFFIC.md:${at}: not in the demo's log (after line ${next}):\n` +
            `  ${text}\nThe log:\n${log.join("\n")}`,
        );
      }
      next = found + 1;
    }
  }
});

/** A capture whose second stream has the most frames and whose first has the most bytes. */
function threeStreams(): PcapWriter {
  const pcap = new PcapWriter();
  const first = pcap.conversation(40001, 3333).handshake();
  first.server("x".repeat(900) + "\n");
  const second = pcap.conversation(40002, 3333).handshake();
  for (const line of ["a", "b", "c", "d"]) second.client(line + "\n");
  const third = pcap.conversation(40003, 3333).handshake();
  third.server("a line\n").client("b\n");
  first.clientClose();
  second.clientClose();
  third.clientClose();
  return pcap;
}

async function tshark(args: string[]): Promise<string> {
  const out = await new Deno.Command("tshark", { args, stdin: "null" }).output();
  equal(out.success, true, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

Deno.test({
  name:
    "traffic docs: -z conv,tcp lists the most frames first, and the command TRAFFIC.md gives lists streams in order",
  ignore: noTshark,
}, async () => {
  await withCapture(threeStreams().bytes(), async (file) => {
    const table = await tshark(["-r", file, "-q", "-z", "conv,tcp"]);
    const rows = [...table.matchAll(/^127\.0\.0\.1:(\d+) +<->/gm)].map((m) => m[1]);
    deepEqual(rows, ["40002", "40003", "40001"], table);

    const command = blocks.flatMap((b) => b.language === "sh" ? b.lines : [])
      .find((line) => line.includes("tcp.flags.syn == 1 && tcp.flags.ack == 0"));
    equal(command !== undefined, true, "TRAFFIC.md shows the command for stream order");
    const args = command!.replace(/^tshark /, "").replace("captures/tcpchat-chat.pcapng", file)
      .match(/"[^"]*"|\S+/g)!.map((arg) => arg.replace(/^"(.*)"$/, "$1"));
    deepEqual((await tshark(args)).trim().split("\n"), ["0\t40001", "1\t40002", "2\t40003"]);
  });
});
