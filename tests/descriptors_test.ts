// The file-descriptor limit, for real (`prlimit`): a server whose limit leaves room for fewer
// clients than --max-clients says so when it starts, and every newcomer gets either the welcome
// or `! full` and a close; nobody is left connected to silence, however many arrive at once.
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { ServerProcess } from "../testing/process.ts";
import { missing } from "../testing/tools.ts";

const noPrlimit = await missing("prlimit");

/** What a newcomer heard first, and how its connection then ended if it was refused. */
async function firstWords(client: TestClient): Promise<string> {
  const line = await client.line(15_000);
  if (line.startsWith("! full: ")) return `full, then ${await client.ended(5_000)}`;
  return line.split(":")[0];
}

Deno.test({
  name: "descriptors: past the limit every newcomer gets the welcome or ! full, then a close",
  ignore: noPrlimit,
}, async () => {
  // The default --max-clients (1000) is far above what 64 descriptors allow.
  await using server = ServerProcess.start(["--port", "0", "--mode", "chat"], {
    wrap: ["prlimit", "--nofile=64:64"],
  });
  const port = await server.port();
  const warning = await server.waitFor(/^\[WARN\] the file-descriptor limit leaves room for/);
  const capacity = Number(/room for (\d+) clients/.exec(warning)?.[1]);
  ok(capacity > 10 && capacity < 64, warning);
  match(warning, /not --max-clients 1000: newcomers past \d+ get "! full"/);

  const first = await TestClient.connect("127.0.0.1", port);
  await first.until(/^\? id:/);
  first.send("ana");
  await first.until(/^\? menu:/);

  // A class arriving at once: the runtime accepts them in one go, past the limit.
  const crowd = await Promise.all(
    Array.from({ length: 80 }, () => TestClient.connect("127.0.0.1", port)),
  );
  const heard = await Promise.all(crowd.map(firstWords));
  const welcomed = heard.filter((h) => h === "* welcome").length;
  equal(welcomed, capacity - 1, heard.join(", "));
  deepEqual(
    heard.filter((h) => h !== "* welcome"),
    Array(80 - welcomed).fill("full, then fin"),
  );

  // Those already in are served all along.
  first.send("4");
  match(await first.until(/^\* who:/), /users? online/);
  // Once clients leave, newcomers get in again.
  for (const c of crowd) c.close();
  await server.waitForCount(/^\[DISCONNECT\] /, 80, 15_000);
  const late = await TestClient.connect("127.0.0.1", port);
  match(await late.line(10_000), /^\* welcome: /);
  for (const c of [first, late]) c.close();
  await Promise.all([first.closed, late.closed]);
  server.child.kill("SIGTERM");
  equal(await server.exit(), 0);
  equal(server.stdout.filter((l) => l.startsWith("[ERROR]")).join("\n"), "");
});

Deno.test({
  name: "descriptors: a limit with room for --max-clients is not mentioned",
  ignore: noPrlimit,
}, async () => {
  await using server = ServerProcess.start(["--port", "0", "--max-clients", "20"], {
    wrap: ["prlimit", "--nofile=64:64"],
  });
  await server.waitFor(/^\[INFO\] mode chat, up to 20 clients/);
  server.child.kill("SIGTERM");
  equal(await server.exit(), 0);
  equal(server.stdout.filter((l) => l.includes("file-descriptor limit")).join("\n"), "");
});
