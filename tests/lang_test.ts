// The server in Romanian: --lang, the locale default, and what stays the same in every language.
import { equal, match } from "node:assert/strict";
import { TestClient } from "../testing/client.ts";
import { run, RUN_SERVER, ServerProcess } from "../testing/process.ts";
import { withServer } from "../testing/server.ts";

Deno.test("lang: --lang ro speaks Romanian; codes, sigils, commands and the log stay the same", async () => {
  await withServer(["--lang", "ro", "--max-line", "16"], async (server) => {
    const ana = await server.connect();
    equal(
      await ana.line(),
      "* welcome: Bun venit în tcpchat (modul chat)! Alți utilizatori online: 0.",
    );
    equal(
      await ana.line(),
      "? id: Alege-ți un ID (1-16 litere, cifre, _ sau -, începând cu o literă):",
    );
    ana.send("ana");
    equal(await ana.line(), "* hello ana: Salut, ana!");
    equal(
      await ana.line(),
      "? menu: 1) chat privat  2) ieșire  3) camera comună  4) cine e online",
    );
    ana.send("o linie mult prea lungă pentru limită");
    equal(await ana.line(), "! line-too-long: Linie mai lungă de 16 octeți; a fost ignorată.");
    ana.send("9");
    equal(await ana.line(), "! choice: Scrie 1, 2, 3 sau 4.");
    await ana.until(/^\? menu:/);
    ana.send("3");
    equal(
      await ana.line(),
      "* room: Deocamdată nu mai e nimeni în camera comună. Scrie exit() ca să ieși.",
    );
    ana.send("exit()");
    equal(await ana.line(), "* room-left: Ai ieșit din camera comună.");
    await server.log.waitFor(/^\[RECV\] .*#1 127\.0\.0\.1:\d+ ana 7 bytes: "exit\(\)"$/);
    ana.send("2");
    await ana.until(/^\* bye: La revedere, ana\.$/);
    equal(await ana.ended(), "fin");
    await server.log.waitFor(/^\[DISCONNECT\] .*closed by server \(FIN\): user chose exit/);
  });
});

Deno.test("lang: a Romanian locale makes Romanian the default; --lang en overrides it", async () => {
  const romanian = { LANG: "ro_RO.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
  for (
    const [args, welcome] of [[[], /^\* welcome: Bun venit/], [
      ["--lang", "en"],
      /^\* welcome: Welcome/,
    ]] as const
  ) {
    await using server = ServerProcess.start(["--port", "0", ...args], { env: romanian });
    const client = await TestClient.connect("127.0.0.1", await server.port());
    match(await client.line(), welcome);
    server.child.kill("SIGTERM");
    await client.until(/^\* stopping: /);
    equal(await client.ended(), "fin");
    equal(await server.exit(), 0);
  }
});

Deno.test("lang: the server stopping is announced in the server's language", async () => {
  await using server = ServerProcess.start(["--port", "0", "--lang", "ro"]);
  const client = await TestClient.connect("127.0.0.1", await server.port());
  await client.until(/^\? id:/);
  server.child.kill("SIGTERM");
  equal(await client.line(), "* stopping: Serverul se oprește. La revedere.");
  equal(await client.ended(), "fin");
  equal(await server.exit(), 0);
});

Deno.test("lang: --help documents --lang; a bad --lang is one clear line and exit code 2", async () => {
  const help = await run([...RUN_SERVER, "--help"]);
  match(help.stdout, /^ {2}--lang LANG +en \| ro/m);
  const bad = await run([...RUN_SERVER, "--lang", "fr"]);
  equal(bad.code, 2);
  equal(bad.stderr.trim(), 'tcpchat-server: --lang must be en or ro, got "fr" (see --help)');
});
