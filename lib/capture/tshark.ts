/**
 * Reading captures with `tshark`: the TCP segments of a capture, and the lines our dissector
 * (wireshark/tcpchat.lua) finds in them, as plain records.
 *
 * Each function runs one tshark command; the commands are the ones docs/TRAFFIC.md shows.
 *
 * @module
 */

import { toolCommand } from "./tools.ts";

/** Whether tshark is here, re-exported for whoever reads captures (see ./permission.ts). */
export { tsharkProblem } from "./permission.ts";

/** The dissector, for `tshark -X lua_script:...`. */
export const DISSECTOR = new URL("../../wireshark/tcpchat.lua", import.meta.url).pathname;

/** One TCP segment of a capture. */
export interface Segment {
  readonly frame: number;
  /** Seconds since 1970, with microseconds. */
  readonly time: number;
  readonly stream: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Relative sequence number (`tcp.seq`): where the payload starts in its direction's bytes. */
  readonly seq: number;
  /** Payload bytes (`tcp.len`). */
  readonly len: number;
  readonly syn: boolean;
  readonly ack: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
}

/** One line the dissector found. */
export interface DissectedLine {
  readonly frame: number;
  readonly stream: number;
  readonly direction: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly len: number;
  /** What ended it: `LF`, `CR LF`, `CR NUL`, `CR`, `pause`, `FIN` (tcpchat.ending). */
  readonly ending: string;
}

const SEGMENT_FIELDS = [
  "frame.number",
  "frame.time_epoch",
  "tcp.stream",
  "tcp.srcport",
  "tcp.dstport",
  "tcp.seq",
  "tcp.len",
  "tcp.flags.syn",
  "tcp.flags.ack",
  "tcp.flags.fin",
  "tcp.flags.reset",
];

/** Every TCP segment of a capture file, in capture order. */
export async function readSegments(file: string): Promise<Segment[]> {
  const out = await tshark(["-r", file, "-Y", "tcp", ...fields(SEGMENT_FIELDS)]);
  return rows(out).map(segmentOf);
}

/**
 * Every TCP segment with its payload (hex, as tshark prints `tcp.payload`; empty without data),
 * both in one reading of the file, handed to `take` one by one as tshark prints them: `take`
 * returns `false` to stop, and tshark is stopped then, so memory holds only what `take` keeps
 * (a capture of gigabytes is not read whole to be refused). Resolves to `false` when stopped;
 * throws with tshark's error output when it fails.
 */
export async function eachSegmentWithPayload(
  file: string,
  take: (segment: Segment, payload: string) => boolean,
): Promise<boolean> {
  const child = new Deno.Command(toolCommand("tshark"), {
    args: ["-r", file, "-Y", "tcp", ...fields([...SEGMENT_FIELDS, "tcp.payload"])],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { LC_ALL: "C.UTF-8" },
  }).spawn();
  const errors = boundedText(child.stderr, TSHARK_ERROR_BYTES);
  const decoder = new TextDecoder();
  let rest = "";
  let stopped = false;
  const row = (line: string) => {
    if (line === "") return true;
    const f = line.split("\t");
    return take(segmentOf(f), f[SEGMENT_FIELDS.length] ?? "");
  };
  reading: for await (const chunk of child.stdout) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
      const ok = row(text.slice(from, nl));
      from = nl + 1;
      if (!ok) {
        stopped = true;
        break reading;
      }
    }
    rest = text.slice(from);
  }
  if (stopped) {
    try {
      child.kill("SIGTERM");
    } catch { /* it ended by itself meanwhile */ }
  } else if (!row(rest)) stopped = true;
  const status = await child.status;
  const said = (await errors).split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("Running as user")).join("\n");
  if (!stopped && !status.success) {
    throw new Error(`tshark -r ${file} failed:\n${said}`);
  }
  return !stopped;
}

/** The most of tshark's error output kept: its first lines say what is wrong. */
const TSHARK_ERROR_BYTES = 16 * 1024;

