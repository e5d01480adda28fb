import { deepEqual, equal } from "node:assert/strict";
import { parseGradeArgs } from "./options.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const plain = { noColorEnv: true, isTerminal: false };
const parse = (...args: string[]) => parseGradeArgs(args, plain, "C.UTF-8");

test("grade options: the lab's defaults, HOST:PORT, {PORT} with --port 0, --only with what it needs", () => {
  const run = parse("--lab", "broadcast");
  equal(run.kind, "run");
  if (run.kind !== "run" || run.options.mode !== "lab") return;
  deepEqual([run.options.host, run.options.port, run.options.lang], ["127.0.0.1", 3333, "en"]);
  equal(run.options.checks.length, 16);
  const only = parse("[::1]:4000", "--lab", "broadcast", "--only", "broadcast.fin");
  deepEqual(
    only.kind === "run" && only.options.mode === "lab"
      ? [only.options.host, only.options.port, only.options.checks]
      : [],
    ["::1", 4000, [
      "broadcast.connect",
      "broadcast.relay",
      "broadcast.not-to-sender",
      "broadcast.fin",
    ]],
  );
  equal(parse("--lab", "chat", "--port", "0", "--server-cmd", "x {PORT}").kind, "run");
  const ro = parseGradeArgs(["--lab", "echo"], plain, "ro_RO.UTF-8");
  equal(ro.kind === "run" && ro.options.lang, "ro");
});

test("grade options: every bad request is one line", () => {
  const cases: [string[], string][] = [
    [[], "--lab is needed: broadcast, echo, chat (or --capture FILE --log FILE for a hand-in)"],
    [["--lab", "mail"], '--lab must be broadcast, echo, chat, got "mail"'],
    [["localhost", "--lab", "echo"], 'expected HOST:PORT such as 127.0.0.1:3333, got "localhost"'],
    [
      ["a b:3333", "--lab", "echo"],
      'the host must be a name or an IP address such as 127.0.0.1 or ::1, got "a b"; with a port: 10.0.0.5:3333, or [::1]:3333 for IPv6',
    ],
    [["[x]:3333", "--lab", "echo"], 'only an IPv6 address goes in brackets, got "[x]:3333"'],
    [
      ["127.0.0.1:4000", "--lab", "echo", "--port", "5000"],
      "the port is given twice: 4000 and --port 5000",
    ],
    [["--lab", "echo", "--port", "0"], "--port 0 needs --server-cmd with {PORT} in it"],
    [
      ["--lab", "echo", "--only", "broadcast.relay"],
      "--only: no check broadcast.relay in the echo lab; its checks: required, echo.reply, echo.sender-only, echo.clients, echo.split, echo.merged, echo.long-line, log.connect, log.recv, log.fwd",
    ],
    [["--capture", "x.pcapng"], "--capture needs --log FILE (the server's log)"],
    [["--capture", "x.pcapng", "--log", "l", "--lab", "echo"], "--lab does not go with --capture"],
    [["--lab", "echo", "--lang", "fr"], '--lang must be en or ro, got "fr"'],
    [["--lab", "echo", "--bogus"], "unknown option --bogus"],
  ];
  for (const [args, message] of cases) deepEqual(parse(...args), { kind: "error", message });
});
