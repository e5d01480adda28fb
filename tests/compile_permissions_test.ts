// The permissions compile.sh bakes into the binaries are enough, and no more than the programs use.
//
// No binary is needed: each program runs under `deno run` with exactly the flags its binary gets
// (read from compile.sh --dry-run), and Deno's permission audit (DENO_AUDIT_PERMISSIONS) records
// every check the program makes, granted or not. A program that starts reading a new variable, or
// writing a second file, fails here with the name of what it asked for.
import { deepEqual, equal, match } from "node:assert/strict";
import { ClientProcess } from "../testing/client_process.ts";
import { bakedPermissions, type Program } from "../testing/compile.ts";
import { ServerProcess } from "../testing/process.ts";

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
      case "read":
        // Deno notes a read check when it opens a file to append; the open needs no read
        // permission (none is granted, and the log file is written below).
        return !(program === "server" && value === logFile);
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
    await using server = ServerProcess.start(["--port", "0", "--log-file", logFile], {
      program: [Deno.execPath(), "run", ...serverFlags, "main_server.ts"],
      // The language comes from LANG: reading it must be granted for Romanian to show.
      env: { LANG: "ro_RO.UTF-8", LC_ALL: "", DENO_AUDIT_PERMISSIONS: `${dir}/server.jsonl` },
    });
    const port = await server.port();
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

Deno.test("permissions: the grader starts and grades a server, in Romanian, with exactly what its binary gets", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const flags = await bakedPermissions("grade");
    const audit = `${dir}/grade.jsonl`;
    const runs = flags.find((f) => f.startsWith("--allow-run="))!.split("=")[1].split(",");
    const program = [Deno.execPath(), "run", ...flags, "main_grade.ts"];
    // The server started is audited by nobody: only the grader's own checks are recorded.
    const server =
      `env -u DENO_AUDIT_PERMISSIONS ${Deno.execPath()} run --allow-net main_server.ts --mode echo --port {PORT}`;
    const out = await new Deno.Command(program[0], {
      args: [...program.slice(1), "--lab", "echo", "--only", "echo.reply", "--port", "0"]
        .concat(["--server-cmd", server, "--junit", `${dir}/junit.xml`]),
      env: { DENO_AUDIT_PERMISSIONS: audit, LANG: "ro_RO.UTF-8", NO_COLOR: "1" },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
    match(stdout, /^ +OK +echo\.reply +o linie se întoarce/m);
    const checks = await audited(audit);
    const envNames = flags.find((f) => f.startsWith("--allow-env="))!.split("=")[1].split(",");
    const refusedChecks = checks.filter(({ permission, value }) =>
      permission === "env"
        ? !envNames.includes(value ?? "")
        : permission === "run"
        ? !runs.includes(value ?? "")
        : !["net", "read", "write"].includes(permission)
    );
    deepEqual(refusedChecks, []);
    // A real record (Deno notes no check for starting the shell: --allow-run=sh,tshark allows it).
    match(JSON.stringify(checks), /"permission":"net"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
