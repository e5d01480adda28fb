// The live view's HTTP side on loopback: what it serves, to whom, and how a page that stops
// reading is dropped while the others go on.
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { TrafficFeed } from "../testing/traffic_feed.ts";
import { FakeClock } from "../testing/fake_clock.ts";
import { testLiveView } from "../testing/live_view.ts";
import { waitUntil } from "../testing/wait_until.ts";
import { ASSETS } from "../lib/server/web/assets.ts";
import { isLoopback, startWebServer } from "../lib/server/web/web_server.ts";
import { FRAME_MS } from "../lib/server/web/view.ts";

const STATIC = new URL("../lib/server/web/static/", import.meta.url);

const live = testLiveView;

Deno.test("web: every file of the page is served, and none sets markup from text", async () => {
  const files = [...Deno.readDirSync(STATIC)].map((e) => e.name).sort();
  const served = [...ASSETS.keys()].map((p) => p === "/" ? "index.html" : p.slice(1)).sort();
  deepEqual(served, files);
  for (const file of files) {
    const text = await Deno.readTextFile(new URL(file, STATIC));
    // Text reaches the page only through dom.js, as text nodes.
    for (
      const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("]
    ) {
      ok(!text.includes(sink), `${file} uses ${sink}`);
    }
  }
});

Deno.test("web: read-only, loopback only, and every answer forbids inline scripts", async () => {
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live());
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    equal(server.url, `${base}/`);
    const page = await fetch(base + "/");
    equal(page.status, 200);
    match(await page.text(), /<script type="module" src="main.js">/);
    match(page.headers.get("content-security-policy") ?? "", /script-src 'self';/);
    const post = await fetch(base + "/events", { method: "POST", body: "x" });
    equal(post.status, 405);
    await post.body?.cancel();
    // A page of another site reaching 127.0.0.1 through its own name (DNS rebinding) is refused.
    match(await rawGet(server.addr.port, "/", "evil.example:8080"), /^HTTP\/1\.1 421 /);
    match(await rawGet(server.addr.port, "/", `localhost:${server.addr.port}`), /^HTTP\/1\.1 200 /);
    const missing = await fetch(base + "/nothing.js");
    equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.stop();
  }
});

Deno.test("web: with a token, the page and its stream need it; the scripts do not", async () => {
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live(), {
    token: "s3cret-token",
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    equal(server.url, `${base}/?token=s3cret-token`);
    for (
      const [path, status] of [
        ["/", 403],
        ["/?token=wrong-token!", 403],
        ["/events", 403],
        ["/?token=s3cret-token", 200],
        ["/main.js", 200],
      ] as const
    ) {
      const response = await fetch(base + path);
      equal(response.status, status, path);
      await response.body?.cancel();
    }
  } finally {
    await server.stop();
  }
});

Deno.test("web: loopback is 127.0.0.0/8, ::1 and localhost; a token guards anything else", async () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) ok(isLoopback(host));
  for (const host of ["0.0.0.0", "::", "192.168.1.23", "localhost.evil.example"]) {
    ok(!isLoopback(host), host);
  }
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live());
  equal(server.token, undefined);
  return server.stop();
});

/** The status line of a GET sent by hand, with the `Host` header a browser would send. */
async function rawGet(port: number, path: string, host: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ),
    );
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer);
    return new TextDecoder().decode(buffer.subarray(0, n ?? 0)).split("\r\n")[0];
  } finally {
    conn.close();
  }
}

/** Reads an SSE stream's messages as `event name` strings, until `count` arrived. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number): Promise<string[]> {
  const names: string[] = [];
  let text = "";
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    for (const m of text.matchAll(/^event: (\w+)$/gm)) names.push(m[1]);
    text = text.slice(text.lastIndexOf("\n\n") + 2);
    if (names.length >= count) break;
  }
  return names;
}

Deno.test("web: a page gets a hello, then a frame when something happens", async () => {
  const view = live();
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, view);
  try {
    const events = await fetch(`http://127.0.0.1:${server.addr.port}/events`);
    match(events.headers.get("content-type") ?? "", /^text\/event-stream/);
    new TrafficFeed(view).connect();
    deepEqual(await readEvents(events.body!, 2), ["hello", "frame"]);
  } finally {
    await server.stop();
  }
});

Deno.test("web: too many pages: the next is told so", async () => {
  const view = live({ maxViewers: 2 });
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, view);
  try {
    const url = `http://127.0.0.1:${server.addr.port}/events`;
    const open = [await fetch(url), await fetch(url)];
    const third = await fetch(url);
    equal(third.status, 503);
    await third.body?.cancel();
    equal(view.viewers, 2);
    for (const r of open) await r.body?.cancel();
  } finally {
    await server.stop();
  }
});

Deno.test("web: a page that stops reading is dropped; one that reads is not", async () => {
  const clock = new FakeClock();
  const dropped: string[] = [];
  const view = live({ maxQueueBytes: 256 * 1024, onDropped: (peer) => dropped.push(peer) }, clock);
  const server = await startWebServer({ hostname: "127.0.0.1", port: 0 }, view);
  const stalled = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  try {
    // A browser that asks for the stream, then reads nothing more.
    await stalled.write(new TextEncoder().encode(
      `GET /events HTTP/1.1\r\nHost: 127.0.0.1:${server.addr.port}\r\n\r\n`,
    ));
    const reading = await fetch(`http://127.0.0.1:${server.addr.port}/events`);
    let received = 0;
    const body = reading.body!.getReader();
    const reader = (async () => {
      for (let r = await body.read(); !r.done; r = await body.read()) received += r.value.length;
    })();
    await waitUntil(() => view.viewers === 2 || undefined, {
      what: "two pages open",
      seen: () => `${view.viewers} open`,
    });
    const feed = new TrafficFeed(view);
    const alice = feed.connect();
    // Frames of long lines, until the stalled page's kernel buffers and queue are full.
    for (let frame = 0; frame < 400 && dropped.length === 0; frame++) {
      for (let i = 0; i < 50; i++) feed.recv(alice, `${frame} ${i} ${"x".repeat(290)}`);
      await clock.tick(FRAME_MS);
      // Real time for the sockets: the runtime writes what it can, the kernel buffers fill.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    equal(dropped.length, 1, "the stalled page was dropped");
    // Its connection is gone too (reset), not left holding megabytes in the kernel's buffers.
    equal(await closedWithin(stalled, 10_000), true, "the dropped page's connection was closed");
    equal(view.viewers, 1, "the reading page is still open");
    ok(received > 1024 * 1024, `the reading page got ${received} bytes`);
    await body.cancel();
    await reader;
  } finally {
    stalled.close();
    await server.stop();
  }
});

/** Whether `conn` is closed by the server (EOF or reset) within `ms`, reading what arrives. */
async function closedWithin(conn: Deno.Conn, ms: number): Promise<boolean> {
  const buffer = new Uint8Array(64 * 1024);
  const reading = (async () => {
    try {
      while (await conn.read(buffer) !== null) { /* what was queued before the close */ }
    } catch {
      // Reset.
    }
    return true;
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), ms));
  const closed = await Promise.race([reading, late]);
  clearTimeout(timer);
  return closed;
}
