import { equal, match } from "node:assert/strict";
import { type CaptureProblem, classifyProbe, describeCaptureProblem } from "./permission.ts";

const BPF = "(000) ldh      [12]\n(001) jeq      #0x86dd          jt 2\tjf 8\n(013) ret      #0\n";

Deno.test("permission probe: the compiled filter means the interface opened", () => {
  equal(classifyProbe({ stdout: BPF, stderr: "Capturing on 'Loopback: lo'\n" }, "lo"), null);
});

Deno.test("permission probe: dumpcap's words for a refused device are a permission problem", () => {
  // Linux (exit code 0 and all: only the missing filter tells), macOS, and Npcap's admin-only mode.
  for (
    const stderr of [
      "Capturing on 'Loopback: lo'\ndumpcap: You do not have permission to capture on device \"lo\".\n(socket: Operation not permitted)",
      "dumpcap: You don't have permission to capture on that device ((cannot open BPF device) /dev/bpf0: Permission denied)",
      'dumpcap: The capture session could not be initiated on capture device "\\Device\\NPF_Loopback" (Error opening adapter: Access is denied.  (5)).',
    ]
  ) {
    equal(classifyProbe({ stdout: "", stderr }, "lo")?.kind, "no-permission", stderr);
  }
});

Deno.test("permission probe: a missing interface, and anything else with the tool's own line", () => {
  const missingDevice =
    'dumpcap: The capture session could not be initiated on capture device "lo9" ' +
    "(lo9: No such device exists (No such device exists)).";
  equal(classifyProbe({ stdout: "", stderr: missingDevice }, "lo9")?.kind, "no-interface");
  const other = classifyProbe(
    { stdout: "", stderr: 'Running as user "root" and group "root".\ndumpcap: out of cheese\n' },
    "lo",
  );
  equal(other?.kind, "failed");
  equal(other?.kind === "failed" && other.detail, "dumpcap: out of cheese");
  match(describeCaptureProblem(other!), /^cannot capture on lo: dumpcap: out of cheese$/);
});

Deno.test("permission line: one line per system and language, with the commands that fix it", () => {
  const refused: CaptureProblem = { kind: "no-permission", iface: "lo" };
  const linux = describeCaptureProblem(refused, "linux", "en");
  match(linux, /^this user has no permission to capture on lo: run as root \(sudo\), or join/);
  match(linux, /sudo usermod -aG wireshark \$USER/);
  match(describeCaptureProblem(refused, "linux", "ro"), /grupul wireshark: sudo dpkg-reconfigure/);
  match(describeCaptureProblem(refused, "darwin", "en"), /Install ChmodBPF\.pkg/);
  match(describeCaptureProblem(refused, "windows", "ro"), /Support loopback traffic/);
  match(describeCaptureProblem({ kind: "no-tshark" }, "linux"), /sudo apt-get install tshark/);
  match(
    describeCaptureProblem({ kind: "no-interface", iface: "x" }, "windows"),
    /^Npcap's loopback adapter is missing: reinstall Npcap/,
  );
  for (const os of ["linux", "darwin", "windows"] as const) {
    for (const lang of ["en", "ro"] as const) {
      for (
        const problem of [
          refused,
          { kind: "no-tshark" },
          { kind: "no-interface", iface: "lo" },
        ] as CaptureProblem[]
      ) {
        equal(describeCaptureProblem(problem, os, lang).includes("\n"), false);
      }
    }
  }
});
