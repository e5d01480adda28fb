import { deepEqual, equal } from "node:assert/strict";
import { GOOD_HOSTS, MALFORMED_HOSTS, NOT_WHOLE_NUMBERS } from "../../testing/bad_arguments.ts";
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

test("client options: a number that is not a whole number is refused in the flag's words, negative ones too", () => {
  for (const flag of ["--quiet-time", "--max-line", "--history"]) {
    for (const value of NOT_WHOLE_NUMBERS) {
      const message = `${flag} must be a whole number, got ${JSON.stringify(value)}`;
      equal(problem([flag, value]), message);
      equal(problem(["127.0.0.1", `${flag}=${value}`]), message);
    }
  }
  for (const value of NOT_WHOLE_NUMBERS) {
    const message = `the port must be a whole number, got ${JSON.stringify(value)}`;
    equal(problem(["127.0.0.1", value]), message);
    // (HOST:PORT is one argument: spaces around it are not part of the port.)
    if (value.trim() === value) equal(problem([`127.0.0.1:${value}`]), message);
  }
  equal(problem(["--max-line", "--history", "5"]), "--max-line needs a value");
});

test("client options: a host that is no name or address is one line, HOST:PORT explained", () => {
  const badHost = (host: string) =>
    `the host must be a name or an IP address such as 127.0.0.1 or ::1, got ${
      JSON.stringify(host)
    }`;
  const withPort = "; with a port: 10.0.0.5:3333, or [::1]:3333 for IPv6";
  equal(problem(["127.0.0.1:47001:5"]), badHost("127.0.0.1:47001:5") + withPort);
  equal(problem(["http://localhost:3333"]), badHost("http://localhost:3333") + withPort);
  equal(problem(["[::1"]), badHost("[::1") + withPort);
  equal(problem(["a b"]), badHost("a b"));
  equal(problem(["host/path", "3333"]), badHost("host/path"));
  equal(problem(["bücher.invalid"]), badHost("bücher.invalid"));
  equal(problem(["-5"]), badHost("-5"));
  equal(problem([":3333"]), "the host must not be empty" + withPort);
  equal(
    problem(["[127.0.0.1]:3333"]),
    'only an IPv6 address goes in brackets, got "[127.0.0.1]:3333"',
  );
  equal(problem(["[::1]:3333", "4000"]), 'two ports given: "[::1]:3333" and "4000"');
  equal(problem(["localhost:3333", "4000"]), 'two ports given: "localhost:3333" and "4000"');
  // (A host spelt like a flag, `-x`, is an unknown option.)
  for (const host of MALFORMED_HOSTS.filter((h) => !h.startsWith("-"))) {
    equal(problem([host, "3333"]).includes(JSON.stringify(host)), true, host);
  }
});

test("client options: every host the server takes, the client takes, alone or with a port", () => {
  for (const host of GOOD_HOSTS) {
    deepEqual([options([host]).host, options([host]).port], [host, 3333], host);
    deepEqual([options([host, "4000"]).host, options([host, "4000"]).port], [host, 4000], host);
  }
  deepEqual([options(["[fe80::1%lo]:4000"]).host, options(["[fe80::1%lo]:4000"]).port], [
    "fe80::1%lo",
    4000,
  ]);
  // ::1:3333 is an IPv6 address (0:0:0:0:0:0:1:3333), not ::1 port 3333: brackets tell them apart.
  equal(options(["::1:3333"]).host, "::1:3333");
});
