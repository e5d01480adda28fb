/**
 * "May this user capture on the loopback interface?", asked once before anything starts, with
 * one line that says what to do when the answer is no. `deno task record`, `scripts/capture.sh`
 * (through `scripts/capture_permission.ts`) and the tests that capture all ask here.
 *
 * Why a probe, and this one: `tshark -i lo` started without permission first prints "Capturing on
 * 'Loopback: lo'" and only then fails, so waiting for that line proves nothing, and `dumpcap -D`
 * lists interfaces without opening them. `dumpcap -i IFACE -f FILTER -d` compiles the capture
 * filter for the interface, which opens the device exactly as a capture does, and prints the
 * compiled BPF program (ending in `ret`) only when that worked; it takes milliseconds.
 *
 * @example
 * ```ts
 * import { classifyProbe, describeCaptureProblem } from "./permission.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * const problem = classifyProbe({
 *   stdout: "",
 *   stderr: 'dumpcap: You do not have permission to capture on device "lo".',
 * }, "lo");
 * equal(problem?.kind, "no-permission");
 * match(describeCaptureProblem(problem!, "linux", "en"), /run as root .* wireshark group/);
 * ```
 * @module
 */

import type { Language } from "../core/texts.ts";
import { loopbackInterface, toolCommand } from "./tools.ts";

/** Why this user cannot capture here. */
export type CaptureProblem =
  /** Wireshark's command-line tools (tshark, dumpcap) are not installed, or not found. */
  | { readonly kind: "no-tshark" }
  /** The interface exists but this user may not open it. */
  | { readonly kind: "no-permission"; readonly iface: string }
  /** No such interface (on Windows: Npcap installed without loopback support). */
  | { readonly kind: "no-interface"; readonly iface: string }
  /** Anything else; `detail` is the tool's own first line. */
  | { readonly kind: "failed"; readonly iface: string; readonly detail: string };

/** What the probe printed. */
export interface ProbeOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Lines the tools print on every run, which say nothing about a failure. */
const NOISE = /^(Running as user|Capturing on|\s*$)/;

/** Reads the probe's output (pure: the rules of {@link captureProblem}, testable alone). */
export function classifyProbe(out: ProbeOutput, iface: string): CaptureProblem | null {
  // The compiled filter ends with a `ret` instruction: the device was opened.
  if (/^\(\d+\) ret\b/m.test(out.stdout)) return null;
  const text = out.stderr;
  if (/permission|not permitted|access is denied|administrator/i.test(text)) {
    return { kind: "no-permission", iface };
  }
  if (
    /no such device|doesn't exist|does not exist|there is no device|unknown interface/i.test(text)
  ) {
    return { kind: "no-interface", iface };
  }
  const detail = text.split(/\r?\n/).find((line) => !NOISE.test(line))?.trim() ??
    "dumpcap printed no filter and no error";
  return { kind: "failed", iface, detail };
}

/**
 * Why this user cannot capture on `iface` (the loopback interface by default), or `null` when
 * it can. Never throws: every failure is a {@link CaptureProblem}.
 */
export async function captureProblem(
  iface: string = loopbackInterface(),
): Promise<CaptureProblem | null> {
  let out;
  try {
    out = await new Deno.Command(toolCommand("dumpcap"), {
      args: ["-i", iface, "-f", "tcp port 1", "-d"],
      stdin: "null",
      env: { LC_ALL: "C" },
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "no-tshark" };
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: "failed", iface, detail: `cannot run dumpcap: ${detail}` };
  }
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return classifyProbe({ stdout: decode(out.stdout), stderr: decode(out.stderr) }, iface);
}

/**
 * Why tshark cannot be used here, or `null` when it can: reading captures needs tshark only;
 * `capture` asks about capturing on the loopback interface too (see {@link captureProblem}).
 */
