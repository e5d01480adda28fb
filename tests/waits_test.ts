// The waiters over real programs and sockets (testing/wait_until.ts is the one they share): when
// what they wait for can no longer come, they fail at once and say why, not at the deadline.
import { equal, match, rejects } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { ClientProcess } from "../testing/client_process.ts";
import { ServerProcess } from "../testing/process.ts";

Deno.test("waits: a program's output that ends without the awaited line fails the wait at once", async () => {
  await using server = ServerProcess.start([], {
    program: ["sh", "-c", "echo '[START] nowhere'; echo 'port in use' >&2; exit 1"],
  });
  const started = Date.now();
  await rejects(server.waitFor(/^\[INFO\] Server ready/), (error: Error) => {
    match(error.message, /^the program's output ended before output matching \/\^\\\[INFO\\\]/);
    match(error.message, /stdout:\n\[START\] nowhere\nstderr:\nport in use$/);
    return true;
  });
  equal(await server.exit(), 1);
  const client = ClientProcess.spawn("sh", ["-c", "echo '? menu: 1) private chat'"]);
  await rejects(client.until(/^\? id:/), /output ended before a line matching/);
  equal(await client.exit(), 0);
  equal(Date.now() - started < 5_000, true, "the waits did not sit out their deadline");
});

Deno.test("waits: a line awaited on a connection the server closed fails at once, saying so", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const client = await TestClient.connect("127.0.0.1", listener.addr.port);
  const conn = await listener.accept();
  await conn.write(new TextEncoder().encode("* bye: Goodbye.\n"));
  conn.close();
  equal(await client.line(), "* bye: Goodbye.");
  await rejects(
    client.until(/^\? id:/),
    /^Error: connection ended \(fin\) while waiting for a line/,
  );
  listener.close();
  client.close();
});
