// The dissector's copies of the server's lists are the server's lists: the characters it escapes
// (lib/core/unsafe_chars.ts, the one list), the white space it trims (JavaScript's trim(), which
// the server uses on every command), and how IDs are read (lib/core/user_id.ts). Each list is
// compared in full, and the Lua functions that use them are run in tshark's own Lua on the edge
// of every range.
import { deepEqual, equal } from "node:assert/strict";
import { hasUnsafe } from "../lib/core/unsafe_chars.ts";
import {
  checkId,
  idsClash,
  LOOK_ALIKES,
  MAX_ID_LENGTH,
  MAX_READ_DIGITS,
  RESERVED_IDS,
} from "../lib/core/user_id.ts";
import { quote } from "../lib/server/logger.ts";
import { DISSECTOR } from "../lib/capture/tshark.ts";
import { luaString, runLua } from "../testing/lua_probe.ts";
import { missing } from "../testing/tools.ts";

const noTshark = await missing("tshark");
const lua = (file: string) =>
  Deno.readTextFileSync(new URL(`tcpchat/${file}`, `file://${DISSECTOR}`));

/** The code points of a Lua table of ranges `local NAME = { { 0x00, 0x1F }, ... }`. */
function ranges(source: string, name: string): [number, number][] {
  const body = new RegExp(`local ${name} = \\{([\\s\\S]*?)\\}\\s*\\n`).exec(source)?.[1] ?? "";
  return [...body.matchAll(/\{\s*(0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+)\s*\}/g)]
    .map((m) => [Number(m[1]), Number(m[2])]);
}

/** Every code point where `test` holds, as ranges. */
function rangesWhere(test: (ch: string) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (!test(String.fromCodePoint(cp))) continue;
    const last = out.at(-1);
    if (last && last[1] === cp - 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

/** A character at each end of every range, and one just outside it. */
const edges = (list: [number, number][]) =>
  list.flatMap(([a, b]) => [a - 1, a, b, b + 1])
    .filter((cp) => cp >= 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff))
    .map((cp) => String.fromCodePoint(cp));

Deno.test("dissector lists: it escapes exactly the characters of lib/core/unsafe_chars.ts", () => {
  deepEqual(ranges(lua("text.lua"), "UNSAFE"), rangesWhere(hasUnsafe));
});

Deno.test("dissector lists: it trims exactly what JavaScript's trim() trims", () => {
  deepEqual(ranges(lua("text.lua"), "TRIMMED"), rangesWhere((ch) => ch.trim() === ""));
});

Deno.test("dissector lists: its ID rules are those of lib/core/user_id.ts", () => {
  const source = lua("ids.lua");
  const words = /local RESERVED_IDS = \{([^}]*)\}/.exec(source)?.[1] ?? "";
  deepEqual([...words.matchAll(/"([^"]+)"/g)].map((m) => m[1]), [...RESERVED_IDS]);
  const alikes = /local LOOK_ALIKES = \{(.*)\}\n/.exec(source)?.[1] ?? "";
  const parsed = Object.fromEntries(
    [...alikes.matchAll(/\["(.)"\] = \{([^}]*)\}/g)]
      .map((m) => [m[1], [...m[2].matchAll(/"(.)"/g)].map((c) => c[1])]),
  );
  deepEqual(parsed, LOOK_ALIKES);
  equal(Number(/local MAX_ID_LENGTH = (\d+)/.exec(source)?.[1]), MAX_ID_LENGTH);
  equal(Number(/local MAX_READ_DIGITS = (\d+)/.exec(source)?.[1]), MAX_READ_DIGITS);
});

Deno.test({
  name:
    "dissector lists: its Lua escapes as the log does, trims as trim(), reads IDs as the server",
  ignore: noTshark,
}, async () => {
  const unsafe = edges(ranges(lua("text.lua"), "UNSAFE"));
  const spaces = edges(ranges(lua("text.lua"), "TRIMMED"));
  const samples = [
    ...unsafe.map((ch) => `a${ch}b`),
    ...spaces.map((ch) => `${ch}${ch}1${ch}x${ch}`),
    "hello \x1b[31mred\u202e bidi",
    "\u2028ls\u0085nel",
    "salut ăș 👋",
  ];
  const ids = [
    "alice",
    "a1ice",
    "al1ce",
    "ALICE",
    "Alice ",
    "0scar",
    "Ion",
    "lon",
    "LON",
    "Ali",
    "all",
    "A1l",
    "heIp",
    "b0b",
    "B0B",
    "A1ice",
    "AIice",
    "WH0",
    "bob",
    "9lives",
    "x".repeat(17),
    "ab-c_d",
    "\u212Aim",
    "kim",
  ];
  const out = await runLua(
    [
      `for _, s in ipairs({ ${samples.map(luaString).join(", ")} }) do`,
      `  print(text.escape(s)) print("[" .. text.trim(s) .. "]") end`,
      `local ids_ = { ${ids.map(luaString).join(", ")} }`,
      `for _, a in ipairs(ids_) do`,
      `  local row = { tostring(ids.valid(text.trim(a))) }`,
      `  for _, b in ipairs(ids_) do`,
      `    row[#row + 1] = ids.clash(text.trim(a), text.trim(b)) and "1" or "0"`,
      `  end`,
      `  print(table.concat(row, " ")) end`,
    ].join("\n"),
    ["text", "ids"],
  );
  const expected = [
    ...samples.flatMap((s) => [quote(s, 1000).slice(1, -1), `[${s.trim()}]`]),
    ...ids.map((a) =>
      [
        String(checkId(a).ok),
        ...ids.map((b) => idsClash(a.trim(), b.trim()) ? "1" : "0"),
      ].join(" ")
    ),
  ];
  deepEqual(out.trimEnd().split("\n"), expected);
});
