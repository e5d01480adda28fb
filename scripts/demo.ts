/**
 * `deno task demo`: a fixed, realistic session against a real server, for captures and lessons.
 *
 *   deno task demo [--mode chat|broadcast|echo] [--port 3333] [--pause 800] [--lang en|ro]
 *                  [--log-file PATH]
 *
 * Starts the server on 127.0.0.1 (port 3333 by default, the lab's), plays the mode's session
 * (scripts/demo_sessions.ts) with real TCP clients, prints each step and the server log lines it
 * caused, then stops the server. Run Wireshark or `scripts/capture.sh` alongside to record it.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { argumentProblem } from "../lib/cli.ts";
import { languageFromLocale, LANGUAGES, localeFromEnv } from "../lib/core/texts.ts";
import { MODES } from "../lib/server/options.ts";
import { ServerProcess } from "../testing/process.ts";
import { within } from "../testing/wait_until.ts";
import { SESSIONS } from "./demo_sessions.ts";
import { Stage } from "./demo_stage.ts";

const HOSTNAME = "127.0.0.1";
/** The whole session must end within this time, pauses included, or the demo gives up. */
const DEADLINE_MS = 120_000;

const HELP = `deno task demo: plays a fixed session with real clients against a real server

Usage: deno task demo [options]

Options:
  --mode MODE       chat | broadcast | echo (default chat)
  --port PORT       the server's port on ${HOSTNAME}, 0 = any free port (default 3333)
  --pause MS        pause after each step, so the traffic is easy to follow (default 800)
  --lang LANG       en | ro: the server's language (default from LC_ALL/LC_MESSAGES/LANG)
  --log-file PATH   also write the server's log to PATH
  -h, --help        print this help and exit

chat: alice, bob and carol; bob refuses alice, carol accepts; a private chat, exit(), the common
room; carol is killed (RST), alice leaves with 2 (the server's FIN), bob closes (bob's FIN).
broadcast: three clients; the third is killed (RST), the first closes, the server's stop closes
the second. echo: two clients; the first closes, the server's stop closes the second.`;

function fail(message: string): never {
  console.error(`demo: ${message}`);
  Deno.exit(2);
}

function envValue(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

function options() {
  let values;
  try {
    values = parseArgs({
      args: Deno.args,
      strict: true,
      allowPositionals: false,
      options: {
        mode: { type: "string", default: "chat" },
        port: { type: "string", default: "3333" },
        pause: { type: "string", default: "800" },
        lang: { type: "string", default: languageFromLocale(localeFromEnv(envValue)) },
        "log-file": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    fail(`${argumentProblem(error)} (see --help)`);
  }
  if (values.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  const mode = MODES.find((m) => m === values.mode);
  if (!mode) fail(`--mode must be ${MODES.join(", ")}; got "${values.mode}"`);
  const lang = LANGUAGES.find((l) => l === values.lang);
  if (!lang) fail(`--lang must be ${LANGUAGES.join(" or ")}; got "${values.lang}"`);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) fail(`--port must be 0 to 65535`);
  const pause = Number(values.pause);
  if (!/^\d+$/.test(values.pause) || pause > 10_000) fail(`--pause must be 0 to 10000 ms`);
  return { mode, lang, port, pause, logFile: values["log-file"] };
}

async function main(): Promise<void> {
  const o = options();
  const server = ServerProcess.start([
    "--host",
    HOSTNAME,
    "--port",
    String(o.port),
    "--mode",
    o.mode,
    "--lang",
    o.lang,
    ...(o.logFile === undefined ? [] : ["--log-file", o.logFile]),
  ]);
  // No [START] line: the server could not start (its output ended) or hangs; either way it stops.
  const port = await server.port().catch(() => null);
  if (port === null) {
    await server[Symbol.asyncDispose]();
    console.error(server.stderr.join("\n"));
    fail(`the server did not start (exit code ${await server.exit()})`);
  }
  const stage = new Stage(server, { hostname: HOSTNAME, port }, o.pause);
  stage.showLog();
  let failure: unknown;
  try {
    const played = SESSIONS[o.mode](stage).then(async () => {
      stage.say("the server is stopped (Ctrl+C): clients still connected get a FIN");
      server.child.kill("SIGINT");
      await stage.serverStopped();
    });
    await within(played, { what: "the whole session", ms: DEADLINE_MS });
  } catch (error) {
    failure = error;
    server.child.kill("SIGINT");
  } finally {
    await stage.cleanUp();
  }
  const code = await server.exit();
  stage.showLog();
  if (failure !== undefined) {
    fail(`the session stopped early: ${failure instanceof Error ? failure.message : failure}`);
  }
  if (code !== 0) fail(`the server exited with code ${code}`);
}

await main();