/** A stream's first `max` bytes as text; the rest is read and dropped, so the writer never stalls. */
async function boundedText(stream: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const kept: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size < max) kept.push(chunk.subarray(0, max - size));
    size += chunk.length;
  }
  const all = new Uint8Array(kept.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of kept) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/** A row of {@link SEGMENT_FIELDS} as a segment. */
function segmentOf(f: string[]): Segment {
  return {
    frame: Number(f[0]),
    time: Number(f[1]),
    stream: Number(f[2]),
    srcPort: Number(f[3]),
    dstPort: Number(f[4]),
    seq: Number(f[5]),
    len: Number(f[6]),
    syn: flag(f[7]),
    ack: flag(f[8]),
    fin: flag(f[9]),
    rst: flag(f[10]),
  };
}

const LINE_FIELDS = [
  "frame.number",
  "tcp.stream",
  "tcpchat.direction",
  "tcpchat.kind",
  "tcpchat.from",
  "tcpchat.to",
  "tcpchat.text",
  "tcpchat.len",
  "tcpchat.ending",
];
/**
 * Every line the dissector finds in a capture of a server on `port`, in order. It reads the file
 * in two passes, as Wireshark's window does: a message that a pause or a FIN ended is known only
 * from the packets after it (`onePass` reads it once, as plain `tshark -r` does). `prefs` sets more
 * preferences (`tcpchat.max_line:16`, `tcp.reassemble_out_of_order:TRUE`). The fields come as
 * JSON: a line's text may hold any character, so no separator could be trusted.
 */
export async function readLines(
  file: string,
  port: number,
  options: { onePass?: boolean; prefs?: string[] } = {},
): Promise<DissectedLine[]> {
  const out = await tshark([
    ...(options.onePass ? [] : ["-2"]),
    ...(options.prefs ?? []).flatMap((pref) => ["-o", pref]),
    "-X",
    `lua_script:${DISSECTOR}`,
    "-o",
    `tcpchat.ports:${port}`,
    "-r",
    file,
    "-Y",
    "tcpchat.kind",
    "-T",
    "json",
    ...LINE_FIELDS.flatMap((name) => ["-e", name]),
  ]);
  const lines: DissectedLine[] = [];
  const packets = JSON.parse(out === "" ? "[]" : out) as {
    _source: { layers: Record<string, string[] | undefined> };
  }[];
  for (const { _source: { layers } } of packets) {
    const field = (name: string) => layers[name] ?? [];
    const [direction, kind, from, to, text, len, ending] = LINE_FIELDS.slice(2).map(field);
    for (let i = 0; i < kind.length; i++) {
      lines.push({
        frame: Number(field("frame.number")[0]),
        stream: Number(field("tcp.stream")[0]),
        direction: direction[i],
        kind: kind[i],
        from: from[i],
        to: to[i],
        text: text[i] ?? "",
        len: Number(len[i]),
        ending: ending[i],
      });
    }
  }
  return lines;
}

/**
 * Runs tshark and returns its standard output; throws with its error output if it fails. `env`
 * adds environment variables (`HOME` for the plugin folder it reads).
 */
export async function tshark(args: string[], env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(toolCommand("tshark"), {
    args,
    stdin: "null",
    env: { LC_ALL: "C.UTF-8", ...env },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const errors = new TextDecoder().decode(out.stderr).split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("Running as user")).join("\n");
  // A Lua script that fails to load leaves tshark running, and exiting 0, without it.
  if (!out.success || /Lua: Error/.test(errors)) {
    throw new Error(`tshark ${args.join(" ")} failed:\n${errors}`);
  }
  return text;
}

function fields(names: readonly string[]): string[] {
  return ["-T", "fields", "-E", "separator=/t", ...names.flatMap((name) => ["-e", name])];
}

function rows(out: string): string[][] {
  return out.split("\n").filter((line) => line !== "").map((line) => line.split("\t"));
}

/** tshark 4.0 prints flags as 1/0, newer versions as True/False. */
function flag(value: string): boolean {
  return value === "1" || value === "True";
}
