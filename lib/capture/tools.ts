/**
 * Where Wireshark's command-line tools (`tshark`, `dumpcap`) are, and which interface is the
 * loopback one, on each system the lab runs on.
 *
 * Linux packages put the tools on PATH. The Wireshark installers for Windows and macOS put them
 * in the application's folder and add it to PATH only when asked (Windows: never by default;
 * macOS: the "Add Wireshark to the system path" package), so a student who installed Wireshark
 * the usual way can still record: the tools are looked for there too.
 *
 * @example
 * ```ts
 * import { loopbackInterface } from "./tools.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(loopbackInterface("linux"), "lo");
 * equal(loopbackInterface("darwin"), "lo0");
 * ```
 * @module
 */

import { envValue } from "../cli.ts";

/** A tool of Wireshark's that tcpchat runs. */
export type WiresharkTool = "tshark" | "dumpcap";

/**
 * The loopback interface's capture name: `lo` on Linux, `lo0` on macOS and the BSDs, and on
 * Windows Npcap's loopback adapter (Wireshark shows it as "Adapter for loopback traffic
 * capture"; https://npcap.com/guide/npcap-users-guide.html#npcap-feature-loopback).
 */
export function loopbackInterface(os: typeof Deno.build.os = Deno.build.os): string {
  switch (os) {
    case "linux":
    case "android":
      return "lo";
    case "windows":
      return "\\Device\\NPF_Loopback";
    default:
      return "lo0";
  }
}

/** The folders Wireshark's installers put the tools in, when they are not on PATH. */
function installFolders(os: typeof Deno.build.os): string[] {
  if (os === "darwin") return ["/Applications/Wireshark.app/Contents/MacOS"];
  if (os !== "windows") return [];
  const folders = [envValue("ProgramFiles"), envValue("ProgramW6432"), "C:\\Program Files"]
    .filter((f): f is string => f !== undefined);
  return [...new Set(folders)].map((f) => `${f}\\Wireshark`);
}

const found = new Map<string, string>();

/**
 * The command to run `tool` with: its bare name when it is on PATH (or cannot be looked for),
 * else its full path in the installer's folder when it is there. Running the bare name of a
 * tool that is nowhere fails with `Deno.errors.NotFound`, which callers turn into "not installed".
 */
export function toolCommand(tool: WiresharkTool, os: typeof Deno.build.os = Deno.build.os): string {
  const known = found.get(`${os} ${tool}`);
  if (known !== undefined) return known;
  const file = os === "windows" ? `${tool}.exe` : tool;
  const separator = os === "windows" ? "\\" : "/";
  const folders = installFolders(os);
  let command: string = tool;
  if (folders.length > 0 && !onPath(file, os)) {
    command = folders.map((f) => `${f}${separator}${file}`).find(isFile) ?? tool;
  }
  found.set(`${os} ${tool}`, command);
  return command;
}

function onPath(file: string, os: typeof Deno.build.os): boolean {
  const path = envValue("PATH") ?? envValue("Path");
  // Without PATH (or permission to read it) the bare name is the only thing to try.
  if (path === undefined) return true;
  const separator = os === "windows" ? "\\" : "/";
  return path.split(os === "windows" ? ";" : ":").some((dir) =>
    dir !== "" && isFile(`${dir}${separator}${file}`)
  );
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
