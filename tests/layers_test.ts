// The layers import one way (README, "Layout"): a test fails when an import crosses a layer the
// wrong way, so the architecture the folders show is the one the code has.
import { deepEqual } from "node:assert/strict";
import { dirname, join, normalize } from "node:path";

const ROOT = new URL("../", import.meta.url).pathname;

/** Every TypeScript file below `dir` (relative to the root), skipping build output. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(join(ROOT, dir))];
  } catch {
    return out; // a layer that does not exist yet crosses nothing
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "dist") out.push(...tsFiles(path));
    else if (entry.isFile && entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

// Static imports and re-exports (`import x from "m"`, `export { y } from "m"`, `import "m"`) and
// dynamic ones; only at the start of a line, so examples in doc comments do not count.
const IMPORT = new RegExp(
  String
    .raw`^(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)?\s*from\s+"([^"]+)"` +
    String.raw`|^import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*[,)]`,
  "gm",
);

/** What a file imports: root-relative paths for relative specifiers, the specifier otherwise. */
function importsOf(file: string): string[] {
  const text = Deno.readTextFileSync(join(ROOT, file));
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = m[1] ?? m[2] ?? m[3];
    return spec.startsWith(".") ? normalize(join(dirname(file), spec)) : spec;
  });
}

const isTest = (file: string) => file.endsWith("_test.ts");
const under = (file: string, ...dirs: string[]) => dirs.some((d) => file.startsWith(d + "/"));

/** Each rule: which files it covers, and which of their imports break it. */
const RULES: { name: string; files: (f: string) => boolean; bad: (imp: string) => boolean }[] = [
  {
    name: "lib/core imports only lib/core",
    files: (f) => under(f, "lib/core") && !isTest(f),
    bad: (imp) => !under(imp, "lib/core"),
  },
  {
    name: "lib/client never imports lib/server",
    files: (f) => under(f, "lib/client"),
    bad: (imp) => under(imp, "lib/server"),
  },
  {
    name: "lib/server never imports lib/client",
    files: (f) => under(f, "lib/server"),
    bad: (imp) => under(imp, "lib/client"),
  },
  {
    name:
      "what the programs share (lib/net, lib/capture, lib/process, lib/*.ts) imports none of them",
    files: (f) => under(f, "lib/net", "lib/capture", "lib/process") || /^lib\/\w+\.ts$/.test(f),
    bad: (imp) => under(imp, "lib/server", "lib/client"),
  },
  {
    name:
      "the grader (lib/grade) imports neither the server nor the client: it judges from outside",
    files: (f) => under(f, "lib/grade"),
    bad: (imp) => under(imp, "lib/server", "lib/client"),
  },
  {
    name: "lib/record (the recorder runs the server, never the client) never imports lib/client",
    files: (f) => under(f, "lib/record"),
    bad: (imp) => under(imp, "lib/client"),
  },
  {
    name: "the programs and lib/ never import tests, test support or scripts",
    files: (f) => (under(f, "lib") && !isTest(f)) || /^main_\w+\.ts$/.test(f),
    bad: (imp) => under(imp, "tests", "testing", "scripts") || imp.startsWith("npm:"),
  },
  {
    name: "scripts never import tests",
    files: (f) => under(f, "scripts"),
    bad: (imp) => under(imp, "tests"),
  },
  {
    name: "test support never imports tests or scripts",
    files: (f) => under(f, "testing"),
    bad: (imp) => under(imp, "tests", "scripts"),
  },
  {
    name: "tests run scripts as programs, never import them",
    files: (f) => under(f, "tests"),
    bad: (imp) => under(imp, "scripts"),
  },
];

const FILES = [...["lib", "testing", "tests", "scripts"].flatMap(tsFiles), "main_server.ts"]
  .concat(tsFiles(".").filter((f) => /^main_\w+\.ts$/.test(f) && f !== "main_server.ts"));

for (const rule of RULES) {
  Deno.test(`layers: ${rule.name}`, () => {
    const crossings = FILES.filter(rule.files).flatMap((file) =>
      importsOf(file).filter(rule.bad).map((imp) => `${file} -> ${imp}`)
    );
    deepEqual(crossings, []);
  });
}

Deno.test("layers: the programs' module graphs hold no test code and no npm package", () => {
  for (const main of FILES.filter((f) => /^main_\w+\.ts$/.test(f))) {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imp of importsOf(file)) if (imp.endsWith(".ts")) walk(imp);
    };
    walk(main);
    const graph = [...seen];
    deepEqual(graph.filter((f) => isTest(f) || under(f, "testing", "tests")), [], main);
    deepEqual(graph.flatMap(importsOf).filter((imp) => imp.startsWith("npm:")), [], main);
  }
});

Deno.test("layers: the import reader sees multi-line imports, type-only imports and re-exports", () => {
  const has = (file: string, imp: string) => importsOf(file).includes(imp);
  deepEqual(has("lib/client/options.ts", "lib/cli.ts"), true); // `import {\n  a,\n} from`
  deepEqual(has("lib/mod.ts", "lib/core/place.ts"), true); // `export type { ... } from`
  deepEqual(has("lib/mod.ts", "lib/core/protocol.ts"), true); // `export * from`
  deepEqual(has("lib/core/chat.ts", "./mod.ts"), false); // an example in a doc comment
});
