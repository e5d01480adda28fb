// Hostile connections to the live view: half-sent requests (slowloris), more connections than
// its budget, a flood under a small descriptor limit. The live view stays bounded and keeps
// answering, and the chat never feels it.
import { deepEqual, equal, match } from "node:assert/strict";
import { FakeClock } from "../testing/fake_clock.ts";
import { testLiveView } from "../testing/live_view.ts";
import { TestClient } from "../testing/client.ts";
import { ServerProcess } from "../testing/process.ts";
import { missing } from "../testing/tools.ts";
import { HEAD_TIMEOUT_MS, MAX_HEAD_BYTES } from "../lib/server/web/http_connection.ts";
import { startWebServer } from "../lib/server/web/web_server.ts";

const noPrlimit = await missing("prlimit");
const encoder = new TextEncoder();

const live = () => testLiveView();

/** Everything the server sends `conn` until it closes it: "" when it closed at once. */
async function untilClosed(conn: Deno.Conn): Promise<string> {
  let text = "";
  const buffer = new Uint8Array(4096);
  try {
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
  } catch {
    // Reset: closed just the same.
  }
  return text;
}

async function connect(port: number, head = ""): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  if (head !== "") await conn.write(encoder.encode(head));
  return conn;
}

/** The status line of a GET of the page, or "" when the connection was refused or reset. */
async function getPage(port: number): Promise<string> {
  try {
    const page = await connect(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const answer = await untilClosed(page);
    page.close();
    return answer.split("\r\n")[0];
  } catch {
    return "";
  }
}

/** Asks for the page until it is served (after a flood's sockets are gone), for at most 5 s. */
async function pageServed(port: number): Promise<string> {
  let status = "";
  for (let i = 0; i < 100 && status !== "HTTP/1.1 200 OK"; i++) {
    status = await getPage(port);
    if (status !== "HTTP/1.1 200 OK") await new Promise((r) => setTimeout(r, 50));
  }
  return status;
}

Deno.test("web: a half-sent request is closed after HEAD_TIMEOUT_MS; a whole one is answered", async () => {
  const clock = new FakeClock();
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live(), { clock });
  const port = server.addr.port;
  const slow = await connect(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  try {
    const ended = untilClosed(slow);
    // Real time for the head to arrive, then the clock moves on past the timeout.
    const whole = await connect(port, `GET /main.js HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    match(await untilClosed(whole), /^HTTP\/1\.1 200 OK\r\n/);
    whole.close();
    await clock.tick(HEAD_TIMEOUT_MS);
    equal(await ended, "");
  } finally {
    slow.close();
    await server.stop();
  }
});

Deno.test("web: a peer that takes its answer but never closes holds its place only HEAD_TIMEOUT_MS", async () => {
  const clock = new FakeClock();
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live(), {
    clock,
    maxConnections: 1,
  });
  const port = server.addr.port;
  // It asks for a file, then neither reads the answer nor closes.
  const idle = await connect(port, `GET /main.js HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  try {
    equal(await getPage(port), "", "its place is taken");
    await clock.tick(HEAD_TIMEOUT_MS);
    equal(await pageServed(port), "HTTP/1.1 200 OK");
  } finally {
    idle.close();
    await server.stop();
  }
});

Deno.test("web: a bad request head is refused: no Host, two, too long, not HTTP", async () => {
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live());
  const port = server.addr.port;
  try {
    for (
      const [head, status] of [
        ["GET / HTTP/1.1\r\n\r\n", 400],
        ["GET / HTTP/1.0\r\n\r\n", 400],
        ["GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.2\r\n\r\n", 400],
        ["GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + "a".repeat(MAX_HEAD_BYTES) + "\r\n\r\n", 431],
        ["hello\r\n\r\n", 400],
      ] as const
    ) {
      const conn = await connect(port, head);
      const answer = await untilClosed(conn);
      conn.close();
      match(answer, new RegExp(`^HTTP/1\\.1 ${status} `), head.slice(0, 40));
    }
  } finally {
    await server.stop();
  }
});

Deno.test("web: connections past the budget are closed at once; the others are served", async () => {
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live(), {
    maxConnections: 3,
  });
  const port = server.addr.port;
  const held = await Promise.all([1, 2, 3].map(() => connect(port, "GET / HTTP/1.1\r\n")));
  try {
    // Let the server accept the three before the fourth arrives.
    await new Promise((resolve) => setTimeout(resolve, 100));
    equal(await getPage(port), "", "the fourth is closed unanswered");
    // Once they go, a page is served again.
    for (const conn of held) conn.close();
    equal(await pageServed(port), "HTTP/1.1 200 OK");
  } finally {
    for (const conn of held) {
      try {
        conn.close();
      } catch {
        // Already closed.
      }
    }
    await server.stop();
  }
});

Deno.test({
  name: "web: a flood of half-sent requests under a small descriptor limit: the chat is unharmed",
  ignore: noPrlimit,
}, async () => {
  await using server = ServerProcess.start(
    ["--port", "0", "--mode", "chat", "--max-clients", "20", "--web", "0"],
    { wrap: ["prlimit", "--nofile=96:96"] },
  );
  const port = await server.port();
  const web = Number(/:(\d+)\/$/.exec(await server.waitFor(/live view: open http:/))?.[1]);
  const flood = await Promise.all(
    Array.from({ length: 300 }, () => connect(web, "GET / HTTP/1.1\r\n").catch(() => undefined)),
  );
  try {
    // Chat newcomers are welcomed while the flood holds everything the live view may hold.
    const clients = await Promise.all(
      Array.from({ length: 5 }, () => TestClient.connect("127.0.0.1", port)),
    );
    deepEqual(
      await Promise.all(clients.map(async (c) => (await c.line(10_000)).split(":")[0])),
      Array(5).fill("* welcome"),
    );
    for (const c of clients) c.close();
    for (const conn of flood) conn?.close();
    // The live view accepts again once the flood is gone.
    equal(await pageServed(web), "HTTP/1.1 200 OK");
  } finally {
    for (const conn of flood) {
      try {
        conn?.close();
      } catch {
        // Already closed.
      }
    }
  }
  server.child.kill("SIGTERM");
  equal(await server.exit(), 0);
  equal(server.stdout.filter((l) => l.startsWith("[ERROR]")).join("\n"), "");
});
