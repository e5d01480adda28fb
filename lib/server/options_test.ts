import { deepEqual, equal } from "node:assert/strict";
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
