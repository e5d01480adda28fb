import { deepEqual, equal } from "node:assert/strict";
import {
  discard,
  existing,
  outputFile,
  publish,
  sudoOwner,
  writableProblem,
} from "./output_files.ts";

Deno.test("output files: a temporary name beside the final one, relative to the student's folder", () => {
  deepEqual(outputFile("log.txt", "/home/ana/lab"), {
    shown: "log.txt",
    path: "/home/ana/lab/log.txt",
    temp: "/home/ana/lab/.log.txt.recording",
  });
  equal(outputFile("/tmp/x.pcapng", "/home/ana").temp, "/tmp/.x.pcapng.recording");
});

Deno.test("output files: sudo's user, only when running as root (or not knowing) under sudo", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  deepEqual(sudoOwner(env({ SUDO_UID: "1000", SUDO_GID: "100" }), 0), { uid: 1000, gid: 100 });
  deepEqual(sudoOwner(env({ SUDO_UID: "1000" }), null), { uid: 1000, gid: 1000 });
  equal(sudoOwner(env({ SUDO_UID: "1000" }), 1000), undefined);
  equal(sudoOwner(env({}), 0), undefined);
  equal(sudoOwner(env({ SUDO_UID: "0" }), 0), undefined, "root ran sudo: root's files");
  equal(sudoOwner(env({ SUDO_UID: "x" }), 0), undefined);
});

Deno.test("output files: published only from their temporary names, readable by everyone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const log = outputFile("log.txt", dir);
    const capture = outputFile("chat.pcapng", dir);
    await Deno.writeTextFile(log.path, "earlier");
    deepEqual(await existing([log, capture]), ["log.txt"]);
    equal(await writableProblem(log), null);
    equal(
      await writableProblem(outputFile("no/such/file", dir)),
      "the folder no/such does not exist",
    );
    await Deno.writeTextFile(log.temp, "new log");
    await Deno.writeTextFile(capture.temp, "new capture", { mode: 0o600 });
    // A failed recording: the temporary files go, the earlier one stays.
    await discard([log, capture]);
    equal(await Deno.readTextFile(log.path), "earlier");
    deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["log.txt"]);
    // A good one: both replace what was there, mode 644.
    await Deno.writeTextFile(log.temp, "new log");
    await Deno.writeTextFile(capture.temp, "new capture", { mode: 0o600 });
    equal(await publish([log, capture]), null);
    equal(await Deno.readTextFile(log.path), "new log");
    equal(((await Deno.stat(capture.path)).mode! & 0o777).toString(8), "644");
    deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["chat.pcapng", "log.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("output files: a path through a file, or onto a folder, is a few words, not errno", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    equal(
      await writableProblem(outputFile("file/log.txt", dir)),
      "a part of the path is a file, not a folder",
    );
    const log = outputFile("log.txt", dir);
    await Deno.mkdir(log.path);
    await Deno.writeTextFile(log.temp, "new log");
    equal(await publish([log]), "log.txt: it is a folder, not a file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
