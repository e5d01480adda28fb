// What the shell reports after Ctrl+C stops the server in a real terminal (tmux), for the two
// ways the README starts it: `deno task server` exits with 0; under npx the shell sees 130
// (128 + SIGINT), because Ctrl+C also ends npx itself. The server stops cleanly either way.
import { equal, match } from "node:assert/strict";
import { readmeProse, shellEnv } from "../testing/readme.ts";
import { promptAfter, runCommand, startShell } from "../testing/shell_terminal.ts";
import { missing } from "../testing/tools.ts";

const noTmux = await missing("tmux");
const noNpx = noTmux || await missing("npx");
const prose = (await readmeProse()).replaceAll(/\s+/g, " ");
/** npx may first download Deno from npm. */
const START_MS = 120_000;

/** Starts `command` in an interactive shell, presses Ctrl+C, and returns what `$?` says. */
async function statusAfterCtrlC(command: string): Promise<number> {
  const term = await startShell({ PATH: shellEnv().PATH });
  try {
    await runCommand(term, `${command} --port 0`);
    await term.waitFor(/^\[INFO\] Server ready/, START_MS);
    await term.press("C-c");
    await term.waitFor((rows) => promptAfter(rows, /\[STOP\] /));
    await runCommand(term, 'echo "exit status $?"');
    const rows = await term.waitFor(/^exit status \d+$/);
    return Number(rows.find((row) => /^exit status \d+$/.test(row))!.split(" ")[2]);
  } finally {
    await term.kill();
  }
}

Deno.test({
  name: "server in a terminal: after Ctrl+C, `deno task server` exits with 0, as the README says",
  ignore: noTmux,
}, async () => {
  match(prose, /exits with code 0/);
  equal(await statusAfterCtrlC("deno task server"), 0);
});

Deno.test({
  name: "server in a terminal: after Ctrl+C under npx the shell sees 130, as the README says",
  ignore: noNpx,
}, async () => {
  match(prose, /`npx -y deno@2\.9\.6 task server`[^.]*130/);
  equal(await statusAfterCtrlC("npx -y deno@2.9.6 task server"), 130);
});
