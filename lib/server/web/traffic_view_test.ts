import { deepEqual, equal, ok } from "node:assert/strict";
import { TrafficFeed } from "../../../testing/traffic_feed.ts";
import { LineFramer } from "../../core/line_framer.ts";
import type { Mode } from "../options.ts";
import { MAX_ARROWS_PER_FRAME, ROWS_MS, TrafficView } from "./traffic_view.ts";
import { type Arrow, MAX_TEXT_SHOWN, type Row, type WebText } from "./view.ts";

function setup(mode: Mode = "chat", webText: WebText = "public", history = 50) {
  const view = new TrafficView(mode, webText, { history, endedRowMs: 60_000, maxEndedRows: 3 });
  return { view, feed: new TrafficFeed(view) };
}

const byConn = (rows: readonly Row[]) => new Map(rows.map((r) => [r.conn, r]));

Deno.test("live view: a row per connection, with TCP payload bytes and lines each way", () => {
  const { view, feed } = setup("broadcast");
  const alice = feed.connect("127.0.0.1:50001");
  const bob = feed.connect("127.0.0.1:50002");
  feed.recv(alice, "hello"); // 6 bytes
  feed.forward(alice, [bob], "[127.0.0.1:50001] hello"); // 24 bytes
  const rows = byConn(view.frame(feed.now)!.rows);
  deepEqual(
    [rows.get(1), rows.get(2)].map((
      r,
    ) => [r?.peer, r?.bytesIn, r?.linesIn, r?.bytesOut, r?.linesOut]),
    [["127.0.0.1:50001", 6, 1, 0, 0], ["127.0.0.1:50002", 0, 0, 24, 1]],
  );
  equal(view.frame(feed.now), undefined, "nothing changed since");
});

Deno.test("live view: a chat user's ID and place follow what the server told them", () => {
  const { view, feed } = setup();
  const alice = feed.login(feed.connect(), "alice");
  const bob = feed.login(feed.connect(), "bob");
  feed.send(alice, "* waiting bob: Request sent to bob.");
  feed.send(bob, "? request alice: alice wants to chat with you. Accept? (y/n)");
  let rows = byConn(view.frame(feed.now)!.rows);
  deepEqual(rows.get(1)?.place, { kind: "requesting", with: "bob" });
  deepEqual(rows.get(2)?.place, { kind: "answering", with: "alice" });
  feed.send(bob, "* chat alice: You are now chatting with alice.");
  feed.send(alice, "* chat bob: You are now chatting with bob.");
  rows = byConn(view.frame(feed.now)!.rows);
  deepEqual([rows.get(1)?.id, rows.get(1)?.place], ["alice", { kind: "private", with: "bob" }]);
  feed.send(alice, "* room: You are in the common room.");
  deepEqual(view.frame(feed.now)!.rows[0].place, { kind: "room" });
});

Deno.test("live view: an ended row stays for its time, and at most maxEndedRows of them", () => {
  const { view, feed } = setup("broadcast");
  const clients = [1, 2, 3, 4, 5].map(() => feed.connect());
  feed.disconnect(clients[0], { by: "peer", cause: "reset" });
  const ended = view.frame(feed.now)!.rows.find((r) => r.conn === 1);
  deepEqual(ended?.ending, { how: "peer-rst" });
  equal(view.frame(feed.now + 59_000), undefined, "still shown just before its minute is up");
  deepEqual(view.frame(feed.now + 60_000)?.gone, [1]);
  // Four more end at once: only the newest three are kept.
  for (const c of clients.slice(1)) feed.disconnect(c, { by: "server", why: "idle" });
  deepEqual(view.frame(feed.now)?.gone, [2]);
  deepEqual(view.snapshot().rows.map((r) => r.conn), [3, 4, 5]);
  deepEqual(view.snapshot().rows[0].ending, { how: "server-fin", why: "idle" });
});

Deno.test("live view: a burst beyond the history sends only its newest events and counts the rest", () => {
  const history = 50;
  const { view, feed } = setup("broadcast", "public", history);
  const alice = feed.connect();
  for (let i = 0; i < 5 * history; i++) feed.recv(alice, `line ${i}`);
  const frame = view.frame(feed.now)!;
  equal(frame.arrows.length, history);
  equal(frame.skipped, 5 * history + 1 - history);
  equal(frame.arrows.at(-1)?.text, `line ${5 * history - 1}`);
  for (let i = 0; i < 3; i++) {
    feed.recv(alice, "more");
    view.frame(feed.now);
  }
  const arrows = view.snapshot().arrows;
  equal(arrows.length, history, "a page that opens gets the newest history, no more");
  equal(arrows.at(-1)?.seq, 5 * history + 4);
});

function lastArrows(view: TrafficView, now: number): readonly Arrow[] {
  return view.frame(now)?.arrows ?? [];
}

