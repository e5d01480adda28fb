// A hand-in's files are opened before they are read: a folder, an empty capture or a log far
// larger than a lab's is one short line naming the file once; a UTF-16 log (Windows PowerShell
// 5.1's `>`) is read as its text.
import { equal } from "node:assert/strict";
import { captureFileProblem, decodeLog, MAX_LOG_BYTES, readLogFile } from "./handin_files.ts";
import { GRADE_EN } from "./texts.ts";
import { GRADE_RO } from "./texts_ro.ts";

const LOG = "$ python3 server.py 3333\n[RECV] From 127.0.0.1:50000 -> ăîșț 👋\r\n";

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out.push(...(bigEndian ? [unit >> 8, unit & 0xff] : [unit & 0xff, unit >> 8]));
  }
  return new Uint8Array(out);
}

Deno.test("hand-in files: a log in UTF-16 (either order, mark or not) or UTF-8 reads the same", () => {
  equal(decodeLog(utf16(LOG, false, true)), LOG);
  equal(decodeLog(utf16(LOG, true, true)), LOG);
  equal(
    decodeLog(utf16("[RECV] From 127.0.0.1:50000 -> hi\n", false, false)),
    "[RECV] From 127.0.0.1:50000 -> hi\n",
  );
  equal(decodeLog(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(LOG)])), LOG);
  equal(decodeLog(new TextEncoder().encode(LOG)), LOG);
});

Deno.test("hand-in files: a folder, an empty capture, a huge log: one line naming the file once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const folder = await readLogFile(dir);
    equal(typeof folder, "function");
    equal(
      (folder as (t: typeof GRADE_EN) => string)(GRADE_EN),
      `cannot read log ${dir}: it is a folder, not a file`,
    );
    const empty = `${dir}/empty.pcapng`;
    await Deno.writeFile(empty, new Uint8Array());
    equal(
      (await captureFileProblem(empty))?.(GRADE_EN),
      `capture ${empty} is an empty file (0 bytes): was it saved before anything was written to it? Record it again`,
    );
    // A sparse file: its size is crossed without writing (or reading) 600 MB.
    const huge = `${dir}/huge.txt`;
    await Deno.writeTextFile(huge, LOG);
    await Deno.truncate(huge, 600 * 1024 * 1024);
    const big = await readLogFile(huge);
    equal(typeof big, "function");
    equal(
      (big as (t: typeof GRADE_RO) => string)(GRADE_RO).startsWith(
        `logul ${huge} e prea mare (600 MiB;`,
      ),
      true,
    );
    await Deno.truncate(huge, MAX_LOG_BYTES);
    equal(typeof await readLogFile(huge), "string");
    const utf = `${dir}/utf16.txt`;
    await Deno.writeFile(utf, utf16(LOG, false, true));
    equal(await readLogFile(utf), LOG);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
