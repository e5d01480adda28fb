import { deepEqual, equal } from "node:assert/strict";
import { DEFAULT_CAPTURE_OUT, DEFAULT_LOG_OUT, parseRecordArgs } from "./options.ts";

const TERMINAL = { noColorEnv: false, isTerminal: true };
const run = (args: string[], locale?: string) => parseRecordArgs(args, TERMINAL, locale);

Deno.test("record options: the lab's port and file names by default, in the locale's language", () => {
  deepEqual(run([]), {
    kind: "run",
    options: {
      serverCmd: undefined,
      port: 3333,
      logOut: "tcp_multiclient_server_output.txt",
      captureOut: "tcp_multiclient_chat_capture.pcapng",
      iface: undefined,
      lang: "en",
      color: true,
    },
  });
  equal(DEFAULT_LOG_OUT, "tcp_multiclient_server_output.txt");
  equal(DEFAULT_CAPTURE_OUT, "tcp_multiclient_chat_capture.pcapng");
  const ro = run([], "ro_RO.UTF-8");
  equal(ro.kind === "run" && ro.options.lang, "ro");
});

Deno.test("record options: every flag", () => {
  const parsed = run([
    "--server-cmd",
    "python3 server.py {PORT}",
    "--port",
    "4000",
    "--log-out",
    "log.txt",
    "--capture-out",
    "chat.pcapng",
    "--interface",
    "lo0",
    "--lang",
    "RO",
    "--no-color",
  ]);
  deepEqual(parsed, {
    kind: "run",
    options: {
      serverCmd: "python3 server.py {PORT}",
      port: 4000,
      logOut: "log.txt",
      captureOut: "chat.pcapng",
      iface: "lo0",
      lang: "ro",
      color: false,
    },
  });
});

Deno.test("record options: one line for each bad value", () => {
  const error = (args: string[]) => {
    const parsed = run(args);
    return parsed.kind === "error" ? parsed.message : parsed.kind;
  };
  equal(error(["--port", "0"]), "--port must be between 1 and 65535, got 0");
  equal(error(["--port", "http"]), '--port must be a whole number, got "http"');
  equal(error(["--server-cmd", " "]), "--server-cmd must not be empty");
  equal(
    error(["--log-out", "x", "--capture-out", "x"]),
    "--log-out and --capture-out must be two different files",
  );
  equal(error(["--lang", "fr"]), '--lang must be en or ro, got "fr"');
  equal(error(["--mode", "chat"]), "unknown option --mode");
  equal(error(["extra"]), 'unexpected argument "extra" (flags start with --)');
  equal(error(["--port"]), "--port needs a value");
  equal(run(["-h"]).kind, "help");
});

Deno.test("record options: --version prints the version, as the other programs do", () => {
  const command = run(["--version"]);
  equal(command.kind, "version");
  equal(command.kind === "version" && /^tcpchat-record \d+\.\d+\.\d+/.test(command.text), true);
});
