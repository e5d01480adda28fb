// A server on every interface (`--host 0.0.0.0` or `::`) prints the addresses others can use,
// not `nc 0.0.0.0 3333`. Each server runs in a network namespace of its own, with loopback and one
// made-up interface (documentation addresses, RFC 5737 and RFC 3849), so nothing listens beyond
// this test.
import { equal, match } from "node:assert/strict";
import { bakedPermissions } from "../testing/compile.ts";
import { ServerProcess } from "../testing/process.ts";
import { missing } from "../testing/tools.ts";

const noNamespace = await missing("network namespace");

/** Runs what follows in a new network namespace holding lo and `lab0` (a veth pair's end). */
const IN_NAMESPACE = [
  "unshare",
  "-n",
  "sh",
  "-ec",
  [
    "ip link set lo up",
    "ip link add lab0 type veth peer name lab1",
    "ip addr add 192.0.2.10/24 dev lab0",
    "ip -6 addr add 2001:db8::10/64 dev lab0 nodad",
    "ip link set lab0 up",
    "ip link set lab1 up",
    'exec "$@"',
  ].join("; "),
  "sh",
];

/** The `[INFO] mode ...` line of a server started with `args` and `program` in the namespace. */
async function infoLine(args: string[], program?: string[]): Promise<string> {
  await using server = ServerProcess.start(["--port", "0", ...args], {
    wrap: IN_NAMESPACE,
    // Without a program: `deno task server`, with the permissions deno.json gives it.
    ...(program ? { program } : { viaTask: true }),
  });
  const port = await server.port();
  const info = await server.waitFor(/^\[INFO\] mode /);
  server.child.kill("SIGTERM");
  equal(await server.exit(), 0);
  return info.replaceAll(` ${port}`, " PORT");
}

Deno.test({
  name: "host: --host 0.0.0.0 and :: print the machine's addresses, with the permissions shipped",
  ignore: noNamespace,
}, async () => {
  const v4 =
    "connect with: nc 192.0.2.10 PORT from other computers, nc 127.0.0.1 PORT from this one";
  // As `deno task server` runs it, and as the compiled binary's baked permissions allow.
  const baked = [Deno.execPath(), "run", ...await bakedPermissions("server"), "main_server.ts"];
  for (const program of [undefined, baked]) {
    match(await infoLine(["--host", "0.0.0.0"], program), new RegExp(`; ${escape(v4)}$`));
    match(
      await infoLine(["--host", "::"], program),
      new RegExp(
        `; connect with: nc 2001:db8::10 PORT or nc 192\\.0\\.2\\.10 PORT from other computers, ` +
          `nc 127\\.0\\.0\\.1 PORT from this one$`,
      ),
    );
  }
});

Deno.test({
  name: "host: without the permission to list interfaces, the server says how to find the address",
  ignore: noNamespace,
}, async () => {
  const info = await infoLine(["--host", "0.0.0.0"], [
    Deno.execPath(),
    "run",
    "--allow-net",
    "--allow-env",
    "main_server.ts",
  ]);
  match(info, /connect with: nc 127\.0\.0\.1 PORT from this computer; from others, with this /);
  match(info, /\(Linux: hostname -I; macOS: ipconfig getifaddr en0; Windows: ipconfig\)$/);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
