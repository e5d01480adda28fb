// A client killed mid-session ends with an RST: the peer the demo (and any program) uses for that
// is Deno's own, so nothing but Deno is needed to show an RST in a capture.
import { equal, match, rejects } from "node:assert/strict";
import { ResetPeer } from "../lib/net/reset_peer.ts";
import { freePort } from "../testing/tools.ts";

/** What the server's side of the connection sees: the bytes read, then how it ended. */
async function serverSide(conn: Deno.TcpConn): Promise<{ text: string; end: string }> {
  const buffer = new Uint8Array(4096);
  let text = "";
  try {
    while (true) {
      const n = await conn.read(buffer);
      if (n === null) return { text, end: "fin" };
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
  } catch (error) {
    return { text, end: error instanceof Deno.errors.ConnectionReset ? "rst" : String(error) };
  } finally {
    conn.close();
  }
}

Deno.test("reset peer: what it typed arrives, then an RST, though the server never sent a byte", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const peer = await ResetPeer.connect("127.0.0.1", listener.addr.port);
  const conn = await listener.accept();
  equal(conn.remoteAddr.port, peer.localPort);
  await peer.type("third one here");
  const seen = serverSide(conn);
  await peer.reset();
  const { text, end } = await seen;
  equal(text, "third one here\n");
  equal(end, "rst");
});

Deno.test("reset peer: an RST with unread data from the server waiting too", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const peer = await ResetPeer.connect("127.0.0.1", listener.addr.port);
  const conn = await listener.accept();
  await conn.write(new TextEncoder().encode("* welcome: never read\n"));
  await peer.reset();
  equal((await serverSide(conn)).end, "rst");
});

Deno.test("reset peer: a refused connect is a rejection, not a crash", async () => {
  await rejects(ResetPeer.connect("127.0.0.1", freePort()), (e: Error) => {
    match(e.message, /ECONNREFUSED|refused/i);
    return true;
  });
});

Deno.test("reset peer: waits for a line from the server before it resets", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const peer = await ResetPeer.connect("127.0.0.1", listener.addr.port);
  const conn = await listener.accept();
  await conn.write(new TextEncoder().encode("#room <alice> hi"));
  const seen = peer.until(/^#room <alice> hi bob$/, 5000);
  await conn.write(new TextEncoder().encode(" bob\r\n"));
  equal(await seen, "#room <alice> hi bob");
  await rejects(peer.until(/never/, 50), /no line matching \/never\/ within 50 ms/);
  await peer.reset();
  equal((await serverSide(conn)).end, "rst");
});
