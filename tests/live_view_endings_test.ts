// The live view in a real browser (Debian's chromium): every way a connection ends and what the
// server's operator does, in the page's words. A real server for what a test can make happen on
// loopback (a newline's late LF, the console's say and kick); a feed of events for what needs a
// vanished machine or an exhausted descriptor table (a connection timed out, a refusal at once).
import { deepEqual, equal, match } from "node:assert/strict";
import { TestBrowser } from "../testing/browser.ts";
import { withServer } from "../testing/server.ts";
import { missing } from "../testing/tools.ts";
import { TrafficFeed } from "../testing/traffic_feed.ts";
import { LiveView } from "../lib/server/web/live_view.ts";
import { startWebServer } from "../lib/server/web/web_server.ts";

const ignore = await missing("chromium");

Deno.test({
  name:
    "live view: a newline's late LF is an arrow with Len=1; the operator's say and kick are notes",
  ignore,
}, async () => {
  await withServer(["--web", "0"], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    await page.untilText("#keepalive", "TCP keep-alive after 15 s of silence");
    // carol's Enter as PuTTY sends it in raw mode: CR, and the LF only after the pause.
    const carol = await server.connect();
    await carol.until(/^\? id:/);
    carol.sendRaw("carol\r");
    await carol.until(/^\? menu:/);
    carol.sendRaw("\n");
    await server.log.waitFor(
      /\[RECV\] .* carol 1 bytes: LF \(the rest of the CR newline before\)$/,
    );
    await page.untilCount("#arrows li.recv.partner", 1);
    equal(
      await page.page.locator("#arrows li.recv.partner text").textContent(),
      "newline's 2nd byte Len=1",
    );

    equal(server.operator.say("Time is up"), 1);
    await page.untilCount("#arrows li.note.say", 1);
    const kicked = server.operator.kick({ kind: "id", id: "carol" }, "spamming <b>bob</b>");
    equal(kicked.ok, true);
    await page.untilCount("#arrows li.note.kick-why", 1);
    await page.untilCount("#rows tr.ended.server-fin", 1);
    const notes = await page.texts("#arrows li.note .side");
    equal(notes[0], "the operator writes to every connection (1)");
    match(notes[1], /^#1 127\.0\.0\.1:\d+ carol kicked by the operator: spamming <b>bob<\/b>$/);
    deepEqual(await page.texts("#rows td.ended"), [
      "closed by server (FIN): kicked from the console: spamming <b>bob</b>",
    ]);
    equal(await page.page.locator("body b").count(), 0, "the reason shows as text");
    deepEqual(page.errors, []);
  });
});

Deno.test({
  name: "live view: a timed-out connection, a refusal at once, a connection lost before accept",
  ignore,
}, async () => {
  const live = new LiveView({
    mode: "echo",
    lang: "en",
    webText: "public",
    listen: "127.0.0.1:3333",
    keepaliveSeconds: 0,
    version: "test",
  });
  const web = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live);
  try {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(web.url);
    await page.untilText("#keepalive", "no TCP keep-alive (--keepalive 0)");
    const feed = new TrafficFeed(live);
    feed.now = Date.now();
    const alice = feed.connect();
    const why = "out of file descriptors (room for 1 connections)";
    const late = feed.refuse(why, true);
    feed.disconnect(late, { by: "dropped", why });
    feed.unaccepted();
    feed.disconnect(alice, { by: "peer", cause: "timed-out" });
    await page.untilCount("#rows tr.ended", 2);
    deepEqual(await page.texts("#rows td.ended"), [
      "timed out: its machine stopped answering keep-alive probes or data (RST)",
      "refused, closed at once: out of file descriptors (room for 1 connections)",
    ]);
    deepEqual(await page.texts("#rows tr.timed-out td.conn, #rows tr.refused-at-once td.conn"), [
      "#1",
      "#2",
    ]);
    await page.untilCount("#arrows li.end.timed-out", 1);
    equal(await page.page.locator("#arrows li.end.timed-out text").textContent(), "RST");
    deepEqual(await page.texts("#arrows li.note.unaccepted .side"), [
      "a connection was reset before it could be accepted",
    ]);
    deepEqual(page.errors, []);
  } finally {
    await web.stop();
  }
});
