// deno-lint-ignore-file no-control-regex -- colour codes are what these tests read.
import { equal, match } from "node:assert/strict";
import { styleServerLine, styleStatus } from "./style.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const strip = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

const LINES = [
  "* hello alice: Hello, alice!",
  "! busy bob: bob is busy (in a private chat).",
  "? menu: 1) private chat  2) exit  3) common room  4) who is online",
  "<bob> hi",
  "#room <bob> hi all",
  "[127.0.0.1:53278] hi",
  "plain echo",
];

test("style: without colour every line is printed exactly as received", () => {
  for (const line of LINES) equal(styleServerLine(line, false), line);
  equal(styleStatus("connected", false), "connected");
});

test("style: with colour the text is unchanged and each kind has its own colour", () => {
  const colours = new Set<string>();
  for (const line of LINES) {
    const styled = styleServerLine(line, true);
    equal(strip(styled), line);
    colours.add(/^\x1b\[[0-9;]*m(?:\x1b\[[0-9;]*m)?/.exec(styled)?.[0] ?? "none");
  }
  // Six kinds coloured, and plain text left alone.
  equal(colours.size, 7);
  equal(styleServerLine("plain echo", true), "plain echo");
  // Only the sender tag of a message is coloured, never the sender's words.
  match(styleServerLine("<bob> hi", true), /^\x1b\[.*<bob>\x1b\[[0-9;]*m\x1b\[[0-9;]*m hi$/);
});