Deno.test("live view: private chat text is hidden unless --web-text all; none hides all peer text", () => {
  const run = (webText: WebText) => {
    const { view, feed } = setup("chat", webText);
    const alice = feed.login(feed.connect(), "alice");
    const bob = feed.login(feed.connect(), "bob");
    feed.send(alice, "* chat bob: You are now chatting with bob.");
    view.frame(feed.now);
    feed.recv(alice, "secret plan");
    feed.forward(alice, [bob], "<alice> secret plan");
    feed.recv(alice, "exit()");
    feed.send(alice, "* room: You are in the common room.");
    feed.recv(alice, "hi all");
    feed.forward(alice, [bob], "#room <alice> hi all");
    return lastArrows(view, feed.now).map((a) => a.text ?? `(${a.hidden} ${a.len})`);
  };
  deepEqual(run("public"), [
    "(private 12)",
    "(private 20)",
    "exit()",
    "* room: You are in the common room.",
    "hi all",
    "#room <alice> hi all",
  ]);
  deepEqual(run("all"), [
    "secret plan",
    "<alice> secret plan",
    "exit()",
    "* room: You are in the common room.",
    "hi all",
    "#room <alice> hi all",
  ]);
  deepEqual(run("none"), [
    "(text 12)",
    "(text 20)",
    "(text 7)",
    "(text 36)",
    "(text 7)",
    "(text 21)",
  ]);
});

Deno.test("live view: arrows carry kind, Len= and marks; peer text is made visible and cut", () => {
  const { view, feed } = setup("chat", "all");
  const alice = feed.connect();
  const bob = feed.connect();
  feed.send(alice, "* welcome: Welcome.", "? id: Enter your ID:");
  feed.recv(alice, "<script>\u202Eevil");
  feed.recv(bob, "x".repeat(MAX_TEXT_SHOWN + 50));
  feed.disconnect(alice, { by: "peer", cause: "reset" });
  feed.disconnect(bob, { by: "dropped", why: "flooding" });
  const [, , send, id, long, rst, drop] = lastArrows(view, feed.now);
  deepEqual([send.what, send.kind, send.tags, send.len], [
    "send",
    "notice",
    ["* welcome", "? id"],
    41,
  ]);
  deepEqual([id.kind, id.text, id.bytes], ["id", "<script>\\u202eevil", "<script>\\u202eevil\\n"]);
  equal(long.text, "x".repeat(MAX_TEXT_SHOWN) + "…");
  deepEqual([rst.what, rst.kind, rst.from, rst.to], ["end", "peer-rst", 1, [0]]);
  deepEqual([drop.kind, drop.from, drop.to, drop.note], ["dropped", 0, [2], "flooding"]);
});

Deno.test("live view: a refused client shows as refused from its first frame", () => {
  const { view, feed } = setup();
  const refused = feed.refuse("server full (2 clients)");
  feed.send(refused, "! full: The server is full (2 clients). Try again later.");
  const row = view.frame(feed.now)!.rows[0];
  deepEqual(row.ending, { how: "refused", why: "server full (2 clients)" });
  ok(row.place === undefined, "a refused client never reaches the menu");
  feed.disconnect(refused, { by: "server", why: "server full (2 clients)" });
  deepEqual(view.frame(feed.now)!.rows[0].ending, {
    how: "refused",
    why: "server full (2 clients)",
  });
});

Deno.test("live view: new counts go out at most every ROWS_MS; new rows and ends at once", () => {
  const { view, feed } = setup("broadcast");
  const alice = feed.connect();
  equal(view.frame(feed.now)?.rows.length, 1, "a new row at once");
  feed.recv(alice, "one");
  const soon = view.frame(feed.now)!;
  deepEqual([soon.rows.length, soon.arrows.length], [0, 1], "the arrow now, the counts later");
  equal(view.frame(feed.now + ROWS_MS)?.rows[0].bytesIn, 4);
  feed.recv(alice, "two");
  feed.disconnect(alice, { by: "peer", cause: "closed" });
  const ended = view.frame(feed.now + ROWS_MS + 1)!.rows[0];
  deepEqual([ended.bytesIn, ended.ending], [8, { how: "peer-fin" }], "an end brings the counts");
});

Deno.test("live view: a frame carries at most MAX_ARROWS_PER_FRAME arrows", () => {
  const { view, feed } = setup("broadcast", "public", 1000);
  const alice = feed.connect();
  for (let i = 0; i < 3 * MAX_ARROWS_PER_FRAME; i++) feed.recv(alice, `line ${i}`);
  const frame = view.frame(feed.now)!;
  deepEqual([frame.arrows.length, frame.skipped], [
    MAX_ARROWS_PER_FRAME,
    2 * MAX_ARROWS_PER_FRAME + 1,
  ]);
});

