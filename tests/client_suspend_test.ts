// The terminal client's job-control keys in a real terminal (tmux): Ctrl+Z from an interactive
// shell suspends it and `fg` brings it back with the half-typed line; where nothing can resume it,
// Ctrl+Z changes nothing; Ctrl+S does not freeze it; Ctrl+\ leaves with a FIN as Ctrl+C does.
import { match } from "node:assert/strict";
import { clientCommand, inputRow, withClientTerminal } from "../testing/client_terminal.ts";
import { withServer } from "../testing/server.ts";
import { missing } from "../testing/tools.ts";

const noTmux = await missing("tmux");
/**
 * `deno task` (and npm, make) mark what they run in the environment, and a client without
 * --allow-run then refuses Ctrl+Z; a test run by `deno task test` must not pass that mark on to
 * the shell and client it starts, which stand for a user's.
 */
const UNMARKED = ["env", "-u", "npm_config_user_agent", "-u", "MAKELEVEL"];
/** What the broadcast server prefixes a line from `port` with. */
const from = (port: number) => `[127.0.0.1:${port}]`;

Deno.test({
  name:
    "client suspend: Ctrl+Z stops it from bash, the shell is usable, fg brings the half line back",
  ignore: noTmux,
}, async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const peer = await server.connect();
    const shell = [...UNMARKED, "PS1=shell$ ", "bash", "--norc", "--noprofile", "-i"];
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === "shell$");
      const quoted = clientCommand(server.port).map((arg) => `'${arg}'`).join(" ");
      await term.type(quoted);
      await term.press("Enter");
      await term.waitFor((rows) => inputRow(rows) === ">");
      await term.type("abc");
      await term.waitFor((rows) => inputRow(rows) === "> abc");

      await term.press("C-z");
      const stopped = await term.waitFor((rows) => inputRow(rows) === "shell$");
      match(stopped.join(""), /\[1\]\+ +Stopped +'.*main_client\.ts'/);
      // The shell got the terminal back in its ordinary mode: lines, and echo.
      await term.type(
        "stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' | tr '\\n' ' '; echo",
      );
      await term.press("Enter");
      await term.waitFor(/^icanon echo$/);
      // The connection stays up while the client is stopped; what arrives meanwhile is kept.
      peer.send("while you were away");

      await term.type("fg");
      await term.press("Enter");
      // Back: the half line first, then what arrived meanwhile, printed above it.
      const away = `${from(peer.localPort)} while you were away`;
      await term.waitFor((rows) => inputRow(rows) === "> abc" && rows.at(-2) === away);
      await term.type("d");
      await term.press("Enter");
      match(await peer.until(/abcd/), /\] abcd$/);
      await term.press("C-d");
      await term.waitFor((rows) => inputRow(rows) === "shell$");
      await server.log.waitFor(/\[DISCONNECT\] .*#2 .*closed by peer \(FIN\)/);
    }, { command: shell });
  });
});

Deno.test({
  name: "client suspend: under deno task, Ctrl+Z stops the whole job and fg brings it back",
  ignore: noTmux,
}, async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const peer = await server.connect();
    const shell = [...UNMARKED, "PS1=shell$ ", "bash", "--norc", "--noprofile", "-i"];
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === "shell$");
      await term.type(`'${Deno.execPath()}' task -q client 127.0.0.1 ${server.port}`);
      await term.press("Enter");
      await term.waitFor((rows) => inputRow(rows) === ">");
      await term.type("abc");
      await term.press("C-z");
      // The shell's job is deno task itself: it stopped with the client, so the shell is back.
      const stopped = await term.waitFor((rows) => inputRow(rows) === "shell$");
      match(stopped.join(""), /\[1\]\+ +Stopped +'.*' task -q client/);
      await term.type("fg");
      await term.press("Enter");
      await term.waitFor((rows) => inputRow(rows) === "> abc");
      await term.type("d");
      await term.press("Enter");
      match(await peer.until(/abcd/), /\] abcd$/);
      await term.press("C-d");
      await term.waitFor((rows) => inputRow(rows) === "shell$");
    }, { command: shell });
  });
});

Deno.test({
  name:
    "client suspend: with no shell to resume it Ctrl+Z changes nothing; Ctrl+S never freezes; Ctrl+\\ leaves",
  ignore: noTmux,
}, async () => {
  await withServer(["--mode", "broadcast"], async (server) => {
    const peer = await server.connect();
    await withClientTerminal(server.port, async (term) => {
      await term.waitFor((rows) => inputRow(rows) === ">");
      await term.type("abc");
      // No job-control shell runs the client here: the kernel drops the stop, the client goes on.
      await term.press("C-z");
      await term.type("d");
      await term.waitFor((rows) => inputRow(rows) === "> abcd");
      // Ctrl+S would stop a terminal's output (XOFF); the client keeps it flowing.
      await term.press("C-s");
      peer.send("still flowing");
      await term.waitFor((rows) => rows.at(-2) === `${from(peer.localPort)} still flowing`);
      await term.type("e");
      await term.press("C-q", "Enter");
      match(await peer.until(/abcde/), /\] abcde$/);
      await term.press("C-\\");
      const rows = await term.waitFor(/^exit code 0$/);
      match(rows.join("\n"), /connection to 127\.0\.0\.1:\d+ closed \(FIN both ways\)/);
      await server.log.waitFor(/\[DISCONNECT\] .*#2 .*closed by peer \(FIN\)/);
    }, { command: [...UNMARKED, ...clientCommand(server.port)] });
  });
});
