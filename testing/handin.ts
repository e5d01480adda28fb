/**
 * Test support: a lab hand-in made as a student makes one, without the recorder: tshark on the
 * loopback interface (lib/capture/live_capture.ts), the server (tcpchat's broadcast mode, or a
 * Python fixture), real clients taking turns, and the server's output as the log.
 *
 * @module
 */

import { waitForEnd } from "../lib/capture/capture_end.ts";
import { LiveCapture } from "../lib/capture/live_capture.ts";
import { loopbackInterface } from "../lib/capture/tools.ts";
import { TestClient } from "./client.ts";
import { ServerProcess } from "./process.ts";
import { freePort } from "./tools.ts";
import { GRADE_EN } from "../lib/grade/texts.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** A hand-in made by {@link record}: its folder, files and the server's port. */
export interface HandIn {
  readonly dir: string;
  readonly capture: string;
  readonly log: string;
  readonly port: number;
}

/** Five sentences a student might write about the session. */
const SENTENCES = [
  "The log shows one [CONNECT] line for each client.",
  "Each client is a separate TCP stream in Wireshark.",
  "A [RECV] line matches a packet from that client's port.",
  "Each [FWD] line matches a packet from the server to another client.",
  "Every connection ends with a FIN from the client.",
];

/**
 * Records a session as a student does: the capture starts, the server starts, `clients` connect
 * and take turns sending `rounds` lines each (waiting for the others to get each one when the
 * server relays), they leave, the capture stops; the server's output is the log.
 */
export async function record(
  server: "tcpchat" | string,
  clients: number,
  rounds: number,
  fn: (handIn: HandIn) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const port = freePort();
  const file = `${dir}/capture.pcapng`;
  const started = await LiveCapture.start({ iface: loopbackInterface(), port, file });
  if (!started.ok) throw new Error(started.problem);
  const capture = started.capture;
  await using process = server === "tcpchat"
    ? ServerProcess.start(["--mode", "broadcast", "--port", String(port)])
    : ServerProcess.start([], {
      program: ["python3", "-u", `${ROOT}tests/fixtures/${server}.py`, String(port)],
    });
  try {
    await process.waitFor(/^\[INFO\] Server ready/);
    const peers: TestClient[] = [];
    for (let i = 0; i < clients; i++) {
      peers.push(await TestClient.connect("127.0.0.1", port));
      await process.waitForTimes("[CONNECT]", i + 1);
    }
    for (let r = 1; r <= rounds; r++) {
      for (const [i, peer] of peers.entries()) {
        const text = `message ${r} from client ${i + 1}`;
        peer.send(text);
        await process.waitForCount(new RegExp(`\\[RECV\\].*${text}`), 1);
        // Each line reaches the others before the next is sent (a relay that never comes is
        // what one of the tests is about: it is waited for briefly).
        await Promise.all(
          peers.filter((p) => p !== peer).map((p) =>
            p.until(new RegExp(text), 500).catch(() => "")
          ),
        );
      }
    }
    for (const peer of peers) peer.close();
    await process.waitForTimes("[DISCONNECT]", clients);
    await waitForEnd(file, port);
    await capture.stop();
    process.child.kill("SIGINT");
    await process.exit();
    const log = `${dir}/server_output.txt`;
    // As the lab asks: the command first, the output, then the student's sentences below the
    // recorder's last line.
    const command = server === "tcpchat" ? "deno task server" : `python3 -u ${server}.py ${port}`;
    await Deno.writeTextFile(
      log,
      [`$ ${command}`, ...process.stdout, GRADE_EN.handin.outputEnd(), ...SENTENCES].join("\n") +
        "\n",
    );
    await fn({ dir, capture: file, log, port });
  } finally {
    // Whatever failed, tshark stops here: a capture left running outlives the test by hours.
    await capture.stop();
    await Deno.remove(dir, { recursive: true });
  }
}
