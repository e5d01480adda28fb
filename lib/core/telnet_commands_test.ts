import { equal } from "node:assert/strict";
import { formatTelnetRun, NAMED_TELNET_COMMANDS, type TelnetCommand } from "./telnet_commands.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const nop: TelnetCommand = { type: "command", name: "NOP" };
const naws: TelnetCommand = { type: "negotiation", verb: "WILL", option: 31 };

test("telnet run: a few commands are all named", () => {
  equal(formatTelnetRun([naws, nop]), "WILL NAWS, NOP");
  const eight = Array.from({ length: NAMED_TELNET_COMMANDS }, () => nop);
  equal(formatTelnetRun(eight), Array(NAMED_TELNET_COMMANDS).fill("NOP").join(", "));
});

test("telnet run: past the named ones, the rest are counted, so a line stays short", () => {
  equal(
    formatTelnetRun([naws, ...Array.from({ length: 9 }, () => nop)]),
    "10 commands: WILL NAWS, NOP, NOP, NOP, NOP, NOP, NOP, NOP, (2 more)",
  );
  const flood = formatTelnetRun(Array.from({ length: 100_000 }, () => naws));
  equal(flood.endsWith(", (99992 more)"), true);
  equal(flood.length < 120, true);
});
