/**
 * Test support: a peer that ends its connection with an RST, like a killed client.
 *
 * Deno's `close()` never resets, so the peer is a few lines of Python: it forwards what the test
 * types, never reads, and on `reset()` sets SO_LINGER to zero and closes, which makes the kernel
 * send an RST instead of a FIN.
 *
 * @module
 */

const SCRIPT = `
import socket, struct, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
print(s.getsockname()[1], flush=True)
while True:
    data = sys.stdin.buffer.read1(4096)
    if not data:
        break
    s.sendall(data)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
`;

const encoder = new TextEncoder();

/** A connected peer that can only type and reset. */
export class ResetPeer {
  readonly localPort: number;
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;

  readonly #stdoutDone: Promise<void>;

  private constructor(child: Deno.ChildProcess, localPort: number, stdoutDone: Promise<void>) {
    this.#child = child;
    this.localPort = localPort;
    this.#stdin = child.stdin.getWriter();
    this.#stdoutDone = stdoutDone;
  }

  static async connect(hostname: string, port: number): Promise<ResetPeer> {
    const child = new Deno.Command("python3", {
      args: ["-c", SCRIPT, hostname, String(port)],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    // Read up to the end of the port line, then keep the pipe open until the peer exits:
    // closing it early could make python's own flush of that line fail with a broken pipe.
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let head = "";
    while (!head.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      head += value;
    }
    const stdoutDone = (async () => {
      while (!(await reader.read()).done) { /* nothing else is printed */ }
    })();
    const localPort = Number(head.trim());
    if (!Number.isInteger(localPort) || localPort <= 0) {
      await child.status;
      await stdoutDone;
      throw new Error(`the python3 peer could not connect to ${hostname}:${port}`);
    }
    return new ResetPeer(child, localPort, stdoutDone);
  }

  /** Sends `text` and a LF. */
  async type(text: string): Promise<void> {
    await this.#stdin.write(encoder.encode(text + "\n"));
  }

  /** Sends `text` exactly, without a LF. */
  async typeRaw(text: string): Promise<void> {
    await this.#stdin.write(encoder.encode(text));
  }

  /** Resets the connection and waits for the peer process to end. */
  async reset(): Promise<void> {
    await this.#stdin.close();
    await this.#child.status;
    await this.#stdoutDone;
  }
}
