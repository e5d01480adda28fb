// The students' own Python clients, which send each message with no newline, against a real
// server in all three modes. They are the clients in tests/clients/, unchanged but for PORT.
import { deepEqual } from "node:assert/strict";
import { PythonClient, type PythonScript } from "../testing/python_client.ts";
import { type TestServer, withServer } from "../testing/server.ts";
import { missing } from "../testing/tools.ts";

const ignore = await missing("python3");

/** Starts a client and waits until the server has accepted it as connection `#conn`. */
async function connect(
  server: TestServer,
  script: PythonScript,
  conn: number,
): Promise<PythonClient> {
  const client = await PythonClient.start(script, server.port);
  await server.log.waitFor(new RegExp(`\\[CONNECT\\] .*#${conn} `));
  return client;
}

/** Runs `fn` on a fresh server with two clients of `script`, connected as #1 and #2. */
async function withTwo(
  args: string[],
  script: PythonScript,
  fn: (server: TestServer, first: PythonClient, second: PythonClient) => Promise<void>,
): Promise<void> {
  await withServer(args, async (server) => {
    const first = await connect(server, script, 1);
    const second = await connect(server, script, 2);
    try {
      await fn(server, first, second);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
}

/** The `[RECV]` line of `text` from connection `#conn`: the server has answered it. */
function received(conn: number, text: string): RegExp {
  return new RegExp(
    `\\[RECV\\] [^#]*#${conn} .*: ${JSON.stringify(text).replace(/[()]/g, "\\$&")}`,
  );
}

Deno.test({ name: "python course client, echo: each message comes back", ignore }, async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const student = await connect(server, "course_client.py", 1);
    try {
      await student.expect(/^Connected to 127\.0\.0\.1 \d+\n/);
      // A first message of one character must not wait forever for a second one.
      await student.type("a");
      await student.expect(/Message: Received: a\n/);
      await student.type("salut, server! ăîș");
      await student.expect(/Message: Received: salut, server! ăîș\n/);
      await server.log.waitFor(
        /\[RECV\] .*#1 .* 1 bytes: "a" \(no-newline client: a 250 ms pause ended it\)/,
      );
    } finally {
      await student.close();
    }
  });
});

Deno.test({ name: "python course client, broadcast: the others get it", ignore }, async () => {
  await withTwo(["--mode", "broadcast"], "course_client.py", async (server, first, second) => {
    const port = async (conn: number) =>
      /127\.0\.0\.1:(\d+)/.exec(await server.log.waitFor(new RegExp(`#${conn} 127`)))![1];
    const [firstPort, secondPort] = [await port(1), await port(2)];
    // The course client waits for one answer per message: in broadcast mode that answer is
    // whatever the others said, so the two students take turns, as in the lab.
    await first.type("hello from the first terminal");
    await server.log.waitFor(received(1, "hello from the first terminal"));
    await second.type("hi from the second");
    await second.expect(
      new RegExp(`Received: \\[127\\.0\\.0\\.1:${firstPort}\\] hello from the first terminal\n`),
    );
    await first.expect(
      new RegExp(`Received: \\[127\\.0\\.0\\.1:${secondPort}\\] hi from the second\n`),
    );
  });
});

Deno.test({
  name: "python course client, chat: a whole session, each answer shown one turn late",
  ignore,
}, async () => {
  await withTwo([], "course_client.py", async (server, alice, bob) => {
    // One recv() per message, and the server greets first: each recv() returns the answer to
    // the user's previous message. Every step below waits until the server has answered.
    const turn = async (user: PythonClient, conn: number, typed: string, sees: RegExp) => {
      await user.type(typed);
      await user.expect(sees);
      await server.log.waitFor(received(conn, typed));
    };
    await turn(alice, 1, "alice", /Received: \* welcome: .*\n\? id: /);
    await turn(bob, 2, "bob", /Received: \* welcome: .*\n\? id: /);
    await turn(alice, 1, "1", /Received: \* hello alice: Hello, alice!\n\? menu: /);
    await turn(alice, 1, "bob", /Received: \? target: .*Free now: bob\./);
    await turn(bob, 2, "y", /Received: \* hello bob: .*\n\? menu: .*\n\? request alice: /);
    await turn(alice, 1, "hi bob", /Received: \* waiting bob: .*\n\* chat bob: /);
    await turn(bob, 2, "salut alice", /Received: \* chat alice: .*\n<alice> hi bob\n/);
    await turn(alice, 1, "exit()", /Received: <bob> salut alice\n/);
    await turn(bob, 2, "3", /Received: \* chat-ended alice: alice ended the chat\.\n\? menu: /);
    await turn(alice, 1, "2", /Received: \* chat-ended bob: You left the chat with bob\./);
    await server.log.waitFor(/\[DISCONNECT\] .*#1 .*closed by server \(FIN\): user chose exit/);
    await turn(bob, 2, "exit()", /Received: \* room: /);
    // Each of the 11 messages was ended by a pause, and the log says so.
    const recv = server.log.lines.filter((l) => l.startsWith("[RECV]"));
    deepEqual(recv.map((l) => /\(no-newline client: a 250 ms pause ended it\)$/.test(l)), [
      ...Array(11).fill(true),
    ]);
  });
});

Deno.test({
  name:
    "python threaded client (as in the course's chat project), chat: requests, y/n, messages, room, exit",
  ignore,
}, async () => {
  await withTwo([], "threaded_client.py", async (_server, alice, bob) => {
    await alice.expect(/\? id: /);
    await alice.type("alice");
    await alice.expect(/\* hello alice: Hello, alice!\n\? menu: /);
    await bob.type("bob");
    await bob.expect(/\* hello bob: Hello, bob!\n\? menu: /);
    await alice.type("1");
    await alice.expect(/\? target: .*Free now: bob\./);
    await alice.type("bob");
    await alice.expect(/\* waiting bob: /);
    await bob.expect(/\? request alice: alice wants to chat with you\. Accept\? \(y\/n\)/);
    await bob.type("n");
    await alice.expect(/\* declined bob: /);
    await alice.type("1");
    await alice.expect(/\? target: /);
    await alice.type("bob");
    await bob.expect(/\? request alice: /);
    await bob.type("y");
    await alice.expect(/\* chat bob: /);
    await bob.expect(/\* chat alice: /);
    await alice.type("hi bob, ce faci?");
    await bob.expect(/<alice> hi bob, ce faci\?\n/);
    await bob.type("bine!");
    await alice.expect(/<bob> bine!\n/);
    await bob.type("exit()");
    await alice.expect(/\* chat-ended bob: bob ended the chat\./);
    await alice.type("3");
    await alice.expect(/\* room: /);
    await bob.type("3");
    await alice.expect(/\* joined bob: /);
    await alice.type("hello room");
    await bob.expect(/#room <alice> hello room\n/);
    await alice.type("exit()");
    await bob.expect(/\* left alice: /);
    await alice.type("2");
    await alice.expect(/\* bye: Goodbye, alice\.\n[\s\S]*Disconnected from server\./);
  });
});
