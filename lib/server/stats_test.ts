import { equal } from "node:assert/strict";
import { ServerStats } from "./stats.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("stats: a quiet server's summary", () => {
  equal(
    new ServerStats().summary(0),
    "uptime 0.0 s, 0 clients served, 0 lines received, 0 relayed, 0 sent",
  );
});

test("stats: relays count once each and once per recipient reached; refusals only when any", () => {
  const stats = new ServerStats();
  stats.clientServed();
  stats.clientServed();
  for (let i = 0; i < 3; i++) stats.lineReceived();
  stats.lineRefused();
  stats.lineRelayed(2);
  stats.lineRelayed(0);
  stats.linesSent(3);
  equal(
    stats.summary(61_250),
    "uptime 61.3 s, 2 clients served, 3 lines received, 2 relayed, 5 sent, " +
      "1 refused by flood control",
  );
});
