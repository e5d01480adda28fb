import { deepEqual, equal, ok } from "node:assert/strict";
import { isIP } from "node:net";
import { GOOD_HOSTS, MALFORMED_HOSTS, NOT_WHOLE_NUMBERS } from "../../testing/bad_arguments.ts";
import { nextPort } from "../cli.ts";
import { parseServerArgs } from "./options.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });
const plain = { noColorEnv: true, isTerminal: false };

test("server options: the defaults the docs promise", () => {
  const command = parseServerArgs([], plain, "C.UTF-8");
  equal(command.kind, "run");
  if (command.kind !== "run") return;
  const o = command.options;
  deepEqual(
    [o.host, o.port, o.mode, o.maxClients, o.maxLineBytes, o.maxQueueBytes, o.lang],
    ["127.0.0.1", 3333, "chat", 1000, 4096, 262144, "en"],
  );
  deepEqual(
    [o.requestTimeoutSeconds, o.loginTimeoutSeconds, o.idleTimeoutSeconds, o.maxPerIp],
    [60, 120, 0, 0],
    "the idle timeout and the per-address limit are off by default",
  );
  deepEqual([o.floodLinesPerSecond, o.floodBurst, o.floodDropAfter, o.pauseMs], [20, 40, 200, 250]);
});

test("server options: every number is refused one below its minimum and one above its maximum", () => {
  const ranges: [string, number, number][] = [
    ["--port", 0, 65535],
    ["--max-clients", 1, 1_000_000],
    ["--max-line", 16, 16 * 1024 * 1024],
    ["--max-queue", 1024, 1024 * 1024 * 1024],
    ["--request-timeout", 1, 24 * 3600],
    ["--login-timeout", 1, 24 * 3600],
    ["--idle-timeout", 0, 7 * 24 * 3600],
    ["--max-per-ip", 0, 1_000_000],
    ["--flood-rate", 0, 1_000_000],
    ["--flood-burst", 1, 1_000_000],
    ["--flood-drop-after", 1, 1_000_000],
    ["--pause", 10, 60_000],
  ];
  for (const [flag, min, max] of ranges) {
    for (const value of [min, max]) {
      equal(parseServerArgs([flag, String(value)], plain).kind, "run", `${flag} ${value}`);
    }
    for (const value of [min - 1, max + 1].filter((v) => v >= 0)) {
      deepEqual(parseServerArgs([flag, String(value)], plain), {
        kind: "error",
        message: `${flag} must be between ${min} and ${max}, got ${value}`,
      });
    }
  }
});

test("server options: --capitalize answers like the course's example, in echo mode only", () => {
  const echo = parseServerArgs(["--mode", "echo", "--capitalize"], plain);
  equal(echo.kind === "run" && echo.options.capitalize, true);
  const plainEcho = parseServerArgs(["--mode", "echo"], plain);
  equal(plainEcho.kind === "run" && plainEcho.options.capitalize, false);
  deepEqual(parseServerArgs(["--capitalize"], plain), {
    kind: "error",
    message: "--capitalize works only with --mode echo",
  });
});

test("server options: a number that is not a whole number is refused in the flag's words, negative ones too", () => {
  const flags = ["--port", "--max-clients", "--max-line", "--max-queue", "--request-timeout"]
    .concat(["--login-timeout", "--idle-timeout", "--max-per-ip", "--flood-rate", "--pause"])
    .concat(["--flood-burst", "--flood-drop-after"]);
  for (const flag of flags) {
    for (const value of NOT_WHOLE_NUMBERS) {
      const message = `${flag} must be a whole number, got ${JSON.stringify(value)}`;
      // Written as two arguments, as people type it, or joined with `=`.
      deepEqual(parseServerArgs([flag, value], plain), { kind: "error", message }, message);
      deepEqual(parseServerArgs([`${flag}=${value}`], plain), { kind: "error", message }, message);
    }
  }
});

