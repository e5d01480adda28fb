// Telnet negotiation over a real socket, and the real telnet (inetutils, Debian's default) on a
// real terminal, in line mode and in character mode, typed at key by key the way a student types.
import { deepEqual, equal, match } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { withServer } from "../testing/server.ts";
import { Tmux } from "../testing/tmux.ts";
import { missing } from "../testing/tools.ts";

const ignore = await missing("telnet", "tmux");
/** Wide enough that no server line wraps. */
const TERMINAL = { columns: 200, rows: 50, cwd: new URL("..", import.meta.url).pathname };

const [IAC, WILL, WONT, DO, DONT] = [0xff, 0xfb, 0xfc, 0xfd, 0xfe];
const [AYT, EC, EL] = [0xf6, 0xf7, 0xf8];
const [ECHO, TTYPE, NAWS, NEW_ENVIRON] = [1, 24, 31, 39];

Deno.test("telnet negotiation: every offer and request answered once, no answer to what is off", async () => {
  await withServer([], async (server) => {
    const client = await TestClient.connect(server.hostname, server.port, true);
    try {
      await client.until(/^\? id: /);
      // Offers such as C-Kermit opens with, which it waits to see answered, one cut in two.
      client.sendRaw(new Uint8Array([IAC, WILL, NAWS, IAC, WILL, TTYPE, IAC]));
      await server.log.waitFor(/\[SEND\] .*#1 .* 6 bytes: telnet DONT NAWS, DONT TTYPE$/);
      client.sendRaw(new Uint8Array([WILL, NEW_ENVIRON, IAC, DO, ECHO]));
      await server.log.waitFor(/\[SEND\] .*#1 .* 6 bytes: telnet DONT NEW-ENVIRON, WONT ECHO$/);
      // Refusals of options already off: answering them is how two peers start a loop.
      client.sendRaw(new Uint8Array([IAC, DONT, ECHO, IAC, WONT, NAWS]));
      client.sendRaw("alice\r\n");
      // The hello leaves after anything the server answered to bytes sent before it.
      equal(await client.line(), "* hello alice: Hello, alice!");
      deepEqual(client.telnetReceived, [
        "DONT NAWS",
        "DONT TTYPE",
        "DONT NEW-ENVIRON",
        "WONT ECHO",
      ]);
    } finally {
      client.close();
    }
  });
});

/** `parts` as bytes: strings as UTF-8, numbers as bytes. */
const wire = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...new TextEncoder().encode(p)] : p),
  );

