// scripts/capture.sh as students meet it when something is wrong: no right to capture, a busy
// port, a run under sudo. Each must end with one clear line, keep the last good capture, and
// leave files the student can open.
import { deepEqual, equal, match, notEqual } from "node:assert/strict";
import { capturesOn } from "../testing/recorder.ts";
import { asNobody, cannotSwitchUser, NOBODY, sudoEnv } from "../testing/as_user.ts";
import { freePort, missing } from "../testing/tools.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const noTshark = await missing("tshark");
const noCapture = await missing("loopback capture");

/** Runs scripts/capture.sh with `args` (prefixed by `as`, e.g. runuser) and its output. */
async function captureSh(args: string[], options: { as?: string[]; env?: Record<string, string> }) {
  const started = Date.now();
  const [program, ...rest] = [...(options.as ?? []), "bash", "scripts/capture.sh", ...args];
  const out = await new Deno.Command(program, {
    args: rest,
    cwd: ROOT,
    stdin: "null",
    env: { NO_COLOR: "1", LC_ALL: "C.UTF-8", ...options.env },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
    ms: Date.now() - started,
  };
}

Deno.test({
  name: "capture.sh: without the right to capture, one line says what to do, before anything runs",
  ignore: noTshark || cannotSwitchUser(),
}, async () => {
  const home = await Deno.makeTempDir();
  try {
    const port = freePort();
    const as = await asNobody(home);
    const run = await captureSh(["--port", String(port), "--pause", "0", "--out", `${home}/out`], {
      as,
    });
    equal(run.code, 1, run.stderr);
    equal(
      run.stderr.trim().split("\n").at(-1),
      "capture: this user has no permission to capture on lo: run as root (sudo), or join the " +
        "wireshark group: sudo dpkg-reconfigure wireshark-common (answer Yes), sudo usermod -aG " +
        "wireshark $USER, then log out and in again",
    );
    equal(run.stdout, "", "nothing started: no capture, no demo");
    deepEqual(await capturesOn(port), []);
    // Deno's start as a fresh user is most of it; the old script spent 20 s on the demo first.
    equal(run.ms < 10_000, true, `took ${run.ms} ms`);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test({
  name: "capture.sh: a busy port fails with its reason and keeps the last good capture and log",
  ignore: noCapture,
}, async () => {
  const out = await Deno.makeTempDir();
  try {
    const old = { pcap: "the last good capture", log: "[START] the last good log\n" };
    await Deno.writeTextFile(`${out}/tcpchat-echo.pcapng`, old.pcap);
    await Deno.writeTextFile(`${out}/tcpchat-echo.log`, old.log);
    using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = busy.addr.port;
    const run = await captureSh(
      ["--mode", "echo", "--port", String(port), "--pause", "0", "--out", out],
      {},
    );
    notEqual(run.code, 0, run.stdout);
    match(run.stderr, new RegExp(`port ${port} is already in use`));
    equal(await Deno.readTextFile(`${out}/tcpchat-echo.pcapng`), old.pcap);
    equal(await Deno.readTextFile(`${out}/tcpchat-echo.log`), old.log);
    const left = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    deepEqual(left, ["tcpchat-echo.log", "tcpchat-echo.pcapng"], "no temporary file left");
    deepEqual(await capturesOn(port), []);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test({
  name: "capture.sh: run with sudo, the files and the folder it made belong to that user, readable",
  ignore: noCapture || cannotSwitchUser(),
}, async () => {
  const parent = await Deno.makeTempDir();
  try {
    const out = `${parent}/captures`;
    const port = freePort();
    const run = await captureSh(
      ["--mode", "echo", "--port", String(port), "--pause", "0", "--out", out],
      { env: sudoEnv() },
    );
    equal(run.code, 0, run.stderr);
    for (const path of [`${out}/tcpchat-echo.pcapng`, `${out}/tcpchat-echo.log`]) {
      const info = await Deno.stat(path);
      deepEqual([info.uid, info.gid], [NOBODY.uid, NOBODY.gid], path);
      equal((info.mode! & 0o777).toString(8), "644", path);
    }
    equal((await Deno.stat(out)).uid, NOBODY.uid, "the folder it created");
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
