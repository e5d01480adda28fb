// Every way `deno task record` can fail ends with one line that says why, the student's earlier
// files as they were, and nothing left running. And, run with sudo, what it writes is the
// student's.
import { deepEqual, equal, match } from "node:assert/strict";
import {
  asNobody,
  cannotSwitchUser,
  folderForNobody,
  NOBODY,
  sudoEnv,
} from "../testing/as_user.ts";
import { TestClient } from "../testing/client.ts";
import { capturesOn, RecorderProcess } from "../testing/recorder.ts";
import { concurrently } from "../testing/concurrently.ts";
import { freePort, missing } from "../testing/tools.ts";
import { waitUntil } from "../testing/wait_until.ts";
import { isListening } from "../lib/net/listening.ts";

const ROOT = new URL("..", import.meta.url).pathname;

const noTshark = await missing("tshark");
const noCapture = await missing("loopback capture");
const LOG = "tcp_multiclient_server_output.txt";
const CAPTURE = "tcp_multiclient_chat_capture.pcapng";
const EARLIER = { [LOG]: "[START] an earlier, good log\n", [CAPTURE]: "an earlier, good capture" };

/** A student's folder with an earlier hand-in in it. */
async function folderWithEarlierFiles(dir?: string): Promise<string> {
  const folder = dir ?? await Deno.makeTempDir();
  for (const [name, text] of Object.entries(EARLIER)) {
    await Deno.writeTextFile(`${folder}/${name}`, text);
  }
  return folder;
}

/**
 * Runs `fn` in a student's folder with an earlier hand-in, then checks the hand-in is still there
 * as it was (and nothing else is), and that no capture on `port` was left running.
 */
async function keepsEarlierFiles(
  port: number,
  fn: (dir: string) => Promise<void>,
  dir?: string,
): Promise<void> {
  const folder = await folderWithEarlierFiles(dir);
  try {
    await fn(folder);
    await assertEarlierKept(folder);
    deepEqual(await capturesOn(port), []);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
}

/** The folder holds the earlier files, unchanged, and nothing else. */
async function assertEarlierKept(dir: string): Promise<void> {
  deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [CAPTURE, LOG]);
  for (const [name, text] of Object.entries(EARLIER)) {
    equal(await Deno.readTextFile(`${dir}/${name}`), text, name);
  }
}

/** Runs the recorder to its end (it must end by itself) and returns its exit code and stderr. */
async function failingRun(
  args: string[],
  options: { cwd: string; as?: string[]; env?: Record<string, string> },
): Promise<{ code: number; stderr: string[]; stdout: string[] }> {
  await using recorder = RecorderProcess.start(["--lang", "en", ...args], options);
  const code = await recorder.exit();
  return { code, stderr: recorder.stderr, stdout: recorder.stdout };
}

const KEPT = `Your earlier ${LOG} and ${CAPTURE} are unchanged.`;

