/**
 * Test support: a live view (`lib/server/web/live_view.ts`) with the options a test does not care
 * about filled in, for a web server or a feed of events.
 *
 * @module
 */

import type { Clock } from "../lib/clock.ts";
import { LiveView, type LiveViewOptions } from "../lib/server/web/live_view.ts";

/** A live view of a chat server in broadcast mode, in English, unless `options` say otherwise. */
export function testLiveView(options: Partial<LiveViewOptions> = {}, clock?: Clock): LiveView {
  return new LiveView({
    mode: "broadcast",
    lang: "en",
    webText: "public",
    listen: "127.0.0.1:3333",
    keepaliveSeconds: 15,
    version: "test",
    ...options,
  }, clock);
}
