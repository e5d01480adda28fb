// The grader's clients leave the way the checks say, and only then: a check's clients that are
// done leave with a FIN and go on reading, so a server that has not yet seen them leave can still
// send to them. Closed at once, a client answers such a send with an RST, and a server without
// error handling then loses the thread that sent it, in a check about something else.
import { equal } from "node:assert/strict";
import { systemClock } from "../lib/clock.ts";
import { isProbe } from "../lib/grade/probe.ts";
import { Session } from "../lib/grade/session.ts";

Deno.test("grader session: clients that are done leave with a FIN and still take what the server sends", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const session = new Session({ host: "127.0.0.1", port: listener.addr.port }, systemClock);
  const [probe, accepted] = await Promise.all([session.open("A"), listener.accept()]);
  if (!isProbe(probe)) throw new Error(`no connection: ${probe.detail}`);
  using conn = accepted;
  session.close();
  // The server sees the client's FIN...
  equal(await conn.read(new Uint8Array(16)), null);
  // ...and its next sends, until it has handled that FIN, are taken, not reset.
  const line = new TextEncoder().encode("[127.0.0.1:5000] late line\n");
  for (let i = 0; i < 3; i++) {
    await conn.write(line);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  probe.destroy();
});
