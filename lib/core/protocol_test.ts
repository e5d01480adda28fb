import { deepEqual, equal } from "node:assert/strict";
import {
  formatBroadcast,
  formatPeer,
  formatPrivate,
  formatRoom,
  formatSystem,
  parseServerLine,
  placeAfter,
} from "./protocol.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("protocol: every kind of line parses back to what was formatted", () => {
  deepEqual(parseServerLine(formatSystem("notice", "welcome", "Hi: there")), {
    kind: "notice",
    code: "welcome",
    text: "Hi: there",
  });
  deepEqual(parseServerLine(formatSystem("error", "busy", "bob is busy.", "bob")), {
    kind: "error",
    code: "busy",
    subject: "bob",
    text: "bob is busy.",
  });
  deepEqual(parseServerLine(formatPrivate("alice", "<b> hi")), {
    kind: "private",
    from: "alice",
    text: "<b> hi",
  });
  deepEqual(parseServerLine(formatRoom("bob", "* x: y")), {
    kind: "room",
    from: "bob",
    text: "* x: y",
  });
  deepEqual(parseServerLine(formatBroadcast("127.0.0.1:5000", "hi")), {
    kind: "broadcast",
    from: "127.0.0.1:5000",
    text: "hi",
  });
  deepEqual(parseServerLine(formatBroadcast("[::1]:5000", "")), {
    kind: "broadcast",
    from: "[::1]:5000",
    text: "",
  });
});

test("protocol: unknown codes and stray text are plain text, never a server line", () => {
  for (const line of ["* nope: x", "*welcome: x", "hello", "", "<a b> x", "[x] y", "? menu"]) {
    equal(parseServerLine(line).kind, "text", line);
  }
});

test("protocol: IPv6 peers are bracketed as the lab writes ip:port", () => {
  equal(formatPeer("127.0.0.1", 3333), "127.0.0.1:3333");
  equal(formatPeer("::1", 3333), "[::1]:3333");
});

test("protocol: places follow prompts and state notices only", () => {
  const place = (line: string) => placeAfter(parseServerLine(line));
  deepEqual(place("? id: Enter your ID:"), { kind: "naming" });
  deepEqual(place("? menu: 1) ..."), { kind: "menu" });
  deepEqual(place("? target: Who?"), { kind: "choosing" });
  deepEqual(place("? request ann: ann wants to chat"), { kind: "answering", requester: "ann" });
  deepEqual(place("* waiting bob: sent"), { kind: "requesting", target: "bob" });
  deepEqual(place("* chat bob: chatting"), { kind: "private", partner: "bob" });
  deepEqual(place("* room: in the room"), { kind: "room" });
  equal(place("* joined bob: bob joined"), undefined);
  equal(place("<bob> ? menu: fake"), undefined);
});