export async function tsharkProblem(options: { capture: boolean }): Promise<string | null> {
  try {
    await new Deno.Command(toolCommand("tshark"), {
      args: ["--version"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
  } catch {
    return describeCaptureProblem({ kind: "no-tshark" });
  }
  if (!options.capture) return null;
  const problem = await captureProblem();
  return problem === null ? null : describeCaptureProblem(problem);
}

/** How each system's user gets Wireshark's tools, and the right to capture. */
const FIX: Record<
  "linux" | "darwin" | "windows",
  Record<Language, { install: string; allow: string }>
> = {
  linux: {
    en: {
      install: "sudo apt-get install tshark (Debian/Ubuntu)",
      allow: "run as root (sudo), or join the wireshark group: sudo dpkg-reconfigure " +
        "wireshark-common (answer Yes), sudo usermod -aG wireshark $USER, then log out and in again",
    },
    ro: {
      install: "sudo apt-get install tshark (Debian/Ubuntu)",
      allow: "rulați ca root (sudo) sau intrați în grupul wireshark: sudo dpkg-reconfigure " +
        "wireshark-common (răspundeți Yes), sudo usermod -aG wireshark $USER, apoi deconectați-vă " +
        "și conectați-vă din nou",
    },
  },
  darwin: {
    en: {
      install: 'install Wireshark from wireshark.org, then open "/Applications/Wireshark.app/' +
        'Contents/Resources/Extras/Add Wireshark to the system path.pkg"',
      allow:
        'run with sudo, or install ChmodBPF, which comes with Wireshark: open "/Applications/' +
        'Wireshark.app/Contents/Resources/Extras/Install ChmodBPF.pkg" (it puts you in the ' +
        "access_bpf group), then log out and in again",
    },
    ro: {
      install: "instalați Wireshark de pe wireshark.org, apoi deschideți " +
        '"/Applications/Wireshark.app/Contents/Resources/Extras/Add Wireshark to the system path.pkg"',
      allow: "rulați cu sudo sau instalați ChmodBPF, care vine cu Wireshark: open " +
        '"/Applications/Wireshark.app/Contents/Resources/Extras/Install ChmodBPF.pkg" (vă pune ' +
        "în grupul access_bpf), apoi deconectați-vă și conectați-vă din nou",
    },
  },
  windows: {
    en: {
      install: "install Wireshark from wireshark.org, with Npcap",
      allow: 'reinstall Npcap (the Wireshark installer offers it) with "Support loopback ' +
        'traffic" ticked, and without "Restrict Npcap driver\'s access to Administrators only" ' +
        "(or run the terminal as Administrator)",
    },
    ro: {
      install: "instalați Wireshark de pe wireshark.org, cu Npcap",
      allow: 'reinstalați Npcap (îl oferă instalatorul Wireshark) cu "Support loopback traffic" ' +
        'bifat și fără "Restrict Npcap driver\'s access to Administrators only" (sau porniți ' +
        "terminalul ca Administrator)",
    },
  },
};

/** The one line that says what is wrong and what to do, for this system and language. */
export function describeCaptureProblem(
  problem: CaptureProblem,
  os: typeof Deno.build.os = Deno.build.os,
  lang: Language = "en",
): string {
  const fix = FIX[os === "windows" ? "windows" : os === "darwin" ? "darwin" : "linux"][lang];
  const ro = lang === "ro";
  switch (problem.kind) {
    case "no-tshark":
      return ro
        ? `tshark (linia de comandă a lui Wireshark) nu este instalat: ${fix.install}`
        : `tshark (Wireshark's command line) is not installed: ${fix.install}`;
    case "no-permission":
      return ro
        ? `acest utilizator nu are permisiunea de a captura pe ${problem.iface}: ${fix.allow}`
        : `this user has no permission to capture on ${problem.iface}: ${fix.allow}`;
    case "no-interface":
      // On Windows the loopback adapter is Npcap's, there only when installed with it.
      if (os === "windows") {
        return ro
          ? `adaptorul de loopback al Npcap lipsește: ${fix.allow}`
          : `Npcap's loopback adapter is missing: ${fix.allow}`;
      }
      return ro
        ? `interfața ${problem.iface} nu există aici (tshark -D le arată pe toate)`
        : `there is no interface ${problem.iface} here (tshark -D lists them all)`;
    case "failed":
      return ro
        ? `nu se poate captura pe ${problem.iface}: ${problem.detail}`
        : `cannot capture on ${problem.iface}: ${problem.detail}`;
  }
}
