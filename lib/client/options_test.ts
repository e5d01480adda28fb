import { deepEqual, equal } from "node:assert/strict";
import { type ClientCommand, parseClientArgs } from "./options.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const TERMINAL = { noColorEnv: false, isTerminal: true };

function options(args: string[], colors = TERMINAL) {
  const command = parseClientArgs(args, colors);
  if (command.kind !== "run") throw new Error(`expected options, got ${JSON.stringify(command)}`);
  return command.options;
}

function problem(args: string[]): string {
  const command: ClientCommand = parseClientArgs(args, TERMINAL);
  return command.kind === "error" ? command.message : `no error: ${command.kind}`;
}

test("client options: defaults are the server's own address and lab port", () => {
  deepEqual(options([]), {
    host: "127.0.0.1",
    port: 3333,
    color: true,
    quietTimeMs: 1000,
    maxLineBytes: 65536,
    historySize: 200,
    lang: "en",
  });
});

test("client options: positional host and port, HOST:PORT, and IPv6 with or without brackets", () => {
  const where = (args: string[]) => `${options(args).host} ${options(args).port}`;
  equal(where(["10.0.0.5", "4000"]), "10.0.0.5 4000");
  equal(where(["localhost"]), "localhost 3333");
  equal(where(["10.0.0.5:4000"]), "10.0.0.5 4000");
  equal(where(["[::1]:4000"]), "::1 4000");
  equal(where(["::1", "4000"]), "::1 4000");
  equal(where(["::1"]), "::1 3333");
  equal(where(["[::1]", "4000"]), "::1 4000");
});

test("client options: each bad value is one line saying what is wrong", () => {
  equal(problem(["127.0.0.1", "0"]), "the port must be between 1 and 65535, got 0");
  equal(problem(["127.0.0.1", "65536"]), "the port must be between 1 and 65535, got 65536");
  equal(problem(["127.0.0.1", "http"]), 'the port must be a whole number, got "http"');
  equal(problem(["127.0.0.1:"]), 'the port must be a whole number, got ""');
  equal(problem([" "]), "the host must not be empty");
  equal(problem(["a", "1", "b"]), 'too many arguments: expected HOST and PORT, got "a 1 b"');
  equal(problem(["--quiet-time=-5"]), '--quiet-time must be a whole number, got "-5"');
  equal(problem(["--quiet-time", "soon"]), '--quiet-time must be a whole number, got "soon"');
  equal(problem(["--max-line", "8"]), "--max-line must be between 16 and 16777216, got 8");
  equal(
    problem(["--max-line", "16777217"]),
    "--max-line must be between 16 and 16777216, got 16777217",
  );
  equal(
    problem(["--quiet-time", "600001"]),
    "--quiet-time must be between 0 and 600000, got 600001",
  );
  equal(problem(["--history", "100001"]), "--history must be between 0 and 100000, got 100001");
  equal(problem(["--colour"]), "unknown option --colour");
  equal(problem(["--lang", "fr"]), '--lang must be en or ro, got "fr"');
  equal(problem(["--lang"]), "--lang needs a value");
});

test("client options: flags set the bounds and the pipe's quiet time", () => {
  const o = options(["--quiet-time", "250", "--max-line", "4096", "--history", "0"]);
  deepEqual([o.quietTimeMs, o.maxLineBytes, o.historySize], [250, 4096, 0]);
});

test("client options: colour only on a terminal, without --no-color and NO_COLOR", () => {
  equal(options([]).color, true);
  equal(options(["--no-color"]).color, false);
  equal(options([], { noColorEnv: true, isTerminal: true }).color, false);
  equal(options([], { noColorEnv: false, isTerminal: false }).color, false);
});

test("client options: --lang picks the language; without it the locale does, as for the server", () => {
  const lang = (args: string[], locale?: string) => {
    const command = parseClientArgs(args, TERMINAL, locale);
    return command.kind === "run" ? command.options.lang : command.kind;
  };
  equal(lang(["--lang", "ro"]), "ro");
  equal(lang(["--lang=RO"]), "ro");
  equal(lang([], "ro_RO.UTF-8"), "ro");
  equal(lang([], "C.UTF-8"), "en");
  equal(lang([]), "en");
  equal(lang(["--lang", "en"], "ro_RO.UTF-8"), "en");
});

test("client options: --help and --version", () => {
  const help = parseClientArgs(["-h"], TERMINAL);
  equal(help.kind === "help" && help.text.includes("Usage: deno task client [HOST [PORT]]"), true);
  const version = parseClientArgs(["--version"], TERMINAL);
  equal(version.kind === "version" && /^tcpchat-client \d+\.\d+\.\d+/.test(version.text), true);
});