test("server options: a flag followed by another flag, or by nothing, needs a value", () => {
  const needs = (args: string[]) => parseServerArgs(args, plain);
  deepEqual(needs(["--port", "--mode", "echo"]), {
    kind: "error",
    message: "--port needs a value",
  });
  deepEqual(needs(["--host", "-h"]), { kind: "error", message: "--host needs a value" });
  deepEqual(needs(["--pause"]), { kind: "error", message: "--pause needs a value" });
  deepEqual(needs(["-5"]), { kind: "error", message: "unknown option -5" });
});

test("server options: --host is a name or an IPv4 or IPv6 address, nothing else", () => {
  for (const host of MALFORMED_HOSTS) {
    const message = `--host must be a name or an IP address such as 127.0.0.1 or ::1, got ${
      JSON.stringify(host)
    }`;
    deepEqual(parseServerArgs(["--host", host], plain), { kind: "error", message });
  }
  for (const host of GOOD_HOSTS) {
    const command = parseServerArgs(["--host", host], plain);
    equal(command.kind === "run" && command.options.host, host);
  }
  // Brackets, as an IPv6 address is written next to a port, are taken off.
  const bracketed = parseServerArgs(["--host", "[::1]"], plain);
  equal(bracketed.kind === "run" && bracketed.options.host, "::1");
  deepEqual(parseServerArgs(["--host", " "], plain), {
    kind: "error",
    message: "--host must not be empty",
  });
});

test("server options: --web is off by default, a port on loopback, or HOST:PORT", () => {
  const web = (...args: string[]) => {
    const command = parseServerArgs(args, plain);
    return command.kind === "run" ? [command.options.web, command.options.webText] : command;
  };
  deepEqual(web(), [undefined, "public"]);
  deepEqual(web("--web", "8080"), [{ hostname: "127.0.0.1", port: 8080 }, "public"]);
  deepEqual(web("--web", "0.0.0.0:8080", "--web-text", "all"), [
    { hostname: "0.0.0.0", port: 8080 },
    "all",
  ]);
  deepEqual(web("--web", "[::1]:0", "--web-text", "None"), [{ hostname: "::1", port: 0 }, "none"]);
  for (const bad of ["web", "::1", "localhost:", "8080x", "[::1]", "localhost:80x"]) {
    deepEqual(web("--web", bad), {
      kind: "error",
      message: `--web must be PORT or HOST:PORT (e.g. 8080 or 0.0.0.0:8080), got "${bad}"`,
    });
  }
  // Its host is checked as --host is: a name or an address, an IPv6 one in brackets.
  for (const host of GOOD_HOSTS) {
    const written = isIP(host) === 6 ? `[${host}]:8080` : `${host}:8080`;
    deepEqual(web("--web", written), [{ hostname: host, port: 8080 }, "public"], written);
  }
  for (const host of MALFORMED_HOSTS) {
    const command = web("--web", `${host}:8080`);
    ok(
      "message" in command && /^(the --web host must|only an IPv6 address)/.test(command.message),
      `${host}:8080 gave ${JSON.stringify(command)}`,
    );
  }
  deepEqual(web("--web", ":8080"), {
    kind: "error",
    message: "the --web host must not be empty; with a port: 10.0.0.5:3333, or [::1]:3333 for IPv6",
  });
  deepEqual(web("--web", "65536"), {
    kind: "error",
    message: "the --web port must be between 0 and 65535, got 65536",
  });
  deepEqual(web("--web-text", "private"), {
    kind: "error",
    message: `--web-text must be all, public or none, got "private"`,
  });
});

test("server options: the live view cannot take the chat's port; a suggested port is never the other", () => {
  deepEqual(parseServerArgs(["--port", "8080", "--web", "8080"], plain, "C.UTF-8"), {
    kind: "error",
    message: "--web 8080 is the chat's port too (--port 8080): " +
      "give the live view a port of its own, e.g. --web 8081",
  });
  // Port 0 is any free port: two of them never clash.
  equal(parseServerArgs(["--port", "0", "--web", "0"], plain, "C.UTF-8").kind, "run");
  equal(nextPort(8080, 3333), 8081);
  equal(nextPort(8080, 8081), 8082, "the web port busy, the chat's port next to it");
  equal(nextPort(65535, 3333), 1024);
  equal(nextPort(65535, 1024), 1025);
});
