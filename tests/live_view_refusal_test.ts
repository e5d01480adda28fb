// A page the live view refuses says why, in the server's language, and what to do: a full view
// (every place, or every place of its address, taken) and a link whose token is no longer valid
// (the server restarted with a new one), in a real browser.
import { deepEqual, equal } from "node:assert/strict";
import { TestBrowser } from "../testing/browser.ts";
import { testLiveView } from "../testing/live_view.ts";
import { missing } from "../testing/tools.ts";
import { PAGE_TEXTS } from "../lib/server/web/page_texts.ts";
import type { RefusalKind } from "../lib/server/web/refusal_log.ts";
import { startWebServer } from "../lib/server/web/web_server.ts";

const ignore = await missing("chromium");

function live(lang: "en" | "ro", limits: { maxViewers?: number; maxViewersPerAddress?: number }) {
  // The per-address limit, here on loopback, which it spares by default.
  return testLiveView({ mode: "chat", lang, limitsAddress: () => true, ...limits });
}

Deno.test({
  name: "live view: a page refused for want of a place says so, then connects once one is free",
  ignore,
}, async () => {
  for (const limits of [{ maxViewers: 1 }, { maxViewersPerAddress: 1 }]) {
    const refusals: RefusalKind[] = [];
    const server = await startWebServer(
      { hostname: "127.0.0.1", port: 0 },
      live("ro", limits),
      { onRefused: (kind) => refusals.push(kind) },
    );
    try {
      await using browser = await TestBrowser.launch();
      const first = await browser.open(server.url);
      await first.untilText("#status", PAGE_TEXTS.ro["status.live"]);
      const second = await browser.open(server.url);
      const why = "maxViewers" in limits ? "refused.full" : "refused.address";
      await second.untilText("#status", PAGE_TEXTS.ro[why]);
      await first.page.close();
      // The first time it connects it is live, not "reconnected".
      await second.untilText("#status", PAGE_TEXTS.ro["status.live"]);
      equal(refusals[0], why.slice("refused.".length));
    } finally {
      await server.stop();
    }
  }
});

Deno.test({
  name: "live view: after a restart with a new token, the page says to open the new link",
  ignore,
}, async () => {
  const address = { hostname: "127.0.0.1", port: 0 };
  const before = await startWebServer(address, live("en", {}), { token: "before-restart" });
  const port = before.addr.port;
  await using browser = await TestBrowser.launch();
  const page = await browser.open(before.url);
  await page.untilText("#status", PAGE_TEXTS.en["status.live"]);
  await before.stop();
  const refusals: RefusalKind[] = [];
  const after = await startWebServer({ ...address, port }, live("en", {}), {
    token: "after-restart",
    onRefused: (kind) => refusals.push(kind),
  });
  try {
    await page.untilText("#status", PAGE_TEXTS.en["refused.token"]);
    deepEqual([...new Set(refusals)], ["token"]);
  } finally {
    await after.stop();
  }
});