Deno.test("telnet: a 0xFF from a client that never negotiated is text, relayed and unanswered", async () => {
  await withServer([], async (server) => {
    const [alice, bob] = [await server.login("alice"), await server.login("bob")];
    alice.send("3");
    await alice.until(/^\* room: /);
    bob.send("3");
    await alice.until(/^\* joined bob: /);
    const latin1 = [0x6e, 0x61, 0xef, 0x76, 0x65, 0x20]; // "naïve " in Latin-1
    const sent: [Uint8Array, string][] = [
      [wire(latin1, [IAC, 0xfa], " oops\n"), "na\uFFFDve \uFFFD\uFFFD oops"], // IAC SB
      [wire("bad ", [IAC, DONT], " utf8\n"), "bad \uFFFD\uFFFD utf8"], // DONT TSPEED
      [wire([IAC, DO], "x\n"), "\uFFFD\uFFFDx"], // DO of no registered option
      [wire([IAC, DO], " x\n"), "\uFFFD\uFFFD x"], // DO TSPEED: no client asks for it
      [wire("hello ", [IAC, 0xf4], " world\n"), "hello \uFFFD\uFFFD world"], // IP mid-line
    ];
    for (const [bytes, text] of sent) {
      alice.sendRaw(bytes);
      equal(await bob.until(/^#room <alice> /), `#room <alice> ${text}`);
    }
    alice.send("exit()");
    // Nothing came back before the answer: a telnet answer would show as bytes before it.
    equal(await alice.until(/^\* room-left: /), "* room-left: You left the common room.");
    deepEqual(alice.received.filter((line) => line.includes("\uFFFD")), []);
    const logged = await server.log.waitFor(/\[RECV\] .*#1 .*"exit\(\)"$/);
    match(logged, / 7 bytes: /);
    equal(server.log.lines.some((line) => / #1 .* telnet /.test(line)), false);
  });
});

Deno.test("telnet: AYT gets a visible answer, EC and EL edit the line (RFC 854)", async () => {
  await withServer([], async (server) => {
    const client = await TestClient.connect(server.hostname, server.port, true);
    try {
      await client.until(/^\? id: /);
      // At the start of a line, a key's command is telnet even before any negotiation.
      client.sendRaw(new Uint8Array([IAC, AYT]));
      equal(await client.until(/^\* here: /), "* here: Yes, the server is here.");
      client.sendRaw(wire("ali", [IAC, EC], "ce", [IAC, EL], "bob\r\n"));
      equal(await client.until(/^\* hello /), "* hello bob: Hello, bob!");
      // Every byte has its [RECV] line: the commands and the line as typed.
      await server.log.waitFor(/\[RECV\] .*#1 .* 10 bytes: "bob"$/);
      const telnet = server.log.lines.filter((line) => /\[RECV\] .*#1 .* telnet /.test(line));
      deepEqual(telnet.map((line) => line.replace(/^.* bytes: /, "").replace(/ \(.*$/, "")), [
        "telnet AYT",
        "telnet EC",
        "telnet EL",
      ]);
    } finally {
      client.close();
    }
  });
});

Deno.test({
  name: "telnet, line mode: the terminal edits the line, Ctrl+C does not freeze the output",
  ignore,
}, async () => {
  await withServer([], async (server) => {
    const telnet = await Tmux.start(["telnet", "127.0.0.1", String(server.port)], TERMINAL);
    try {
      await telnet.waitForText(/\? id: Enter your ID/);
      await telnet.type("alicx");
      await telnet.press("BSpace");
      await telnet.type("e");
      await telnet.press("Enter");
      await telnet.waitForText(/\* hello alice: Hello, alice!\n\? menu: /);
      // Line mode sends whole lines, CR LF, with no negotiation: a line client.
      await server.log.waitFor(
        /\[RECV\] .*#1 .* 7 bytes: "alice" \(line client: a newline ends each message\)$/,
      );
      // Ctrl+C sends IAC IP IAC DO TIMING-MARK, and telnet hides all output until it gets an
      // answer: the server's WONT TIMING-MARK is what lets the next answer show.
      await telnet.press("C-c");
      await server.log.waitFor(/\[SEND\] .*#1 .* 3 bytes: telnet WONT TIMING-MARK$/);
      await telnet.type("4");
      await telnet.press("Enter");
      await telnet.waitForText(/\* who: 1 user online: alice \(you\)/);
      await telnet.type("2");
      await telnet.press("Enter");
      const screen = await telnet.waitForText(/Connection closed by foreign host\./);
      match(screen, /\* bye: Goodbye, alice\.\nConnection closed by foreign host\./);
      match(
        await server.log.waitFor(/\[RECV\] .*#1 .* telnet /),
        /5 bytes: telnet IP, DO TIMING-MARK \(telnet client: .*\)$/,
      );
    } finally {
      await telnet.kill();
    }
  });
});

Deno.test({
  name: "telnet, character mode: one key per segment, DEL and BS erase, CR NUL ends the line",
  ignore,
}, async () => {
  await withServer([], async (server) => {
    const carol = await server.login("carol");
    const telnet = await Tmux.start(["telnet", "127.0.0.1", String(server.port)], TERMINAL);
    try {
      await telnet.waitForText(/\? id: Enter your ID/);
      await telnet.press("C-]");
      await telnet.waitForText(/telnet>$/);
      await telnet.type("mode character");
      await telnet.press("Enter");
      await server.log.waitFor(/\[SEND\] .*#2 .* 3 bytes: telnet WONT ECHO$/);
      // The server does not echo, so telnet shows the keys itself (DEL as ^?, Enter as ^M).
      await telnet.typeKeys("bobx");
      await telnet.press("BSpace");
      await telnet.press("Enter");
      await telnet.waitForText(/bobx\^\?\^M[\s\S]*\* hello bob: Hello, bob!\n\? menu: /);
      // b, o, b, x, DEL, CR, NUL: seven bytes on the wire, "bob" as the user meant it.
      await server.log.waitFor(/\[RECV\] .*#2 .* 7 bytes: "bob"$/);
      // Character mode sends Ctrl+C as it is (0x03): it throws away what was typed, as in line
      // mode, where telnet sends IAC IP instead; Ctrl+U erases the line too.
      await telnet.typeKeys("9");
      await telnet.press("C-c");
      await telnet.typeKeys("x");
      await telnet.press("C-u");
      await telnet.typeKeys("4");
      await telnet.press("Enter");
      await telnet.waitForText(/\* who: 2 users online: /);
      await server.log.waitFor(/\[RECV\] .*#2 .* 7 bytes: "4"$/);
      await telnet.typeKeys("3");
      await telnet.press("Enter");
      await telnet.waitForText(/\* room: /);
      carol.send("3");
      await telnet.waitForText(/\* joined carol: /);
      carol.send("salut bob");
      await telnet.waitForText(/#room <carol> salut bob/);
      await telnet.typeKeys("hi carx");
      await telnet.press("C-h");
      await telnet.typeKeys("ol");
      await telnet.press("Enter");
      equal(await carol.until(/^#room <bob>/), "#room <bob> hi carol");
      const negotiation = await server.log.waitFor(/\[RECV\] .*#2 .* telnet /);
      match(negotiation, /6 bytes: telnet DO SGA, DO ECHO \(telnet client: .*\)$/);
    } finally {
      await telnet.kill();
    }
  });
});
