import { deepEqual, equal } from "node:assert/strict";
import { assertComplete, assertRomanian } from "../../testing/catalogue.ts";
import { CLIENT_EN, CLIENT_TEXTS, type ClientTexts, ending, exitCode } from "./texts.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** Every sentence of a client catalogue; a key missing here or in a language fails the check. */
function exercise(t: ClientTexts): { readonly [K in keyof ClientTexts]: readonly string[] } {
  const remote = "127.0.0.1:3333";
  return {
    connected: [t.connected("127.0.0.1:53278", remote)],
    serverClosed: [t.serverClosed(remote)],
    clientClosed: [t.clientClosed(remote)],
    stalled: [t.stalled(remote)],
    reset: [t.reset(remote)],
    broken: [t.broken(remote, "Network is unreachable")],
    refused: [t.refused("127.0.0.1", 3333)],
    unknownHost: [t.unknownHost("no-such-host.invalid")],
    timedOut: [t.timedOut("10.0.0.5", 3333, 10)],
    cannotConnect: [t.cannotConnect("10.0.0.5", 3333, "No route to host")],
    noPermission: [t.noPermission()],
    unexpected: [t.unexpected("boom")],
    receivedTooLong: [t.receivedTooLong(1), t.receivedTooLong(65536)],
    notSentYet: [t.notSentYet()],
    outputGone: [t.outputGone()],
    outputFailed: [t.outputFailed("No space left on device (os error 28)")],
    inputFailed: [t.inputFailed("Input/output error (os error 5)")],
    suspendUnderRunner: [t.suspendUnderRunner("deno task"), t.suspendUnderRunner("make")],
    suspendUnsupported: [t.suspendUnsupported()],
    prompt: [
      t.prompt.naming(),
      t.prompt.menu(),
      t.prompt.choosing(),
      t.prompt.requesting("bob"),
      t.prompt.answering("carol"),
      t.prompt.private("bob"),
      t.prompt.room(),
    ],
  };
}

test("client texts: every language has exactly English's keys, each a non-empty one-line sentence", () => {
  assertComplete(CLIENT_TEXTS, exercise);
});

test("client texts: Romanian is really translated, with comma-below ș ț and counts as Romanian writes them", () => {
  assertRomanian(exercise(CLIENT_EN), exercise(CLIENT_TEXTS.ro));
  equal(
    CLIENT_TEXTS.ro.receivedTooLong(65536),
    "(a sosit o linie de peste 65536 de octeți; a fost ignorată)",
  );
  equal(
    CLIENT_TEXTS.ro.receivedTooLong(16),
    "(a sosit o linie de peste 16 octeți; a fost ignorată)",
  );
});

test("client texts: a clean close exits 0 and says who closed first; a lost connection exits 1", () => {
  const remote = "127.0.0.1:3333";
  const en = CLIENT_TEXTS.en;
  deepEqual(ending({ by: "server" }, remote, en), {
    line: "the server closed the connection (127.0.0.1:3333 sent FIN)",
    code: 0,
  });
  deepEqual(ending({ by: "client" }, remote, en), {
    line: "connection to 127.0.0.1:3333 closed (FIN both ways)",
    code: 0,
  });
  const reset = { by: "lost", reason: "reset", detail: "Connection reset by peer" } as const;
  deepEqual(ending(reset, remote, en), {
    line: "connection lost: 127.0.0.1:3333 reset it (RST)",
    code: 1,
  });
  deepEqual(ending({ by: "lost", reason: "error", detail: "Network is unreachable" }, remote, en), {
    line: "connection to 127.0.0.1:3333 lost: Network is unreachable",
    code: 1,
  });
  deepEqual(ending({ by: "stalled" }, remote, en), {
    line: "connection to 127.0.0.1:3333 closed: the server stopped reading; lines not sent",
    code: 1,
  });
  deepEqual(ending(reset, remote, CLIENT_TEXTS.ro), {
    line: "conexiune pierdută: 127.0.0.1:3333 a resetat-o (RST)",
    code: 1,
  });
});

test("client texts: the exit code says how the session ended, a signal first, as a shell would", () => {
  const clean = { by: "client" } as const;
  const lost = { by: "lost", reason: "reset", detail: "Connection reset by peer" } as const;
  const output = (why: "reader-gone" | "failed") => ({
    stream: "output" as const,
    why,
    detail: "",
  });
  equal(exitCode({ connection: clean, problem: null }, null), 0);
  equal(exitCode({ connection: lost, problem: null }, null), 1);
  // `| head -n 1` took what it wanted: a clean end. A full disk or a dead terminal is not.
  equal(exitCode({ connection: clean, problem: output("reader-gone") }, null), 0);
  equal(exitCode({ connection: lost, problem: output("reader-gone") }, null), 1);
  equal(exitCode({ connection: clean, problem: output("failed") }, null), 1);
  const input = { stream: "input", why: "failed", detail: "" } as const;
  equal(exitCode({ connection: clean, problem: input }, null), 1);
  equal(exitCode({ connection: clean, problem: null }, "SIGHUP"), 129);
  equal(exitCode({ connection: clean, problem: null }, "SIGINT"), 130);
  equal(exitCode({ connection: clean, problem: null }, "SIGQUIT"), 131);
  equal(exitCode({ connection: lost, problem: output("failed") }, "SIGTERM"), 143);
});

test("client texts: an IPv6 address is written in brackets next to its port, as the lab writes it", () => {
  equal(
    CLIENT_EN.refused("::1", 3333),
    "connection refused by ::1 port 3333: is the server running on [::1]:3333?",
  );
  equal(CLIENT_TEXTS.ro.refused("::1", 3333).endsWith("rulează serverul pe [::1]:3333?"), true);
});
