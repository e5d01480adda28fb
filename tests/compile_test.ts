// scripts/compile.sh as a release runs it: the exact command for every target (--dry-run), and
// one clear line for each way it can fail. Building a real binary is tests/binary_test.ts.
import { deepEqual, equal } from "node:assert/strict";
import { binaryName, compileScript, version } from "../testing/compile.ts";

const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];
// Written out here on purpose: a change to what the binaries may do must change this test too.
const SERVER_PERMISSIONS =
  "--allow-net --allow-env=NO_COLOR,LC_ALL,LC_MESSAGES,LANG --allow-write --allow-sys=networkInterfaces --allow-read=/dev/null";
const CLIENT_PERMISSIONS = "--allow-net --allow-env=NO_COLOR,LC_ALL,LC_MESSAGES,LANG";
const GRADE_PERMISSIONS = "--allow-net " +
  "--allow-env=NO_COLOR,LC_ALL,LC_MESSAGES,LANG,INIT_CWD,SUDO_UID,SUDO_GID,PATH,Path,ProgramFiles," +
  "ProgramW6432 --allow-read --allow-write --allow-run --allow-sys=uid";
const COMPILE = "deno compile --quiet --no-prompt --exclude-unused-npm";

function commands(target: string, dir = "dist"): string[] {
  return [
    `${COMPILE} --target ${target} ${SERVER_PERMISSIONS} --output ${dir}/${
      binaryName("server", target)
    } main_server.ts`,
    `${COMPILE} --target ${target} ${CLIENT_PERMISSIONS} --output ${dir}/${
      binaryName("client", target)
    } main_client.ts`,
    `${COMPILE} --target ${target} ${GRADE_PERMISSIONS} --output ${dir}/${
      binaryName("grade", target)
    } main_grade.ts`,
  ];
}

function lines(text: string): string[] {
  return text.trimEnd().split("\n");
}

Deno.test("compile: --dry-run prints the exact command for each of the five targets", async () => {
  const { code, stdout, stderr } = await compileScript(["--dry-run"]);
  equal(code, 0, stderr);
  const files = TARGETS.flatMap((
    t,
  ) => [binaryName("server", t), binaryName("client", t), binaryName("grade", t)]);
  deepEqual(lines(stdout), [
    `# tcpchat ${await version()}: 15 binaries into dist/`,
    ...TARGETS.flatMap((target) => commands(target)),
    `(cd dist && sha256sum ${files.join(" ")} > SHA256SUMS)`,
  ]);
});

Deno.test("compile: named targets and --out-dir choose what is built and where", async () => {
  const target = "x86_64-pc-windows-msvc";
  const { code, stdout } = await compileScript(["--dry-run", "--out-dir", "out", target]);
  equal(code, 0);
  deepEqual(lines(stdout).slice(1), [
    ...commands(target, "out"),
    `(cd out && sha256sum chat-server-${target}.exe chat-client-${target}.exe chat-grade-${target}.exe > SHA256SUMS)`,
  ]);
});

Deno.test("compile: with DENORT_BIN it builds one target, the host's unless named", async () => {
  const denort = Deno.execPath(); // any existing file will do for a dry run
  const host = await compileScript(["--dry-run"], { DENORT_BIN: denort });
  equal(host.code, 0);
  deepEqual(lines(host.stdout).slice(1, 4), commands(Deno.build.target));
  const named = await compileScript(["--dry-run", "aarch64-apple-darwin"], { DENORT_BIN: denort });
  deepEqual(lines(named.stdout).slice(1, 4), commands("aarch64-apple-darwin"));
});

Deno.test("compile: each bad request is one line on stderr and exit code 2", async () => {
  const cases: [string[], Record<string, string>, string][] = [
    [["sparc-sun-solaris"], {}, `unknown target sparc-sun-solaris; known: ${TARGETS.join(" ")}`],
    [["--fast"], {}, "unknown option --fast (see --help)"],
    [["--out-dir"], {}, "--out-dir needs a directory"],
    [[], { DENORT_BIN: "/nonexistent/denort" }, "DENORT_BIN=/nonexistent/denort is not a file"],
    [
      ["x86_64-apple-darwin", "aarch64-apple-darwin"],
      { DENORT_BIN: Deno.execPath() },
      "DENORT_BIN is a runtime for one target; name just that one " +
      "(got x86_64-apple-darwin aarch64-apple-darwin)",
    ],
  ];
  for (const [args, env, message] of cases) {
    const { code, stdout, stderr } = await compileScript(["--dry-run", ...args], env);
    equal(code, 2, args.join(" "));
    equal(stdout, "");
    equal(stderr, `compile.sh: ${message}\n`);
  }
});

// What deno 2.9.6 prints when it cannot fetch denort (recorded on a machine without access to
// dl.deno.land, colours removed). A stand-in `deno` replays it, so the test runs the same
// everywhere, including where the download would succeed.
const DOWNLOAD_FAILED =
  `error: Writing deno compile executable to temporary file 'dist/chat-server-x86_64-unknown-linux-gnu.tmp-a02393f7ce5ab5fe'

Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known
    2: client error (Connect)
    3: dns error
    4: failed to lookup address information: Name or service not known

Stack backtrace:
   0: <unknown>
`;
const TYPE_ERROR = `TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.
    at file:///main_server.ts:1:7

error: Type checking failed.

Stack backtrace:
   0: <unknown>
`;

/** Runs compile.sh for one target with a `deno` that prints `errors` and fails. */
async function compileWithFailingDeno(errors: string) {
  const dir = await Deno.makeTempDir();
  try {
    const fake = `${dir}/deno`;
    await Deno.writeTextFile(`${dir}/errors.txt`, errors);
    await Deno.writeTextFile(fake, `#!/bin/sh\ncat '${dir}/errors.txt' >&2\nexit 1\n`);
    await Deno.chmod(fake, 0o755);
    return await compileScript(["--out-dir", `${dir}/out`, "x86_64-unknown-linux-gnu"], {
      DENO: fake,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("compile: a denort that cannot be downloaded is one clear line naming DENORT_BIN", async () => {
  const { code, stderr } = await compileWithFailingDeno(DOWNLOAD_FAILED);
  equal(code, 1);
  equal(
    stderr,
    "compile.sh: deno compile could not download its runtime (denort) for " +
      "x86_64-unknown-linux-gnu from dl.deno.land; set DENORT_BIN to a denort binary for that " +
      "target and run again\n",
  );
});

Deno.test("compile: any other failure is shown as deno printed it, without the backtrace", async () => {
  const { code, stderr } = await compileWithFailingDeno(TYPE_ERROR);
  equal(code, 1);
  equal(stderr, TYPE_ERROR.slice(0, TYPE_ERROR.indexOf("Stack backtrace:")));
});

Deno.test("compile: the live view's page is in the server's module graph, which a binary holds", async () => {
  // deno compile puts a program's module graph inside the binary; the page's files are imported
  // as text (lib/server/web/assets.ts), so they are part of it and need no --include.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main_server.ts"],
    cwd: new URL("../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "null",
  }).output();
  const graph: { modules: { specifier: string }[] } = JSON.parse(
    new TextDecoder().decode(out.stdout),
  );
  const inGraph = graph.modules.map((m) => m.specifier)
    .filter((s) => s.includes("/lib/server/web/static/"))
    .map((s) => s.slice(s.lastIndexOf("/") + 1)).sort();
  const files = [...Deno.readDirSync(new URL("../lib/server/web/static/", import.meta.url))]
    .map((e) => e.name).sort();
  deepEqual(inGraph, files);
});
