import { deepEqual, equal } from "node:assert/strict";
import { type ConsoleInput, formatDuration, formatWho, parseConsoleLine } from "./console.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("console: each command, with its words in any case and spaces around", () => {
  const cases: [string, ConsoleInput][] = [
    ["who", { kind: "command", command: { kind: "who" } }],
    ["  WHO  ", { kind: "command", command: { kind: "who" } }],
    ["help", { kind: "command", command: { kind: "help" } }],
    ["?", { kind: "command", command: { kind: "help" } }],
    ["Help kick", { kind: "command", command: { kind: "help" } }],
    ["say hi all", { kind: "command", command: { kind: "say", text: "hi all" } }],
    ["say   two  spaces  kept ", {
      kind: "command",
      command: { kind: "say", text: "two  spaces  kept" },
    }],
    ["kick alice", {
      kind: "command",
      command: { kind: "kick", target: { kind: "id", id: "alice" }, reason: "" },
    }],
    ["KICK Alice flooding the room", {
      kind: "command",
      command: { kind: "kick", target: { kind: "id", id: "Alice" }, reason: "flooding the room" },
    }],
    ["kick #12 too loud", {
      kind: "command",
      command: { kind: "kick", target: { kind: "conn", conn: 12 }, reason: "too loud" },
    }],
    ["", { kind: "empty" }],
    ["   ", { kind: "empty" }],
  ];
  for (const [line, expected] of cases) deepEqual(parseConsoleLine(line), expected, line);
});

test("console: every bad line is one line saying what is wrong", () => {
  const problems: [string, string][] = [
    ["kik alice", 'unknown command "kik": type help for the commands'],
    ["exit", 'unknown command "exit": type help for the commands'],
    ["who alice", "who takes nothing after it"],
    ["say", "say what? Type say and the text: say The lab ends in 10 minutes"],
    ["say    ", "say what? Type say and the text: say The lab ends in 10 minutes"],
    ["kick", "kick whom? Type kick and an ID or #N (as who lists them)"],
    ["kick #", '"#" is not a connection number: #N, as who lists them (#1, #2, ...)'],
    ["kick #0", '"#0" is not a connection number: #N, as who lists them (#1, #2, ...)'],
    ["kick #3x", '"#3x" is not a connection number: #N, as who lists them (#1, #2, ...)'],
    ["kick #-1", '"#-1" is not a connection number: #N, as who lists them (#1, #2, ...)'],
    [
      "kick #99999999999999999",
      '"#99999999999999999" is not a connection number: #N, as who lists them (#1, #2, ...)',
    ],
  ];
  for (const [line, problem] of problems) {
    const input = parseConsoleLine(line);
    deepEqual(input, { kind: "problem", problem }, line);
    equal(problem.includes("\n"), false);
  }
});

test("console: who lists IDs and places in chat mode, and only addresses in the others", () => {
  deepEqual(
    formatWho([
      {
        conn: 1,
        peer: "127.0.0.1:50001",
        id: "alice",
        where: "chatting with bob",
        connectedMs: 125_000,
      },
      {
        conn: 2,
        peer: "127.0.0.1:50002",
        id: "bob",
        where: "chatting with alice",
        connectedMs: 59_999,
      },
      { conn: 13, peer: "[::1]:50003", where: "choosing an ID", connectedMs: 4_000 },
    ]),
    [
      "3 connections:",
      "  #1   127.0.0.1:50001  alice  chatting with bob    connected 2 min 05 s",
      "  #2   127.0.0.1:50002  bob    chatting with alice  connected 59 s",
      "  #13  [::1]:50003      -      choosing an ID       connected 4 s",
    ],
  );
  deepEqual(formatWho([{ conn: 4, peer: "127.0.0.1:50004", connectedMs: 0 }]), [
    "1 connection:",
    "  #4  127.0.0.1:50004  connected 0 s",
  ]);
  deepEqual(formatWho([]), ["no connections"]);
});

test("console: durations as a person reads them", () => {
  deepEqual(
    [0, 999, 59_999, 60_000, 61_000, 3_599_999, 3_600_000, 3_900_000, -5].map(formatDuration),
    [
      "0 s",
      "0 s",
      "59 s",
      "1 min 00 s",
      "1 min 01 s",
      "59 min 59 s",
      "1 h 00 min",
      "1 h 05 min",
      "0 s",
    ],
  );
});
