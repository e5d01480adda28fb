import { deepEqual, equal } from "node:assert/strict";
import {
  encodeNegotiation,
  formatTelnet,
  type TelnetCommand,
  TelnetFilter,
  telnetReply,
} from "./telnet.ts";
import {
  PUTTY_TELNET_OPENING,
  TELNET_CTRL_C,
  TELNET_MODE_CHARACTER,
} from "../../testing/recorded.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const enc = new TextEncoder();
const dec = new TextDecoder();

function filterAll(filter: TelnetFilter, chunks: Uint8Array[]) {
  let text = "";
  const commands: TelnetCommand[] = [];
  let commandBytes = 0;
  for (const chunk of chunks) {
    const out = filter.push(chunk);
    text += dec.decode(out.data, { stream: true });
    commands.push(...out.commands);
    commandBytes += out.commandBytes;
  }
  return { text, commands: commands.map(formatTelnet), commandBytes };
}

test("telnet: PuTTY's opening, split at every byte, is never text", () => {
  const wire = new Uint8Array([...PUTTY_TELNET_OPENING, ...enc.encode("alice\r\n")]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const out = filterAll(new TelnetFilter(), [wire.subarray(0, cut), wire.subarray(cut)]);
    deepEqual(out, {
      text: "alice\r\n",
      commands: [
        "WILL NAWS",
        "WILL TSPEED",
        "WILL TTYPE",
        "WILL NEW-ENVIRON",
        "DO ECHO",
        "WILL SGA",
        "DO SGA",
      ],
      commandBytes: 21,
    }, `cut at ${cut}`);
  }
});

test("telnet: inetutils' `mode character` and Ctrl+C between keystrokes", () => {
  const filter = new TelnetFilter();
  const chunks = [TELNET_MODE_CHARACTER, enc.encode("x"), TELNET_CTRL_C, enc.encode("y")];
  deepEqual(filterAll(filter, chunks), {
    text: "xy",
    commands: ["DO SGA", "DO ECHO", "IP", "DO TIMING-MARK"],
    commandBytes: 11,
  });
  equal(filter.idle, true);
});

test("telnet: subnegotiation is dropped whole, however long, with IAC IAC inside it", () => {
  const filter = new TelnetFilter();
  const long = new Uint8Array(100_000).fill(0x41);
  const out = filterAll(filter, [
    new Uint8Array([0x61, 0xff, 0xfa, 0x18, 0x00]),
    long,
    new Uint8Array([0xff, 0xff, 0xff]),
    new Uint8Array([0xf0, 0x62]),
  ]);
  deepEqual(out.text, "ab");
  deepEqual(out.commands, ["SB TTYPE"]);
  equal(filter.idle, true);
});

test("telnet: IAC IAC is one data byte, shown as U+FFFD; unknown codes are named", () => {
  const out = filterAll(new TelnetFilter(), [new Uint8Array([0x61, 0xff, 0xff, 0x62, 0xff, 0x10])]);
  deepEqual(out, { text: "a\uFFFDb", commands: ["command 16"], commandBytes: 2 });
  deepEqual(
    filterAll(new TelnetFilter(), [new Uint8Array([0xff, 0xfd, 0x63])]).commands,
    ["DO option 99"],
  );
});

test("telnet: the answer refuses every DO but SGA, and nothing else", () => {
  const filter = new TelnetFilter();
  const opening = filter.push(PUTTY_TELNET_OPENING).commands;
  deepEqual([...encodeNegotiation(telnetReply(opening))], [0xff, 0xfc, 0x01]);
  const ctrlC = filter.push(TELNET_CTRL_C).commands;
  deepEqual(telnetReply(ctrlC).map(formatTelnet), ["WONT TIMING-MARK"]);
  const refusals = filter.push(new Uint8Array([0xff, 0xfc, 0x01, 0xff, 0xfe, 0x01])).commands;
  deepEqual(telnetReply(refusals), []);
});
