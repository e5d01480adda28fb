// The live view in a real browser, where it must hold against what students type and what
// happens to the server: markup and bidi controls in messages and in ID attempts show as text and
// run nothing; the page follows the server through a restart and says so.
import { deepEqual, equal, ok } from "node:assert/strict";
import { TestBrowser } from "../testing/browser.ts";
import { ServerProcess } from "../testing/process.ts";
import { withServer } from "../testing/server.ts";
import { freePort, missing } from "../testing/tools.ts";

const ignore = await missing("chromium");

const ATTEMPTS = [
  `<img src=x onerror="globalThis.pwned=1">`,
  `<script>globalThis.pwned=2</script>`,
  "\u202Eadmin",
];
const MESSAGES = [
  `<script>globalThis.pwned=3</script>`,
  `<img src=x onerror=globalThis.pwned=4>`,
  "invoice\u202Efdp.exe",
  "\u2067<b>isolated</b>\u2069 text",
];

Deno.test({
  name: "live view: markup and bidi controls in IDs and messages show as text and run nothing",
  ignore,
}, async () => {
  await withServer(["--web", "0"], async (server) => {
    await using browser = await TestBrowser.launch();
    const page = await browser.open(server.webUrl);
    const bob = await server.login("bob");
    bob.send("3");
    await bob.until(/^\* room/);
    const eve = await server.connect();
    await eve.until(/^\? id:/);
    for (const attempt of ATTEMPTS) {
      eve.send(attempt);
      await eve.until(/^\? id:/);
    }
    eve.send("eve");
    await eve.until(/^\? menu:/);
    eve.send("3");
    await eve.until(/^\* room/);
    for (const message of MESSAGES) eve.send(message);
    await bob.until(/isolated/);
    // Each message arrives as one arrow in and one relayed to bob.
    await page.untilCount("#arrows li.recv.room", MESSAGES.length);
    await page.untilCount("#arrows li.fwd.room", MESSAGES.length);

    const texts = await page.texts("#arrows li .side");
    const shown = (text: string) =>
      ok(texts.includes(text), `${text}\nnot in:\n${texts.join("\n")}`);
    shown(ATTEMPTS[0]);
    shown(ATTEMPTS[1]);
    shown("\\u202eadmin");
    shown(MESSAGES[0]);
    shown(MESSAGES[1]);
    shown("invoice\\u202efdp.exe");
    shown("\\u2067<b>isolated</b>\\u2069 text");
    // What bob got is the server's sanitised line, shown as it is.
    shown("#room <eve> invoice\uFFFDfdp.exe");
    // The details of an arrow show its bytes as text too.
    await page.page.locator("#arrows li.recv.room").first().click();
    ok((await page.page.locator("#details").innerText()).includes(`${MESSAGES[0]}\\n`));

    for (const tag of ["img", "script:not([src])", "b"]) {
      const inserted = await page.page.locator(`body ${tag}`).count();
      equal(inserted, 0, `a <${tag}> element on the page`);
    }
    deepEqual(await page.signsOfInjection(), { violations: [], pwned: null });
    deepEqual(page.errors, []);
  });
});

Deno.test({
  name: "live view: after the server restarts, the page reconnects by itself and says so",
  ignore,
}, async () => {
  const web = `127.0.0.1:${freePort()}`;
  const start = () => ServerProcess.start(["--port", "0", "--mode", "echo", "--web", web]);
  const url = async (server: ServerProcess) =>
    (await server.waitFor(/^\[INFO\] live view: open /)).split(" ").at(-1)!;

  await using browser = await TestBrowser.launch();
  let page;
  {
    await using first = start();
    page = await browser.open(await url(first));
    await page.untilCount(`#status[data-state="live"]`, 1);
    first.child.kill("SIGTERM");
    equal(await first.exit(), 0);
  }
  await page.untilCount(`#status[data-state="lost"]`, 1);
  ok((await page.page.locator("#status").innerText()).includes("reconnecting"));

  await using second = start();
  await url(second);
  await page.untilCount(`#status[data-state="restarted"]`, 1);
  ok((await page.page.locator("#status").innerText()).startsWith("the server restarted"));
  // And it shows the new server's traffic.
  const port = await second.port();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await page.untilCount("#rows tr.open", 1);
  conn.close();
  deepEqual(page.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
});
