// The programs need nothing they do not use: on a fresh machine (an empty DENO_DIR, Deno's cache)
// and with no network at all (a network namespace of the test's own), `deno task server` and
// `deno task client` start and download nothing. Only the tests use npm packages (fast-check), and
// they import them with their versions instead of through deno.json's import map, which every
// `deno task` would install first. This test fails when a program imports an npm package, or
// deno.json's imports name one: Deno then tries the registry, and cannot reach it.
import { deepEqual, equal, match } from "node:assert/strict";
import { ServerProcess } from "../testing/process.ts";
import { missing } from "../testing/tools.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const noNamespace = await missing("network namespace");
const decoder = new TextDecoder();

/** Every file Deno downloaded into `denoDir`: npm packages and remote modules. */
function downloads(denoDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return; // Never created: nothing was downloaded there.
    }
    for (const entry of entries) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else found.push(path.slice(denoDir.length + 1));
    }
  };
  for (const cache of ["npm", "remote"]) walk(`${denoDir}/${cache}`);
  return found;
}

Deno.test({
  name:
    "offline: with an empty Deno cache and no network, server and client start, download nothing",
  ignore: noNamespace,
}, async () => {
  const denoDir = await Deno.makeTempDir({ prefix: "tcpchat-offline-deno-dir-" });
  try {
    const env = { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1" };
    {
      await using server = ServerProcess.start(["--port", "0"], {
        viaTask: true,
        wrap: ["unshare", "-n"],
        env,
      });
      await server.waitFor(/^\[INFO\] Server ready, listening on 127\.0\.0\.1:\d+$/, 30_000);
      server.child.kill("SIGTERM");
      equal(await server.exit(), 0, server.stderr.join("\n"));
      equal(server.stderr.filter((l) => /Download|error/i.test(l)).join("\n"), "");
    }
    const client = await new Deno.Command("unshare", {
      args: ["-n", Deno.execPath(), "task", "client", "--help"],
      cwd: ROOT,
      env: { ...env, NO_COLOR: "1" },
      stdin: "null",
    }).output();
    const stderr = decoder.decode(client.stderr);
    equal(client.code, 0, stderr);
    match(decoder.decode(client.stdout), /^tcpchat-client .*\n\nUsage: /);
    equal(stderr.split("\n").filter((l) => /Download|error/i.test(l)).join("\n"), "");
    deepEqual(downloads(denoDir), []);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