Deno.test("live view: a machine that stopped answering ends its row as timed out, by the server's RST", () => {
  const { view, feed } = setup("broadcast");
  const alice = feed.connect();
  const bob = feed.connect();
  feed.disconnect(alice, { by: "peer", cause: "timed-out" });
  feed.disconnect(bob, { by: "peer", cause: "reset" });
  const frame = view.frame(feed.now)!;
  deepEqual(byConn(frame.rows).get(1)?.ending, { how: "timed-out" });
  deepEqual(byConn(frame.rows).get(2)?.ending, { how: "peer-rst" }, "an RST of the peer's own");
  const [timedOut, reset] = frame.arrows.filter((a) => a.what === "end");
  // Nothing came from alice's machine: the RST goes from the server to it.
  deepEqual([timedOut.kind, timedOut.from, timedOut.to], ["timed-out", 0, [1]]);
  deepEqual([reset.kind, reset.from, reset.to], ["peer-rst", 2, [0]]);
});

Deno.test("live view: a newcomer refused at once, for lack of descriptors, says so from its first frame", () => {
  const { view, feed } = setup("echo");
  const why = "out of file descriptors (room for 3 connections)";
  const full = feed.refuse("server full (2 clients)");
  const none = feed.refuse(why, true);
  feed.disconnect(none, { by: "dropped", why });
  const rows = byConn(view.frame(feed.now)!.rows);
  deepEqual(rows.get(1)?.ending, { how: "refused", why: "server full (2 clients)" });
  deepEqual(rows.get(2)?.ending, { how: "refused-at-once", why });
  feed.disconnect(full, { by: "server", why: "server full (2 clients)" });
  deepEqual(view.frame(feed.now)!.rows[0].ending, {
    how: "refused",
    why: "server full (2 clients)",
  });
});

Deno.test("live view: a kick is a note naming who and why; a say, a note on the server's lifeline", () => {
  const { view, feed } = setup();
  const alice = feed.login(feed.connect("127.0.0.1:50001"), "alice");
  const bob = feed.login(feed.connect("127.0.0.1:50002"), "bob");
  view.frame(feed.now);
  feed.say("The lab ends in 10 minutes", 2);
  feed.kick(alice, "spamming <b>bob</b>\u202E");
  feed.kick(bob, "");
  const [say, kick, silent] = lastArrows(view, feed.now);
  deepEqual([say.what, say.kind, say.from, say.to, say.note], ["note", "say", 0, [], "2"]);
  deepEqual([kick.what, kick.kind, kick.from, kick.who, kick.note], [
    "note",
    "kick-why",
    1,
    "#1 127.0.0.1:50001 alice",
    "spamming <b>bob</b>\\u202e",
  ]);
  deepEqual([silent.kind, silent.from, silent.who, silent.note], [
    "kick",
    2,
    "#2 127.0.0.1:50002 bob",
    undefined,
  ]);
});

Deno.test("live view: the late LF of a CR newline is an arrow with its Len=1, counted in, no line", () => {
  const { view, feed } = setup("broadcast");
  const alice = feed.connect();
  feed.recv(alice, "hi");
  feed.partner(alice);
  feed.unaccepted();
  const frame = view.frame(feed.now + ROWS_MS)!;
  const [, , partner, unaccepted] = frame.arrows;
  deepEqual(
    [partner.what, partner.kind, partner.from, partner.to, partner.len, partner.text],
    ["recv", "partner", 1, [0], 1, "LF"],
  );
  equal(partner.bytes, "\\n");
  deepEqual([frame.rows[0].bytesIn, frame.rows[0].linesIn], [4, 1]);
  deepEqual([unaccepted.what, unaccepted.kind, unaccepted.from], ["note", "unaccepted", 0]);
});

Deno.test("live view: the byte view shows a line's bytes as received: its newline, bytes not UTF-8", () => {
  const { view, feed } = setup("broadcast", "all");
  const alice = feed.connect();
  const framer = new LineFramer({ maxLineBytes: 64 });
  const wire = [
    "LF ending\n",
    "CRLF ending\r\n",
    "NUL ending\r\0",
    "CR ending\r",
    "bad \xff\xfe\n",
    "é\xc3\n",
    "typed \\xff\n",
  ].map((line) => new Uint8Array([...line].map((c) => c.charCodeAt(0))));
  // é as its two UTF-8 bytes, the other bytes as written.
  wire[5] = new Uint8Array([0xc3, 0xa9, 0xc3, 0x0a]);
  for (const bytes of wire) {
    for (const line of [...framer.push(bytes), ...framer.settle()]) {
      if (line.kind === "line") feed.received(alice, line);
    }
  }
  const arrows = view.frame(feed.now + ROWS_MS)!.arrows.filter((a) => a.what === "recv");
  deepEqual(arrows.map((a) => [a.bytes, a.len]), [
    ["LF ending\\n", 10],
    ["CRLF ending\\r\\n", 13],
    ["NUL ending\\r\\u0000", 12],
    ["CR ending\\r", 10],
    ["bad \\xff\\xfe\\n", 7],
    ["é\\xc3\\n", 4],
    ["typed \\\\xff\\n", 11],
  ]);
  deepEqual(arrows.map((a) => a.len), wire.map((b) => b.length));
});
