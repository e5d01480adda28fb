// Model-based tests against a real server: random sessions of up to 5 users over real sockets.
// The pure chat machine predicts every line each client must receive; the real server, with its
// framing, queues, writes and disconnect handling, must deliver exactly those lines, in order.
import fc from "../testing/fast_check.ts";
import { deepEqual } from "node:assert/strict";
import { createChatMachine } from "../lib/core/chat.ts";
import { inputsFor, type SessionAction, sessionActions } from "../testing/chat_sessions.ts";
import type { ConnId, Event } from "../lib/core/machine.ts";
import type { TestClient } from "../testing/client.ts";
import { Inboxes } from "../testing/effects.ts";
import { withServer } from "../testing/server.ts";

const USERS = 5;
const action: fc.Arbitrary<SessionAction> = fc.oneof(...sessionActions(USERS));

/** What each connection must have received, according to the pure machine. */
class Prediction {
  readonly machine = createChatMachine({ requestTimeoutSeconds: 3600, loginTimeoutSeconds: 3600 });
  state = this.machine.initial;
  readonly expected = new Inboxes();

  /** Steps the machine; returns the connections it closes. */
  apply(event: Event): ConnId[] {
    const { state, effects } = this.machine.step(this.state, event);
    this.state = state;
    // Timers (logins, requests) are an hour long here: none runs out during a session.
    return this.expected.apply(effects);
  }
}

async function playAgainstServer(actions: readonly SessionAction[]): Promise<void> {
  const args = ["--flood-rate", "0", "--request-timeout", "3600", "--login-timeout", "3600"];
  await withServer(args, async (server) => {
    const model = new Prediction();
    const bySlot = new Map<number, { conn: ConnId; client: TestClient }>();
    const everyone = new Map<ConnId, TestClient>();
    let nextConn = 1;
    // The server handles lines from different sockets in the order they arrive, which need not
    // be the order they were sent; its log says which it was, so the model follows the log.
    const received = new Map<ConnId, number>();
    const handled = async (conn: ConnId) => {
      received.set(conn, (received.get(conn) ?? 0) + 1);
      await server.log.waitForCount(new RegExp(`^\\[RECV\\] \\S+ #${conn} `), received.get(conn)!);
    };

    /** Waits until every connection has received what the model predicts so far, then compares. */
    const settle = async () => {
      for (const [conn, client] of everyone) {
        const want = model.expected.received(conn);
        // Too few in time: the comparison below shows which lines are missing.
        await client.receivedCount(want.length, 5000).catch(() => {});
        deepEqual(client.received, want, `lines received by connection #${conn}`);
      }
    };

    for (const a of actions) {
      const entry = bySlot.get(a.slot);
      if (a.kind === "connect") {
        if (entry) continue;
        const client = await server.connect();
        const conn = nextConn++;
        bySlot.set(a.slot, { conn, client });
        everyone.set(conn, client);
        await server.log.waitFor(new RegExp(`^\\[CONNECT\\] \\S+ New client #${conn} `));
        model.apply({ type: "connect", conn, peer: `127.0.0.1:${client.localPort}` });
      } else if (!entry) {
        continue;
      } else if (a.kind === "leave") {
        bySlot.delete(a.slot);
        entry.client.close();
        await server.log.waitFor(new RegExp(`\\[DISCONNECT\\] \\S+ #${entry.conn} `));
        model.apply({ type: "disconnect", conn: entry.conn, cause: "closed" });
      } else {
        const options = inputsFor(model.state, entry.conn);
        const text = options[a.choice % options.length];
        entry.client.send(text);
        await handled(entry.conn);
        for (const conn of model.apply({ type: "line", conn: entry.conn, text })) {
          for (const [s, e] of bySlot) if (e.conn === conn) bySlot.delete(s);
        }
      }
      await settle();
    }
  });
}

Deno.test("model vs real server: random sessions of up to 5 users get exactly the predicted lines", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(action, { minLength: 20, maxLength: 100, size: "max" }),
      playAgainstServer,
    ),
    // Each run is a real session; shrinking would replay dozens of them, each waiting out its
    // deadlines, so the first counterexample found is reported as it is.
    { numRuns: 40, endOnFailure: true },
  );
});
