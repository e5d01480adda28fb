// The course's chat project, played over real TCP sockets against a real server.
import { equal, match } from "node:assert/strict";
import { ResetPeer } from "../lib/net/reset_peer.ts";
import { withServer } from "../testing/server.ts";

Deno.test("chat: the course's chat project's session end to end with three users", async () => {
  await withServer([], async (server) => {
    const alice = await server.login("alice");
    const bob = await server.login("bob");
    const carol = await server.login("carol");

    // alice asks bob; bob refuses.
    alice.send("1");
    match(await alice.line(), /^\? target: .*Free now: bob, carol\./);
    alice.send("bob");
    equal(
      await alice.line(),
      "* waiting bob: Request sent to bob. Waiting for an answer; exit() cancels.",
    );
    equal(await bob.line(), "? request alice: alice wants to chat with you. Accept? (y/n)");
    bob.send("n");
    equal(await alice.line(), "* declined bob: bob declined your request.");
    await alice.until(/^\? menu:/);
    await bob.until(/^\? menu:/);

    // alice asks again; bob accepts; carol finds them busy.
    alice.send("1");
    alice.send("Bob");
    await bob.until(/^\? request alice:/);
    bob.send("y");
    equal(
      await alice.until(/^\* chat/),
      "* chat bob: You are now chatting with bob. Type exit() to return to the menu.",
    );
    equal(
      await bob.line(),
      "* chat alice: You are now chatting with alice. Type exit() to return to the menu.",
    );
    carol.send("1");
    await carol.until(/^\? target:/);
    carol.send("alice");
    equal(await carol.line(), "! busy alice: alice is busy (in a private chat).");
    await carol.until(/^\? target:/);
    carol.send("");
    await carol.until(/^\? menu:/);

    // Private messages both ways; carol sees none of them.
    alice.send("hi bob");
    equal(await bob.line(), "<alice> hi bob");
    bob.send("salut alice, ce faci?");
    equal(await alice.line(), "<bob> salut alice, ce faci?");

    // exit() from either side returns both to the menu.
    bob.send("exit()");
    equal(await bob.line(), "* chat-ended alice: You left the chat with alice.");
    await bob.until(/^\? menu:/);
    equal(await alice.line(), "* chat-ended bob: bob ended the chat.");
    await alice.until(/^\? menu:/);

    // who shows everyone's state.
    carol.send("4");
    equal(await carol.line(), "* who: 3 users online: alice (free), bob (free), carol (you)");
    await carol.until(/^\? menu:/);
    equal(carol.received.some((l) => l.includes("hi bob")), false);

    // 2 exits with a goodbye and a clean close.
    carol.send("2");
    equal(await carol.line(), "* bye: Goodbye, carol.");
    equal(await carol.ended(), "fin");
    await server.log.waitFor(/\[DISCONNECT\].*#3 .* closed by server \(FIN\): user chose exit/);
  });
});

Deno.test("chat: the common room with four users", async () => {
  await withServer([], async (server) => {
    const users = await Promise.all(["ann", "ben", "cat", "dan"].map((id) => server.login(id)));
    for (const [i, user] of users.entries()) {
      user.send("3");
      await user.until(/^\* room:/);
      // Everyone already inside hears about the newcomer.
      for (const earlier of users.slice(0, i)) await earlier.until(/^\* joined /);
    }
    const [ann, ben, cat, dan] = users;
    ann.send("hello everyone");
    for (const u of [ben, cat, dan]) equal(await u.line(), "#room <ann> hello everyone");
    dan.send("exit()");
    await dan.until(/^\? menu:/);
    for (const u of [ann, ben, cat]) equal(await u.line(), "* left dan: dan left the room.");
    ben.send("still here");
    for (const u of [ann, cat]) equal(await u.line(), "#room <ben> still here");
    equal(ann.received.includes("#room <ann> hello everyone"), false);
    // A round trip with dan after ben's line: had the line been sent to him, it would be here now.
    dan.send("4");
    await dan.until(/^\* who: /);
    equal(dan.received.includes("#room <ben> still here"), false);
  });
});

Deno.test("chat: a partner who resets mid-chat is reported and the other returns to the menu", async () => {
  await withServer([], async (server) => {
    const alice = await server.login("alice");
    // bob's client is killed mid-chat: his side resets the connection (RST).
    const bob = await ResetPeer.connect(server.hostname, server.port);
    await bob.type("bob");
    await server.log.waitFor(/\[SEND\] .* bob .*\? menu:/);
    alice.send("1");
    alice.send("bob");
    await server.log.waitFor(/\[SEND\] .* bob .*\? request alice:/);
    await bob.type("y");
    await alice.until(/^\* chat bob/);
    await bob.reset();
    equal(
      await alice.until(/^\* chat-ended/),
      "* chat-ended bob: bob lost the connection (reset).",
    );
    await alice.until(/^\? menu:/);
    await server.log.waitFor(/\[DISCONNECT\] .*#2 .* reset by peer \(RST\)/);
  });
});

Deno.test("chat: IDs are unique ignoring case, and bad IDs are explained", async () => {
  await withServer([], async (server) => {
    await server.login("Alice");
    const second = await server.connect();
    await second.until(/^\? id:/);
    second.send("ALICE");
    match(await second.line(), /^! id-taken: "ALICE" is taken by Alice/);
    await second.until(/^\? id:/);
    second.send("\x1b[31mred");
    match(await second.line(), /^! id-invalid:/);
    await second.until(/^\? id:/);
    second.send("bob");
    equal(await second.line(), "* hello bob: Hello, bob!");
  });
});

Deno.test("chat: a request that nobody answers expires for both users", async () => {
  await withServer(["--request-timeout", "1"], async (server) => {
    const alice = await server.login("alice");
    const bob = await server.login("bob");
    alice.send("1");
    alice.send("bob");
    await bob.until(/^\? request/);
    equal(
      await alice.until(/^\* timeout/, 4000),
      "* timeout bob: bob did not answer within 1 s; the request was cancelled.",
    );
    equal(await bob.until(/^\* timeout/, 4000), "* timeout alice: The request from alice expired.");
  });
});