Deno.test("record fails cleanly, each way at once: one line, earlier files kept, nothing left running", async (t) => {
  await concurrently(t, [
    {
      name: "a busy port, before anything starts",
      ignore: noCapture,
      async run() {
        using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
        const port = busy.addr.port;
        await keepsEarlierFiles(port, async (dir) => {
          const run = await failingRun(["--port", String(port)], { cwd: dir });
          equal(run.code, 1);
          deepEqual(run.stderr, [
            `record: port ${port} is already in use: stop the server that holds it (the course's ` +
            `example server? a server of yours started earlier?), or use another port with ` +
            `--port ${port + 1}`,
            KEPT,
          ]);
          deepEqual(run.stdout, [], "nothing started");
        });
      },
    },
    {
      name: "without the right to capture, at once, with what to do",
      ignore: noTshark || cannotSwitchUser(),
      async run() {
        const home = await Deno.makeTempDir();
        const port = freePort();
        try {
          await keepsEarlierFiles(port, async (dir) => {
            const started = Date.now();
            const run = await failingRun(["--port", String(port)], {
              cwd: dir,
              as: await asNobody(home),
            });
            equal(run.code, 1);
            deepEqual(run.stderr, [
              "record: this user has no permission to capture on lo: run as root (sudo), or join the " +
              "wireshark group: sudo dpkg-reconfigure wireshark-common (answer Yes), sudo usermod -aG " +
              "wireshark $USER, then log out and in again",
              KEPT,
            ]);
            deepEqual(run.stdout, []);
            equal(Date.now() - started < 10_000, true, "before anything else");
          }, await folderForNobody());
        } finally {
          await Deno.remove(home, { recursive: true });
        }
      },
    },
    {
      name: "a server that exits at once; tshark stopped, the earlier files kept",
      ignore: noCapture,
      async run() {
        const port = freePort();
        await keepsEarlierFiles(port, async (dir) => {
          const crash = await failingRun(
            [
              "--port",
              String(port),
              "--server-cmd",
              "echo 'SyntaxError: invalid syntax' >&2; exit 3",
            ],
            { cwd: dir },
          );
          equal(crash.code, 1);
          equal(crash.stdout.includes("SyntaxError: invalid syntax"), true, "its output is shown");
          deepEqual(crash.stderr, [
            "record: your server exited (code 3) before it listened: its output is above, and nothing " +
            "was recorded",
            KEPT,
          ]);
        });
      },
    },
    {
      name: "Ctrl+C before any client connected keeps the earlier hand-in",
      ignore: noCapture,
      async run() {
        const port = freePort();
        await keepsEarlierFiles(port, async (dir) => {
          await using recorder = RecorderProcess.start(["--lang", "en", "--port", String(port)], {
            cwd: dir,
          });
          await recorder.waitFor(/^== Ready\. /);
          recorder.interrupt();
          equal(await recorder.exit(), 1);
          deepEqual(recorder.stderr, [
            `record: no client connected to port ${port} during the recording: there is nothing to hand in`,
            KEPT,
          ]);
        });
      },
    },
    {
      name: "an output folder that does not exist, before anything starts",
      ignore: noCapture,
      async run() {
        const dir = await Deno.makeTempDir();
        try {
          const run = await failingRun(["--log-out", "missing/log.txt"], { cwd: dir });
          equal(run.code, 1);
          deepEqual(run.stderr, [
            "record: cannot write missing/log.txt: the folder missing does not exist",
            "Nothing was written.",
          ]);
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    },
    {
      name: "run with sudo, both files belong to the user who ran it, and everyone may read them",
      ignore: noCapture || cannotSwitchUser(),
      async run() {
        const dir = await Deno.makeTempDir();
        try {
          const port = freePort();
          await using recorder = RecorderProcess.start(["--lang", "en", "--port", String(port)], {
            cwd: dir,
            env: sudoEnv(),
          });
          await recorder.waitFor(/^== Ready\. /);
          const client = await TestClient.connect("127.0.0.1", port);
          client.send("hello");
          await recorder.waitFor(/^\[RECV\] .* "hello"/);
          client.close();
          await client.closed;
          await recorder.waitFor(/^\[DISCONNECT\] /);
          recorder.interrupt();
          equal(await recorder.exit(), 0, recorder.stderr.join("\n"));
          match(
            recorder.stdout.join("\n"),
            /^== Note: the lab asks for at least 3 clients, and this capture has 1/m,
          );
          for (const name of [LOG, CAPTURE]) {
            const info = await Deno.stat(`${dir}/${name}`);
            deepEqual([info.uid, info.gid], [NOBODY.uid, NOBODY.gid], name);
            equal((info.mode! & 0o777).toString(8), "644", name);
          }
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    },
    {
      name:
        "record killed -9 (no chance to clean up): its capture and the student's server stop too",
      ignore: noCapture || await missing("python3"),
      async run() {
        const dir = await Deno.makeTempDir();
        try {
          const port = freePort();
          const server = `python3 ${ROOT}tests/fixtures/lab_server.py {PORT}`;
          await using recorder = RecorderProcess.start(
            ["--lang", "en", "--port", String(port), "--server-cmd", server],
            { cwd: dir },
          );
          await recorder.waitFor(/^== Ready\. /);
          equal(await isListening(port), true);
          equal((await capturesOn(port)).length > 0, true);
          recorder.kill();
          await recorder.exit();
          // Their lifelines see the recorder gone and stop them: SIGINT first, at once.
          await waitUntil(
            async () =>
              !(await isListening(port)) && (await capturesOn(port)).length === 0 || undefined,
            { what: `the server and the capture on port ${port} to stop` },
          );
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    },
  ]);
});
