// The permissions compile.sh bakes into the binaries are enough, and no more than the programs use.
//
// No binary is needed: each program runs under `deno run` with exactly the flags its binary gets
// (read from compile.sh --dry-run), and Deno's permission audit (DENO_AUDIT_PERMISSIONS) records
// every check the program makes, granted or not. A program that starts reading a new variable, or
// writing a second file, fails here with the name of what it asked for.
import { deepEqual, equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { bakedPermissions, type Program } from "../testing/compile.ts";
import { ProcessGroup } from "../lib/process/process_group.ts";
import { TestClient } from "../testing/client.ts";
import { ChildOutput, isAlive, ServerProcess } from "../testing/process.ts";
import { freePort, missing } from "../testing/tools.ts";
import { countReached, firstMatch } from "../testing/wait_until.ts";

const ROOT = new URL("..", import.meta.url).pathname;

interface Check {
  readonly permission: string;
  readonly value: string | null;
}

async function audited(path: string): Promise<Check[]> {
  const text = await Deno.readTextFile(path);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

/** Every check `flags` does not grant, as `permission value` (the log file is the one write). */
function refused(checks: Check[], flags: string[], program: Program, logFile = ""): string[] {
  const envNames = flags.find((f) => f.startsWith("--allow-env="))?.split("=")[1].split(",");
  return checks.filter(({ permission, value }) => {
    switch (permission) {
      case "net":
        return !flags.includes("--allow-net");
      case "env":
        return !envNames?.includes(value ?? "");
      case "write":
        return !(program === "server" && flags.includes("--allow-write") && value === logFile);
      case "sys":
        // The machine's addresses, for the hint a server on every interface prints.
        return !(program === "server" && flags.includes(`--allow-sys=${value}`));
      case "read":
        // Deno notes a read check when it opens a file to append; the open needs no read
        // permission (none is granted, and the log file is written below). The server reads
        // /dev/null, and only that, to measure its descriptors (lib/server/descriptors.ts).
        return !(program === "server" && (value === logFile ||
          (value === "/dev/null" && flags.includes("--allow-read=/dev/null"))));
      default:
        return true;
    }
  }).map(({ permission, value }) => `${permission} ${value}`);
}

Deno.test("permissions: server and client work with exactly what their binaries get", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const serverFlags = await bakedPermissions("server");
    const clientFlags = await bakedPermissions("client");
    const logFile = `${dir}/server.log`;
    // With the live view on: serving the page needs nothing more than the network.
    await using server = ServerProcess.start(["--port", "0", "--log-file", logFile, "--web", "0"], {
      program: [Deno.execPath(), "run", ...serverFlags, "main_server.ts"],
      // The language comes from LANG: reading it must be granted for Romanian to show.
      env: { LANG: "ro_RO.UTF-8", LC_ALL: "", DENO_AUDIT_PERMISSIONS: `${dir}/server.jsonl` },
    });
    const port = await server.port();
    const web = (await server.waitFor(/^\[INFO\] live view: open /)).split(" ").at(-1)!;
    for (const path of ["", "main.js"]) {
      const page = await fetch(web + path);
      equal(page.status, 200, path);
      await page.body?.cancel();
    }
    const client = ClientProcess.spawn(
      Deno.execPath(),
      ["run", ...clientFlags, "main_client.ts", "127.0.0.1", String(port)],
      { env: { DENO_AUDIT_PERMISSIONS: `${dir}/client.jsonl` } },
    );
    await client.until(/^\? id:/);
    await client.type("ana");
    equal(await client.until(/^\* hello/), "* hello ana: Salut, ana!");
    await client.type("2");
    equal(await client.exit(), 0);
    await server.waitFor(/^\[DISCONNECT\] /);
    server.child.kill("SIGTERM");
    equal(await server.exit(), 0);
    match(await Deno.readTextFile(logFile), /\[RECV\] .* "ana"/);

    const serverChecks = await audited(`${dir}/server.jsonl`);
    deepEqual(refused(serverChecks, serverFlags, "server", logFile), []);
    deepEqual(refused(await audited(`${dir}/client.jsonl`), clientFlags, "client"), []);
    // The audit saw the server ask for what it was given: it is a real record, not an empty file.
    match(JSON.stringify(serverChecks), /"permission":"write","value":"[^"]*server\.log"/);
    match(JSON.stringify(serverChecks), /"permission":"read","value":"\/dev\/null"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("permissions: the server writes only the file --log-file names, and none without it", async () => {
  // Seen from outside: without --log-file no write check at all, with it exactly one. That
  // nothing can be written afterwards is lib/program_test.ts (dropWritePermission).
  const dir = await Deno.makeTempDir();
  try {
    const serverFlags = await bakedPermissions("server");
    for (const withLog of [false, true]) {
      const audit = `${dir}/audit-${withLog}.jsonl`;
      await using server = ServerProcess.start(
        ["--port", "0", ...(withLog ? ["--log-file", `${dir}/server.log`] : [])],
        {
          program: [Deno.execPath(), "run", ...serverFlags, "main_server.ts"],
          env: { DENO_AUDIT_PERMISSIONS: audit },
        },
      );
      await server.waitFor(/^\[INFO\] Server ready/);
      server.child.kill("SIGTERM");
      equal(await server.exit(), 0);
      const writes = (await audited(audit)).filter((c) => c.permission === "write");
      deepEqual(writes.map((c) => c.value), withLog ? [`${dir}/server.log`] : []);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * Every check of an audit that the grader's baked `flags` do not grant: env outside its list, sys
 * other than uid, anything but net, read, write, run (running is not limited to a list).
 */
function refusedToGrader(checks: Check[], flags: string[]): Check[] {
  const envNames = flags.find((f) => f.startsWith("--allow-env="))!.split("=")[1].split(",");
  const sys = flags.find((f) => f.startsWith("--allow-sys="))?.split("=")[1].split(",") ?? [];
  return checks.filter(({ permission, value }) =>
    permission === "env"
      ? !envNames.includes(value ?? "")
      : permission === "sys"
      ? !sys.includes(value ?? "")
      : !["net", "read", "write", "run"].includes(permission)
  );
}

/** The grader under `deno run` with exactly its binary's flags, audited, in `cwd`. */
function grader(flags: string[], args: string[], cwd: string, env: Record<string, string>) {
  return ProcessGroup.spawn(Deno.execPath(), {
    args: ["run", ...flags, `${ROOT}main_grade.ts`, ...args],
    cwd,
    // A binary is run where the user is: no deno task, so no INIT_CWD.
    env: { NO_COLOR: "1", LC_ALL: "C.UTF-8", INIT_CWD: "", ...env },
  });
}

Deno.test({
  name:
    "permissions: the grader starts, grades and stops a server, in Romanian, with exactly what its binary gets",
  ignore: await missing("python3"),
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const flags = await bakedPermissions("grade");
    const audit = `${dir}/grade.jsonl`;
    // A server deaf to Ctrl+C (SIGINT ignored), as the grader meets them, which says its pid:
    // the grader must stop it, with its shell, before it ends. (Left to the lifeline, it would
    // live 2 s more: the lifeline's SIGINT first.)
    const server = `trap "" INT; echo $$ > ${dir}/server.pid; ` +
      `exec python3 ${ROOT}tests/fixtures/echo_example.py {PORT}`;
    const run = grader(
      flags,
      ["--lab", "echo", "--only", "echo.reply", "--port", "0", "--server-cmd", server]
        .concat(["--junit", "junit.xml"]),
      dir,
      { DENO_AUDIT_PERMISSIONS: audit, LANG: "ro_RO.UTF-8", LC_ALL: "" },
    );
    const out = await run.output();
    const stdout = new TextDecoder().decode(out.stdout);
    const pid = Number(await Deno.readTextFile(`${dir}/server.pid`));
    equal(isAlive(pid), false, "the server (and its shell) stopped before the grader ended");
    equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
    match(stdout, /^ +OK +echo\.reply +o linie se întoarce/m);
    match(await Deno.readTextFile(`${dir}/junit.xml`), /<testsuites/);
    const checks = await audited(audit);
    deepEqual(refusedToGrader(checks, flags), []);
    match(JSON.stringify(checks), /"permission":"net"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "permissions: recording a hand-in and checking it, with exactly what the grader's binary gets",
  ignore: await missing("loopback capture"),
}, async () => {
  const dir = await Deno.makeTempDir();
  const flags = await bakedPermissions("grade");
  const port = freePort();
  const audit = `${dir}/record.jsonl`;
  const recorder = grader(flags, ["record", "--port", String(port)], dir, {
    DENO_AUDIT_PERMISSIONS: audit,
  });
  const output = new ChildOutput(recorder.child);
  try {
    await output.wait(firstMatch(output.stdout, /^== Ready\. /), "the recorder's Ready line");
    const clients = [];
    for (let i = 1; i <= 3; i++) {
      clients.push(await TestClient.connect("127.0.0.1", port));
      await output.wait(countReached(output.stdout, /^\[CONNECT\] /, i), `${i} clients`);
    }
    for (const [i, client] of [...clients, ...clients].entries()) {
      const text = `message ${i + 1}`;
      client.send(text);
      for (const other of clients.filter((c) => c !== client)) {
        await other.until(new RegExp(`\\] ${text}$`));
      }
    }
    for (const client of clients) client.close();
    await output.wait(countReached(output.stdout, /^\[DISCONNECT\] /, 3), "3 clients gone");
    recorder.signalLeader("SIGINT");
    equal((await recorder.child.status).code, 0, output.stderr.join("\n"));
    await output.done;
    deepEqual(refusedToGrader(await audited(audit), flags), []);

    const log = `${dir}/tcp_multiclient_server_output.txt`;
    await Deno.writeTextFile(
      log,
      "Three clients connected at once. Each has its own port. Each line reached the others. " +
        "The log names each client. Each connection ended with a FIN.\n",
      { append: true },
    );
    const checkAudit = `${dir}/check.jsonl`;
    const check = grader(
      flags,
      [
        "--capture",
        "tcp_multiclient_chat_capture.pcapng",
        "--log",
        "tcp_multiclient_server_output.txt",
      ]
        .concat(["--port", String(port)]),
      dir,
      { DENO_AUDIT_PERMISSIONS: checkAudit },
    );
    const checked = await check.output();
    const text = new TextDecoder().decode(checked.stdout);
    equal(checked.code, 0, text + new TextDecoder().decode(checked.stderr));
    match(text, /^no problems: /m);
    deepEqual(refusedToGrader(await audited(checkAudit), flags), []);
  } finally {
    recorder.signal("SIGKILL");
    await output.done;
    await Deno.remove(dir, { recursive: true });
  }
});

/** Whether `granted` flags allow what `needed` does: `--allow-X` covers every `--allow-X=...`. */
function covers(granted: readonly string[], needed: string): boolean {
  const [name, list] = needed.split("=");
  return granted.some((flag) => {
    const [grantedName, grantedList] = flag.split("=");
    if (grantedName !== name) return false;
    if (grantedList === undefined) return true;
    return list !== undefined && list.split(",").every((v) => grantedList.split(",").includes(v));
  });
}

Deno.test("permissions: deno task grade and deno task record grant what the grader's binary has", async () => {
  // A task short of a permission makes Deno ask for it in the middle of a recording (or deny it
  // without a terminal): Deno.uid() asked, at Ctrl+C, before the files were given to sudo's user.
  const { default: meta } = await import("../deno.json", { with: { type: "json" } });
  const baked = (await bakedPermissions("grade")).filter((f) => f.startsWith("--allow-"));
  for (const task of ["grade", "record"] as const) {
    const flags = (meta.tasks[task] as string).split(" ").filter((w) => w.startsWith("--allow-"));
    deepEqual(baked.filter((f) => !covers(flags, f)), [], `deno task ${task}`);
  }
});
