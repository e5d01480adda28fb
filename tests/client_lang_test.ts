// The client in Romanian: --lang ro, the locale default, and a client that follows the server's
// codes whatever language the server speaks.
import { equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { run } from "../testing/process.ts";
import { withServer } from "../testing/server.ts";
import { freePort } from "../testing/tools.ts";

const CLIENT = ["run", "--allow-net", "--allow-env", "main_client.ts"];
const address = (port: number) => ["127.0.0.1", String(port)];
/** A Romanian machine: no LC_ALL or LC_MESSAGES to override LANG. */
const ROMANIAN_LOCALE = { LANG: "ro_RO.UTF-8", LC_ALL: "", LC_MESSAGES: "" };

Deno.test("client lang: --lang ro against a server with --lang ro is Romanian on both sides", async () => {
  await withServer(["--lang", "ro"], async (server) => {
    const ana = ClientProcess.start([...address(server.port), "--lang", "ro"]);
    const bob = ClientProcess.start([...address(server.port), "--lang", "ro"]);
    match(
      await ana.status(/^conexiune /),
      new RegExp(`^conexiune deschisă 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${server.port}$`),
    );
    equal(
      await ana.until(/^\? id:/),
      "? id: Alege-ți un ID (1-16 litere, cifre, _ sau -, începând cu o literă):",
    );
    await ana.type("ana");
    equal(await ana.until(/^\* hello/), "* hello ana: Salut, ana!");
    await ana.until(/^\? menu:/);
    await bob.until(/^\? id:/);
    await bob.type("bob");
    await bob.until(/^\? menu:/);

    await ana.type("1");
    await ana.until(/^\? target:/);
    await ana.type("bob");
    equal(
      await ana.until(/^\* waiting/),
      "* waiting bob: Cerere trimisă către bob. Se așteaptă răspunsul; exit() anulează.",
    );
    equal(
      await bob.until(/^\? request/),
      "? request ana: ana vrea să vorbească cu tine. Accepți? (y/n)",
    );
    await bob.type("y");
    await ana.until(/^\* chat bob:/);
    await ana.type("salut, bob");
    equal(await bob.until(/^</), "<ana> salut, bob");

    // bob ends the chat and leaves with 2: the server closes first. ana's input ends: she closes.
    await bob.type("exit()");
    equal(await ana.until(/^\* chat-ended/), "* chat-ended bob: bob a încheiat conversația.");
    await bob.until(/^\? menu:/);
    await bob.type("2");
    equal(await bob.until(/^\* bye/), "* bye: La revedere, bob.");
    equal(await bob.exit(), 0);
    equal(
      bob.stderr.at(-1),
      `serverul a închis conexiunea (127.0.0.1:${server.port} a trimis FIN)`,
    );
    await ana.endInput();
    equal(await ana.exit(), 0);
    equal(
      ana.stderr.at(-1),
      `conexiunea cu 127.0.0.1:${server.port} s-a închis (FIN în ambele sensuri)`,
    );
  });
});

Deno.test("client lang: LANG=ro_RO.UTF-8 makes the client Romanian; an English server stays English", async () => {
  await withServer([], async (server) => {
    const ana = ClientProcess.start(address(server.port), ROMANIAN_LOCALE);
    await ana.status(/^conexiune deschisă /);
    await ana.type("ana\n3");
    equal(
      await ana.until(/^\* room:/),
      "* room: You are alone in the common room for now. Type exit() to leave.",
    );
    await ana.endInput();
    equal(await ana.exit(), 0);
    match(ana.stderr.at(-1) ?? "", /^conexiunea cu 127\.0\.0\.1:\d+ s-a închis/);
  });
});

Deno.test("client lang: a refused connection in the locale's language, unless --lang or LC_ALL says otherwise", async () => {
  // A port that was free a moment ago: nothing listens there now.
  const port = freePort();
  const refused = (args: string[], env: Record<string, string>) =>
    run([...CLIENT, ...args, `127.0.0.1:${port}`], env);

  const romanian = await refused([], ROMANIAN_LOCALE);
  equal(romanian.code, 1);
  equal(
    romanian.stderr.trim(),
    `tcpchat-client: conexiune refuzată de 127.0.0.1 pe portul ${port}: ` +
      `rulează serverul pe 127.0.0.1:${port}?`,
  );
  const english = `tcpchat-client: connection refused by 127.0.0.1 port ${port}: ` +
    `is the server running on 127.0.0.1:${port}?`;
  equal((await refused(["--lang", "en"], ROMANIAN_LOCALE)).stderr.trim(), english);
  equal((await refused([], { ...ROMANIAN_LOCALE, LC_ALL: "C.UTF-8" })).stderr.trim(), english);
});
