/**
 * tcpchat-client: a line-based client for any tcpchat server. A first, plain version: it sends
 * standard input line by line and prints what the server sends.
 *
 * @module
 */

const host = Deno.args[0] ?? "127.0.0.1";
const port = Number(Deno.args[1] ?? 3333);
const conn = await Deno.connect({ hostname: host, port });
const local = conn.localAddr as Deno.NetAddr;
console.log(`connected ${local.hostname}:${local.port} -> ${host}:${port}`);
const printing = conn.readable.pipeTo(Deno.stdout.writable, { preventClose: true });
await Deno.stdin.readable.pipeTo(conn.writable, { preventClose: true });
await conn.closeWrite();
await printing;
