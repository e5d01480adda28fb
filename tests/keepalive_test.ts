// A vanished client is noticed by the server's own TCP keep-alive, for real: in a network namespace
// of the test's own, a client's machine stops answering (a blackhole route: no FIN, no RST), and
// its ID comes free once the server's probes go unanswered. The namespace shortens only the
// probes' interval and count; the idle time before the first probe stays at the kernel's 7200 s,
// so only the server's `--keepalive` can start them in time (testing/vanishing_peer.ts).
import { equal, match, ok } from "node:assert/strict";
import { missing } from "../testing/tools.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const ignore = await missing("network namespace");

interface Run {
  readonly idleTime: number;
  readonly freedAfterMs: number | null;
  readonly bobSaw: string | null;
  readonly disconnect: string | null;
}

async function vanish(serverArgs: string[]): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command("unshare", {
    args: [
      "-n",
      Deno.execPath(),
      "run",
      "--allow-all",
      "testing/vanishing_peer.ts",
      "--",
      ...serverArgs,
    ],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  equal(code, 0, decoder.decode(stderr));
  return JSON.parse(decoder.decode(stdout));
}

Deno.test({
  name: "keep-alive: a client whose machine vanished is dropped, its ID freed, its partner told",
  ignore,
}, async () => {
  // 2 s of silence, then 3 probes 1 s apart: about 5 s.
  const run = await vanish(["--keepalive", "2"]);
  equal(run.idleTime, 7200, "the namespace keeps the kernel's idle time: the server sets its own");
  ok(run.freedAfterMs !== null, `alice was still taken 30 s after her machine vanished`);
  ok(run.freedAfterMs >= 2_000 && run.freedAfterMs < 15_000, `freed after ${run.freedAfterMs} ms`);
  equal(run.bobSaw, "* chat-ended alice: alice lost the connection (no answer).");
  match(
    run.disconnect ?? "",
    /^\[DISCONNECT\] .* 127\.0\.0\.2:\d+ timed out: its machine stopped answering \(no ACK to keep-alive probes or data\) after /,
  );
});
