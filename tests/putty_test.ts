// PuTTY, replayed byte for byte over a real socket: its telnet opening, its line editing, and
// its character mode with backspace as 0x7F. (PuTTY is a Windows program; these are the bytes
// Wireshark shows it sending with its default settings.)
import { deepEqual, equal, match } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { withServer } from "../testing/server.ts";
import { keystrokes, PUTTY_TELNET_OPENING } from "../testing/recorded.ts";

/** Sends each byte in its own write, as PuTTY does when keys are not edited locally. */
function typeKeys(client: TestClient, typed: string): void {
  for (const key of keystrokes(typed)) client.sendRaw(key);
}

/** PuTTY's answer to `DONT NEW-ENVIRON`: it offers the old ENVIRON instead (its telnet.c). */
const PUTTY_OLD_ENVIRON_OFFER = new Uint8Array([0xff, 0xfb, 0x24]);

Deno.test("putty, Telnet: the opening is answered option by option and never becomes text", async () => {
  await withServer([], async (server) => {
    const putty = await TestClient.connect(server.hostname, server.port, true);
    try {
      putty.sendRaw(PUTTY_TELNET_OPENING);
      await putty.until(/^\? id: /);
      await server.log.waitFor(/\[SEND\] .*#1 .* telnet .*DONT NEW-ENVIRON, WONT ECHO, DO SGA$/);
      putty.sendRaw(PUTTY_OLD_ENVIRON_OFFER);
      // Local line editing (PuTTY's choice while the server does not agree to do SGA itself):
      // Enter sends the edited line with CR LF.
      putty.sendRaw("alice\r\n");
      equal(await putty.line(), "* hello alice: Hello, alice!");
      deepEqual(putty.telnetReceived, [
        "DONT NAWS",
        "DONT TSPEED",
        "DONT TTYPE",
        "DONT NEW-ENVIRON",
        "WONT ECHO",
        "DO SGA",
        "DONT ENVIRON",
      ]);
      const negotiation = await server.log.waitFor(/\[RECV\] .*#1 .* telnet /);
      match(
        negotiation,
        /21 bytes: telnet WILL NAWS, WILL TSPEED, WILL TTYPE, WILL NEW-ENVIRON, DO ECHO, WILL SGA, DO SGA \(telnet client: /,
      );
      await server.log.waitFor(/\[RECV\] .*#1 .* 7 bytes: "alice"$/);
    } finally {
      putty.close();
    }
  });
});

Deno.test("putty, Telnet, line editing off: keys one by one, 0x7F erases, pauses don't cut", async () => {
  await withServer(["--mode", "broadcast", "--pause", "50"], async (server) => {
    const listener = await server.connect();
    const putty = await TestClient.connect(server.hostname, server.port, true);
    try {
      putty.sendRaw(PUTTY_TELNET_OPENING);
      await server.log.waitFor(/\[SEND\] .*#2 .* telnet .*WONT ECHO, DO SGA$/);
      typeKeys(putty, "helo");
      // The user stops to think mid-line, for three pauses' time: a terminal's pauses end
      // nothing (this wait only makes the pause happen; the check is what the listener gets).
      await new Promise((resolve) => setTimeout(resolve, 150));
      typeKeys(putty, "\x7flo wrld");
      typeKeys(putty, "\x7f\x7f\x7forld\r\n");
      equal(await listener.line(), `[127.0.0.1:${putty.localPort}] hello world`);
      equal(listener.received.length, 1);
    } finally {
      putty.close();
    }
  });
});

Deno.test("putty, Raw: whole lines with CR LF, no negotiation, a line client", async () => {
  await withServer(["--mode", "echo"], async (server) => {
    const putty = await server.connect();
    putty.sendRaw("salut\r\n");
    equal(await putty.line(), "salut");
    await server.log.waitFor(/\[RECV\] .*#1 .* 7 bytes: "salut" \(line client: /);
  });
});
