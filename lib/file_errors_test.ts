import { equal } from "node:assert/strict";
import { fileProblem } from "./file_errors.ts";

Deno.test("file errors: a few words each, without the errno or the path repeated", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const thrown = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (error) {
        return fileProblem(error);
      }
      throw new Error("did not throw");
    };
    await Deno.writeTextFile(`${dir}/file`, "x");
    equal(
      await thrown(() => Deno.open(`${dir}/no/such.log`, { append: true, create: true })),
      "no such file or folder",
    );
    equal(
      await thrown(() => Deno.open(dir, { append: true, create: true })),
      "it is a folder, not a file",
    );
    equal(await thrown(() => Deno.readTextFile(dir)), "it is a folder, not a file");
    equal(
      await thrown(() => Deno.open(`${dir}/file/x.log`, { append: true, create: true })),
      "a part of the path is a file, not a folder",
    );
    equal(
      fileProblem(new Error("Input/output error (os error 5): write 'x'")),
      "Input/output error",
    );
    equal(fileProblem("odd"), "odd");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
