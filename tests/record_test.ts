// A student's two commands, end to end: `deno task record` (a real tshark on lo, the server:
// tcpchat's or a course-style Python one, real clients: nc and Deno's, Ctrl+C), then the check it
// prints, `deno task grade --capture ... --log ...`, typed in the same folder. The two files are
// read back packet by packet too; the check wants the student's sentences, and names a log line
// edited to a wrong byte count.
import { deepEqual, equal, match } from "node:assert/strict";
import { matchLogToPackets, parseLogEvents } from "../lib/capture/log_packets.ts";
import { summarizeStreams } from "../lib/capture/streams.ts";
import { readSegments, type Segment } from "../lib/capture/tshark.ts";
import { TestClient } from "../testing/client.ts";
import { gradeIn } from "../testing/grade.ts";
import { capturesOn, RecorderProcess } from "../testing/recorder.ts";
import { concurrently } from "../testing/concurrently.ts";
import { freePort, missing } from "../testing/tools.ts";

const noCapture = await missing("loopback capture");
const LOG = "tcp_multiclient_server_output.txt";
const CAPTURE = "tcp_multiclient_chat_capture.pcapng";

/** A course-style server, as a student completes the template: threads, `[ip:port] text`. */
const PYTHON_SERVER = `
import socket, sys, threading
HOST, PORT = "127.0.0.1", int(sys.argv[1])
clients, lock = [], threading.Lock()
def handle(conn, addr):
    print(f"[THREAD START] Client {addr[0]}:{addr[1]} connected")
    while True:
        data = conn.recv(1024)
        if not data:
            break
        print(f"[RECV] From {addr[0]}:{addr[1]} -> {data!r}")
        message = f"[{addr[0]}:{addr[1]}] {data.decode('utf-8', errors='ignore')}"
        with lock:
            for other in clients:
                if other is not conn:
                    other.sendall(message.encode())
                    print(f"[FWD] To {other.getpeername()[0]}:{other.getpeername()[1]} -> {message!r}")
    with lock:
        clients.remove(conn)
    conn.close()
    print(f"[DISCONNECT] Client {addr[0]}:{addr[1]} closed the connection")
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(5)
print(f"[START] TCP multi-client chat server on {HOST}:{PORT}")
while True:
    conn, addr = s.accept()
    print(f"[CONNECT] New client from {addr[0]}:{addr[1]}")
    with lock:
        clients.append(conn)
    threading.Thread(target=handle, args=(conn, addr), daemon=True).start()
`;

