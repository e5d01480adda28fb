/**
 * Test support: runs a piece of Lua in tshark's own Lua, with the dissector's modules
 * (wireshark/tcpchat/*.lua) at hand, so a test can compare a Lua function with the server's on
 * many inputs. The Lua prints its answers; the test gets what it printed.
 *
 * @module
 */

import { DISSECTOR, tshark } from "../lib/capture/tshark.ts";
import { PcapWriter, withCapture } from "./pcap.ts";

/** The folder of the dissector's modules, with its trailing slash. */
const MODULES = new URL("tcpchat/", `file://${DISSECTOR}`).pathname;

/**
 * Runs `code` (Lua 5.2+) with `modules` loaded by name (`text`, `ids`, `telnet`, ...); returns
 * what it printed. Throws when tshark reports a Lua error.
 */
export async function runLua(code: string, modules: readonly string[]): Promise<string> {
  const dir = await Deno.makeTempDir();
  try {
    const loads = modules.map((m) =>
      `local ${m} = dofile(${JSON.stringify(MODULES + m)}.. ".lua")`
    );
    const script = `${dir}/probe.lua`;
    await Deno.writeTextFile(script, [...loads, code].join("\n"));
    // tshark runs a script before it reads a file; an empty capture gives it one to read.
    return await withCapture(
      new PcapWriter().bytes(),
      (file) => tshark(["-X", `lua_script:${script}`, "-r", file]),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `text` as a Lua string literal: every byte as a decimal escape, so any text survives. */
export function luaString(text: string): string {
  return `"${[...new TextEncoder().encode(text)].map((b) => `\\${b}`).join("")}"`;
}
