// The live view's layout in a real browser: a burst of short connections (up to 200 ended rows
// stay greyed for a minute) scrolls inside the table's own box, and the sequence diagram stays on
// screen.
import { equal, ok } from "node:assert/strict";
import { TestBrowser } from "../testing/browser.ts";
import { testLiveView } from "../testing/live_view.ts";
import { missing } from "../testing/tools.ts";
import { TrafficFeed } from "../testing/traffic_feed.ts";
import { startWebServer } from "../lib/server/web/web_server.ts";

const ignore = await missing("chromium");

Deno.test({
  name: "live view: 200 ended rows scroll in the table's box; the diagram stays on screen",
  ignore,
}, async () => {
  const live = testLiveView({ mode: "chat" });
  const web = await startWebServer({ hostname: "127.0.0.1", port: 0 }, live);
  try {
    await using browser = await TestBrowser.launch();
    const height = 800;
    const page = await browser.open(web.url, { width: 1280, height });
    const feed = new TrafficFeed(live);
    feed.now = Date.now();
    for (let i = 0; i < 200; i++) feed.disconnect(feed.connect(), { by: "peer", cause: "closed" });
    await page.untilCount("#rows tr", 200);
    const diagram = await page.page.locator("#diagram").boundingBox();
    ok(diagram !== null);
    ok(diagram.y + 100 < height, `the diagram starts at ${diagram.y} px, below the screen`);
    const table = await page.page.locator("#table-box").boundingBox();
    ok(table !== null);
    ok(table.height <= height * 0.35, `the table's box is ${table.height} px high`);
    // The rows are all there, in the box that scrolls.
    equal(
      await page.page.locator("#table-box").evaluate((box) => box.scrollHeight > box.clientHeight),
      true,
    );
  } finally {
    await web.stop();
  }
});