/** netcat as a student runs it: lines typed on its stdin, what it prints collected. */
class Netcat implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #printed = "";
  readonly #done: Promise<void>;

  constructor(port: number) {
    const child = new Deno.Command("nc", {
      args: ["127.0.0.1", String(port)],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#done = (async () => {
      for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
        this.#printed += text;
      }
    })();
  }

  async type(line: string): Promise<void> {
    await this.#stdin.write(new TextEncoder().encode(line + "\n"));
  }

  /** Waits until nc has printed `text`. */
  async sees(text: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!this.#printed.includes(text)) {
      if (Date.now() > deadline) throw new Error(`nc never printed ${text}: ${this.#printed}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Ctrl+C in nc's terminal: nc exits, its socket closes with a FIN. */
  async quit(): Promise<void> {
    try {
      this.#child.kill("SIGINT");
    } catch {
      // It has ended already.
    }
    await this.#child.status;
    await this.#stdin.close().catch(() => {});
    await this.#done;
  }

  /** A test that failed half-way leaves no nc running. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.quit();
  }
}

/**
 * What a student does: 3 clients (two nc, one Deno), 6 crossed messages, then two of them leave.
 * Returns the one still connected (nc, which keeps its side open after the server's FIN until
 * its own Ctrl+C): the test quits it at the end.
 */
async function chat(port: number, serverSaw: (n: number) => Promise<void>): Promise<Netcat> {
  // One after the other, so that they are streams 0, 1 and 2 in this order.
  await using one = new Netcat(port);
  await serverSaw(1);
  const two = new Netcat(port);
  try {
    await serverSaw(2);
    await talk(port, one, two, serverSaw);
  } catch (error) {
    await two.quit();
    throw error;
  }
  return two;
}

/** The Deno client joins, and the three send crossed messages; then one and the Deno client leave. */
async function talk(
  port: number,
  one: Netcat,
  two: Netcat,
  serverSaw: (n: number) => Promise<void>,
): Promise<void> {
  const three = await TestClient.connect("127.0.0.1", port);
  await serverSaw(3);
  const messages: [string, "one" | "two" | "three"][] = [
    ["salut de la 1", "one"],
    ["hello from 2", "two"],
    ["și de la 3 🙂", "three"],
    ["1 again", "one"],
    ["2 again", "two"],
    ["3 again", "three"],
  ];
  for (const [text, from] of messages) {
    if (from === "three") three.send(text);
    else await (from === "one" ? one : two).type(text);
    if (from !== "one") await one.sees(text);
    if (from !== "two") await two.sees(text);
    if (from !== "three") await three.until(new RegExp(`\\] ${text}$`));
  }
  // One leaves with Ctrl+C in nc, the Deno client closes; two stays until the server stops.
  await one.quit();
  three.close();
  await three.closed;
}

/**
 * The check the recorder printed last (`== Check the hand-in: deno task grade ARGS`), as the
 * arguments the student types.
 */
function printedCheck(recorder: RecorderProcess, label: string): string[] {
  const line = recorder.stdout.find((l) => l.startsWith(`== ${label}: deno task grade `));
  if (line === undefined) throw new Error(`no "${label}" line in:\n${recorder.stdout.join("\n")}`);
  return line.slice(`== ${label}: deno task grade `.length).split(" ");
}

/**
 * The sentences the lab asks for, as a student writes them below the recorder's last line:
 * quoting a log line too, which is not the server's.
 */
function sentences(quoted: string): string {
  return [
    "The log shows three clients: each has its own [CONNECT] line with its own port.",
    `A message shows first as a [RECV] line, for example ${quoted}.`,
    "That line is the data packet from the same client port in Wireshark.",
    "Each [FWD] or [SEND] line is one data packet from the server to another client.",
    "The byte counts in the log are the lengths of those packets.",
    "",
  ].join("\n");
}

/**
 * The second command: the check fails until the sentences are written, then passes; a log line
 * edited to a wrong byte count is one problem, named with its line.
 */
async function checkHandIn(dir: string, log: string, args: string[], ro = false): Promise<void> {
  const before = await gradeIn(dir, args);
  equal(before.code, 1, before.stdout + before.stderr);
  match(
    before.stdout,
    ro
      ? /^PROBLEM: nicio propoziție după ieșirea serverului/m
      : /^PROBLEM: no sentences after the server's output/m,
  );
  equal(before.stdout.match(/^PROBLEM: /gm)?.length, 1, before.stdout);

  const text = await Deno.readTextFile(`${dir}/${log}`);
  const recv = /^\[RECV\].*$|\[RECV\] From [^\n]*/m.exec(text)![0];
  await Deno.writeTextFile(`${dir}/${log}`, sentences(recv), { append: true });
  // The wrong port (see below) is checked meanwhile: it reads the same files.
  const port = Number(args[args.indexOf("--port") + 1]);
  const other = port === 65535 ? 1024 : port + 1;
  const [after, elsewhere] = await Promise.all([
    gradeIn(dir, args),
    gradeIn(dir, [...args.slice(0, -1), String(other)]),
  ]);
  equal(after.code, 0, after.stdout + after.stderr);
  match(after.stdout, ro ? /^nicio problemă: /m : /^no problems: /m);
  equal(after.stderr, "");

  // One byte more in the first [RECV] line's count (tcpchat's `N bytes`, or one letter more in
  // a Python literal `b'...'`).
  const wrong = text.replace(
    /^(\[RECV\] .*?)(\d+) bytes/m,
    (_, head, n) => `${head}${Number(n) + 1} bytes`,
  )
    .replace(/(\[RECV\] From [^\n]*?-> b')/, "$1x");
  equal(wrong === text, false);
  await Deno.writeTextFile(`${dir}/${log}`, wrong + sentences(recv));
  const broken = await gradeIn(dir, args);
  equal(broken.code, 1, broken.stdout);
  const problems = broken.stdout.split("\n").filter((l) => l.startsWith("PROBLEM: "));
  equal(problems.length, 1, broken.stdout);
  // The one line names the line that was edited: where the counts first go astray.
  const edited = wrong.split("\n").find((l, i) => l !== text.split("\n")[i])!;
  equal(problems[0].includes(edited.slice(edited.indexOf("[RECV]"))), true, problems[0]);

  // The wrong port: one line naming the capture's ports, the server's first (it got the SYNs).
  equal(elsewhere.code, 1);
  match(
    elsewhere.stdout,
    ro
      ? new RegExp(
        `^niciun pachet pe portul ${other} în această captură; porturile ei TCP sunt ${port}, `,
      )
      : new RegExp(`^no packets on port ${other} in this capture; its TCP ports are ${port}, `),
  );
  equal(elsewhere.stdout.split("\n").filter((l) => l !== "").length, 1, elsewhere.stdout);
}

/** Data segments from clients to the server, and from the server to clients. */
function dataSegments(segments: Segment[], port: number) {
  const data = segments.filter((s) => s.len > 0);
  return {
    toServer: data.filter((s) => s.dstPort === port),
    toClients: data.filter((s) => s.srcPort === port),
  };
}

Deno.test("record: the student's two commands, with tcpchat and with their own server, at once", async (t) => {
  await concurrently(t, [
    {
      name:
        "tcpchat's mini chat, 3 clients, Ctrl+C: both files, readable, matching packet by packet",
      ignore: noCapture,
      async run() {
        const dir = await Deno.makeTempDir();
        try {
          const port = freePort();
          await using recorder = RecorderProcess.start(["--port", String(port), "--lang", "en"], {
            cwd: dir,
          });
          await recorder.waitFor(
            /^== Ready\. Open 3 more terminals .*nc 127\.0\.0\.1 \d+ .* press Ctrl\+C here\.$/,
          );
          // What to do next is the last thing on the screen: the server's start lines are above.
          const ready = recorder.stdout.findIndex((l) => l.startsWith("== Ready."));
          equal(
            recorder.stdout.slice(0, ready).some((l) => l.startsWith("[INFO] Server ready")),
            true,
          );
          await using stays = await chat(port, (n) => recorder.waitForCount(/^\[CONNECT\] /, n));
          await recorder.waitForCount(/^\[DISCONNECT\] .*closed by peer \(FIN\)/, 2);
          recorder.interrupt();
          equal(await recorder.exit(), 0, recorder.stderr.join("\n"));
          await stays.quit();
          deepEqual(recorder.stderr, []);
          match(
            recorder.stdout.join("\n"),
            new RegExp(
              `^== Written: ${LOG} \\(\\d+ lines\\) and ${CAPTURE} \\(\\d+ packets, 3 TCP streams\\)\\.$`,
              "m",
            ),
          );
          deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [CAPTURE, LOG]);
          for (const name of [LOG, CAPTURE]) {
            equal(((await Deno.stat(`${dir}/${name}`)).mode! & 0o777).toString(8), "644", name);
          }

          const log = await Deno.readTextFile(`${dir}/${LOG}`);
          equal(log.split("\n")[0], `$ deno task server --mode broadcast --port ${port}`);
          equal(log.match(/^\[RECV\] /gm)?.length, 6);
          const segments = await readSegments(`${dir}/${CAPTURE}`);
          const streams = summarizeStreams(segments, port);
          deepEqual(streams.map((s) => [s.handshake, s.ending, s.finished]), [
            [true, "client FIN, server FIN", true], // nc's Ctrl+C
            [true, "server FIN", false], // the server's stop; nc keeps its side open
            [true, "client FIN, server FIN", true], // the Deno client's close
          ]);
          const { problems, matched } = matchLogToPackets(parseLogEvents(log), segments, port);
          deepEqual(problems, []);
          equal(matched.filter((m) => m.event.tag === "RECV").length, 6);
          deepEqual(await capturesOn(port), []);

          await checkHandIn(dir, LOG, printedCheck(recorder, "Check the hand-in"));
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    },
    {
      name: "a student's Python server from --server-cmd; its prints reach the log as they happen",
      ignore: noCapture || await missing("python3"),
      async run() {
        const dir = await Deno.makeTempDir();
        try {
          await Deno.writeTextFile(`${dir}/server.py`, PYTHON_SERVER);
          const port = freePort();
          await using recorder = RecorderProcess.start(
            ["--server-cmd", "python3 server.py {PORT}", "--port", String(port), "--lang", "ro"]
              .concat(["--log-out", "log.txt", "--capture-out", "chat.pcapng"]),
            { cwd: dir },
          );
          await recorder.waitFor(
            /^== Gata\. Deschide încă 3 terminale .* apasă Ctrl\+C aici\.$/,
          );
          // The server's prints reach the recorder as they happen (it is not Python's buffer that
          // shows them at exit): the clients wait for its [CONNECT] lines. Not at a line's start:
          // Python's print writes its text and its newline apart, so two threads' lines can
          // interleave, as in any student's log.
          await using stays = await chat(
            port,
            (n) => recorder.waitForCount(/\[CONNECT\] New client from /, n),
          );
          recorder.interrupt();
          equal(await recorder.exit(), 0, recorder.stderr.join("\n"));
          await stays.quit();
          match(
            recorder.stdout.join("\n"),
            /^== Scrise: log\.txt \(\d+ linii\) și chat\.pcapng \(\d+ pachete, 3 fluxuri TCP\)\.$/m,
          );
          match(
            recorder.stdout.join("\n"),
            /^== Verifică ce predai: deno task grade --lang ro --capture chat\.pcapng --log log\.txt --port \d+$/m,
          );

          const log = await Deno.readTextFile(`${dir}/log.txt`);
          equal(log.split("\n")[0], `$ python3 server.py ${port}`);
          equal(log.match(/\[RECV\] From 127\.0\.0\.1:\d+ -> /g)?.length, 6);
          equal(log.match(/\[FWD\] To 127\.0\.0\.1:\d+ -> /g)?.length, 12);
          const segments = await readSegments(`${dir}/chat.pcapng`);
          const streams = summarizeStreams(segments, port);
          equal(streams.length, 3);
          equal(streams.every((s) => s.handshake && s.serverEnded), true);
          const { toServer, toClients } = dataSegments(segments, port);
          equal(toServer.length >= 6, true, `${toServer.length} messages`);
          equal(toClients.length >= 12, true, `${toClients.length} relays`);
          deepEqual(await capturesOn(port), []);

          await checkHandIn(dir, "log.txt", printedCheck(recorder, "Verifică ce predai"), true);
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    },
  ]);
});
