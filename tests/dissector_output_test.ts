// What tshark prints with the dissector: every way docs/TRAFFIC.md runs it (two passes or one,
// with a display filter or without, the summary, -V, -O and -T fields) shows the lines, and no
// character of lib/core/unsafe_chars.ts that came on the wire reaches the Info column or a label.
import { deepEqual, equal, match } from "node:assert/strict";
import { hasUnsafe } from "../lib/core/unsafe_chars.ts";
import { DISSECTOR, readLines, tshark } from "../lib/capture/tshark.ts";
import { PcapWriter, withCapture } from "../testing/pcap.ts";
import { missing } from "../testing/tools.ts";

const ignore = await missing("tshark");
const PORT = 4000;
const dissector = ["-X", `lua_script:${DISSECTOR}`, "-o", `tcpchat.ports:${PORT}`];

/** Text that would recolour a terminal, reorder what it shows or start a line there. */
const HOSTILE = [
  "hello \x1b[31mred\u202e bidi",
  "\x1b[2Jesc",
  "\u2028ls\u0085nel",
  "\u2066isolate\u2069 \ufeffbom \u061c \u200e\x07\x7f\x9b",
];

/** A broadcast stream, an echo stream (lines come back as they were sent), a line left unfinished. */
function hostileCapture(): Uint8Array {
  const w = new PcapWriter();
  const b = w.conversation(50001, PORT).handshake();
  const e = w.conversation(50002, PORT).handshake();
  for (const text of HOSTILE) {
    b.client(`${text}\n`);
    // A student's server that does not make peer text harmless relays it as it came.
    b.server(`[127.0.0.1:50009] ${text}\n`);
    e.client(`${text}\n`).server(`${text}\n`);
  }
  e.client(`${HOSTILE[0]}`); // unfinished: shown as a note
  return w.bytes();
}

Deno.test({
  name: "dissector output: wire text is escaped in the Info column and every label",
  ignore,
}, async () => {
  await withCapture(hostileCapture(), async (file) => {
    const runs = [
      ["-2", "-Y", "tcpchat"],
      ["-2"],
      [],
      ["-2", "-V"],
      ["-V"],
      ["-2", "-Y", "tcpchat", "-O", "tcpchat"],
    ];
    for (const run of runs) {
      const out = await tshark([...run, ...dissector, "-r", file]);
      const unsafe = out.split("\n").filter((line) => hasUnsafe(line));
      deepEqual(unsafe, [], `tshark ${run.join(" ")}`);
      match(out, /hello \\u001b\[31mred\\u202e bidi/, `tshark ${run.join(" ")}`);
    }
    // The values stay as they came: a display filter finds the bytes themselves.
    const found = await tshark([
      "-2",
      ...dissector,
      ...[
        "-r",
        file,
        "-Y",
        'tcpchat.text contains "\\x1b[2J"',
        "-T",
        "fields",
        "-e",
        "frame.number",
      ],
    ]);
    equal(found.trim().split("\n").length, 4, "sent and relayed; sent and echoed");
  });
});

/** A chat: the course client's message that only a pause ends, and lines around it. */
function chatCapture(): Uint8Array {
  const w = new PcapWriter();
  const c = w.conversation(50001, PORT).handshake();
  c.server("* welcome: Welcome.\n? id: Enter your ID:\n").client("alice");
  w.wait(300);
  c.server("* hello alice: Hello, alice!\n? menu: 1) private chat  2) exit\n").client("3\n");
  c.server("* room: You are alone in the common room.\n");
  return w.bytes();
}

Deno.test({
  name: "dissector output: with -2 or not, with a display filter or not, the lines are shown",
  ignore,
}, async () => {
  await withCapture(chatCapture(), async (file) => {
    const field = (run: string[]) =>
      tshark([...run, ...dissector, "-r", file, "-T", "fields", "-e", "tcpchat.line"])
        .then((out) => out.split("\n").filter((l) => l !== ""));
    const server = [
      "* welcome: Welcome.,? id: Enter your ID:",
      "* hello alice: Hello, alice!,? menu: 1) private chat  2) exit",
      "3",
      "* room: You are alone in the common room.",
    ];
    // Two passes with a display filter: the pause-ended "alice" is shown in its own packet.
    deepEqual(await field(["-2", "-Y", "tcpchat"]), [server[0], "alice", ...server.slice(1)]);
    // Without one, tshark's first pass reads no field: it shows what one pass shows.
    deepEqual(await field(["-2"]), server);
    deepEqual(await field([]), server);
    const summary = await tshark(["-2", ...dissector, "-r", file]);
    match(summary, /TCPCHAT .* alice → server: menu 3 \(common room\)/);
    match(summary, /TCPCHAT .* 127\.0\.0\.1:50001 → server: \[unfinished: alice\]/);
    const details = await tshark(["-2", "-V", ...dissector, "-r", file]);
    equal(details.split("\n").filter((l) => l.startsWith("tcpchat ")).length, 6);
    const lines = await readLines(file, PORT);
    deepEqual(lines.map((l) => l.kind), [
      "notice",
      "prompt",
      "id",
      "notice",
      "prompt",
      "choice",
      "notice",
    ]);
  });
});
