// The live view in a real browser (Debian's chromium) against a real server with real clients:
// what a teacher sees when students connect with nc, chat, and leave.
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { type InPage, TestBrowser, type TestPage } from "../testing/browser.ts";
import { startPrivateChat } from "../testing/private_chat.ts";
import { ResetPeer } from "../lib/net/reset_peer.ts";
import { type TestServer, withServer } from "../testing/server.ts";
import { missing } from "../testing/tools.ts";

const ignore = await missing("chromium", "nc", "python3");

/** `nc 127.0.0.1 PORT` with its input kept open, as a student leaves it in a terminal. */
class Netcat implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #input: WritableStreamDefaultWriter<Uint8Array>;

  constructor(port: number) {
    this.#child = new Deno.Command("nc", {
      args: ["127.0.0.1", String(port)],
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    this.#input = this.#child.stdin.getWriter();
  }

  type(line: string): Promise<void> {
    return this.#input.write(new TextEncoder().encode(line + "\n"));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // Ended already.
    }
    await this.#child.status;
    await this.#input.close().catch(() => {});
  }
}

/** The peers of the server's `[CONNECT]` lines, in order. */
async function connectedPeers(server: TestServer, count: number): Promise<string[]> {
  await server.log.waitFor(new RegExp(`\\[CONNECT\\] .*New client #${count} `));
  server.flushLog();
  return server.log.lines.flatMap((l) => /New client #\d+ (\S+)/.exec(l)?.[1] ?? []);
}

/** The side texts of the diagram's arrows, in order. */
function sideTexts(page: TestPage): Promise<string[]> {
  return page.texts("#arrows li .side");
}

Deno.test({
  name: "live view: three nc clients are three rows with their ports and Wireshark filters",
  ignore,
}, async () => {
  await withServer(["--mode", "broadcast", "--web", "0"], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    await using _a = new Netcat(server.port);
    await using _b = new Netcat(server.port);
    await using _c = new Netcat(server.port);
    const peers = await connectedPeers(server, 3);
    await page.untilCount("#rows tr.open", 3);
    deepEqual(await page.texts("#rows td.peer"), peers);
    deepEqual(await page.texts("#rows td.conn"), ["#1", "#2", "#3"]);
    deepEqual(await page.texts("#rows td.filter code"), [0, 1, 2].map((n) => `tcp.stream eq ${n}`));
    // One click copies the filter.
    await page.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.page.locator("#rows tr:nth-child(2) button.copy").click();
    const clipboard = () => (globalThis as unknown as InPage).navigator.clipboard.readText();
    equal(await page.page.evaluate(clipboard), "tcp.stream eq 1");
    deepEqual(page.errors, []);
  });
});

Deno.test({
  name: "live view: a broadcast line is an arrow in and arrows out, with Wireshark's Len=",
  ignore,
}, async () => {
  await withServer(["--mode", "broadcast", "--web", "0"], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    await using alice = new Netcat(server.port);
    await using _bob = new Netcat(server.port);
    await using _carol = new Netcat(server.port);
    await connectedPeers(server, 3);
    await alice.type("hello everyone");
    // The three nc processes connect in any order: the log says which one alice's is.
    const fwd = await server.log.waitFor(/\[FWD\] /);
    const relayed = /bytes each: "(.*)"$/.exec(fwd)?.[1] ?? "";
    match(relayed, /^\[127\.0\.0\.1:\d+\] hello everyone$/);
    await page.untilCount("#arrows li.recv, #arrows li.fwd", 2);
    const labels = await page.page.locator("#arrows li:is(.recv, .fwd) text").allTextContents();
    // 14 characters and LF in; the tag, a space, the text and LF out, to each of two others.
    deepEqual(labels, ["broadcast Len=15", `broadcast Len=${relayed.length + 1} ×2`]);
    const texts = await sideTexts(page);
    ok(texts.includes("hello everyone"), texts.join("\n"));
    ok(texts.includes(relayed), texts.join("\n"));
    // A click on the arrow shows its time and bytes.
    await page.page.locator("#arrows li.fwd").click();
    const details = await page.page.locator("#details").innerText();
    match(details, /\d\d:\d\d:\d\d\.\d{3}/);
    match(details, new RegExp(`Len=${relayed.length + 1}`));
    ok(details.includes(`${relayed}\\n`), details);
    deepEqual(page.errors, []);
  });
});

Deno.test({ name: "live view: a client killed with an RST shows as reset", ignore }, async () => {
  await withServer(["--mode", "broadcast", "--web", "0"], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    const peer = await ResetPeer.connect("127.0.0.1", server.port);
    await peer.type("about to vanish");
    await server.log.waitFor(/\[RECV\] /);
    await peer.reset();
    await server.log.waitFor(/\[DISCONNECT\] .*reset by peer \(RST\)/);
    await page.untilCount("#rows tr.ended.peer-rst", 1);
    deepEqual(await page.texts("#rows tr.peer-rst td.ended"), ["RST by peer (reset)"]);
    deepEqual(await page.texts("#rows tr.peer-rst td.peer"), [`127.0.0.1:${peer.localPort}`]);
    await page.untilCount("#arrows li.end.peer-rst", 1);
    equal(await page.page.locator("#arrows li.end.peer-rst text").textContent(), "RST");
  });
});

/** A private chat between alice and bob, seen on a page of a server started with `args`. */
async function privateChat(args: string[]): Promise<string[]> {
  let texts: string[] = [];
  await withServer(["--web", "0", ...args], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    const alice = await server.login("alice");
    const bob = await server.login("bob");
    await startPrivateChat(alice, "alice", bob, "bob");
    alice.send("meet me at noon");
    equal(await bob.until(/^<alice>/), "<alice> meet me at noon");
    await page.untilCount("#arrows li.fwd.private", 1);
    deepEqual(await page.texts("#rows td.place"), ["private with bob", "private with alice"]);
    texts = await sideTexts(page);
  });
  return texts;
}

Deno.test({
  name: "live view: a private chat's text is hidden by default and shown with --web-text all",
  ignore,
}, async () => {
  const hidden = (await privateChat([])).join("\n");
  ok(!hidden.includes("noon"), hidden);
  // 15 characters and LF from alice; `<alice> ` before them to bob.
  match(hidden, /\(private, 16 bytes\)/);
  match(hidden, /<alice> \(private, 24 bytes\)/);
  const shown = (await privateChat(["--web-text", "all"])).join("\n");
  match(shown, /^meet me at noon$/m);
  match(shown, /^<alice> meet me at noon$/m);
});

Deno.test({ name: "live view: the page speaks the server's --lang", ignore }, async () => {
  await withServer(["--web", "0", "--lang", "ro"], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    await server.login("ana");
    await page.untilText("#rows td.place", "meniu");
    equal(await page.page.locator("#mode").innerText(), "modul chat");
    equal(await page.page.locator("#table-head th.ended").innerText(), "cum s-a încheiat");
    deepEqual(await page.texts("#rows td.ended"), ["deschisă"]);
    deepEqual(await page.texts("#rows td.id"), ["ana"]);
  });
});
