/**
 * The chat lab: tcpchat's own protocol as docs/PROTOCOL.md defines it (IDs, the menu, private
 * chats with y/n, `exit()`, the common room, who), so a course can assign "write a server our
 * client and dissector work with" and grade it. Each check is data: a script of steps (open a
 * client, send a line, expect a line of a kind), judged by the protocol's grammar
 * (lib/core/protocol.ts: sigils, codes and IDs, never the sentences, which change by language).
 *
 * @module
 */

import { parseServerLine, type ServerLine } from "../core/protocol.ts";
import { LONG_LINE_BYTES } from "./broadcast_robust.ts";
import { showBytes } from "./escape.ts";
import { sentBy } from "./evidence.ts";
import { splitLines, text, withoutCr } from "./lines.ts";
import { isProbe, type Probe } from "./probe.ts";
import { type Evidence, fail, literal, pass, type Say, type Verdict } from "./result.ts";
import { cannotConnect, type CheckRun } from "./run_check.ts";
import type { CheckContext } from "./session.ts";
import type { GradeTexts } from "./texts.ts";
import { pause, waitUntil } from "./wait.ts";

/** A line a step waits for. */
export type Want =
  | {
    readonly kind: "notice" | "error" | "prompt";
    readonly code: string;
    readonly subject?: string;
    /** Words the line's text must contain (case-insensitive), e.g. the IDs of `* who`. */
    readonly contains?: readonly string[];
  }
  | { readonly kind: "private" | "room"; readonly from: string; readonly text: string }
  | { readonly kind: "closed" };

/** The hints of the chat checks. */
export type ChatHint = keyof GradeTexts["hints"]["chat"];

/** One step of a chat check. */
export type Step =
  | { readonly open: string }
  | { readonly send: string; readonly parts: readonly (string | Uint8Array)[] }
  | {
    readonly expect: string;
    readonly want: Want;
    readonly hint: ChatHint;
    /** A line that must not come before the one expected (the sender's own message back). */
    readonly not?: Want;
  };

const send = (who: string, line: string): Step => ({ send: who, parts: [line + "\n"] });
const expect = (who: string, want: Want, hint: ChatHint, not?: Want): Step =>
  not ? { expect: who, want, hint, not } : { expect: who, want, hint };
const notice = (code: string, subject?: string, contains?: string[]): Want => ({
  kind: "notice",
  code,
  ...(subject === undefined ? {} : { subject }),
  ...(contains === undefined ? {} : { contains }),
});
const prompt = (code: string, subject?: string): Want =>
  subject === undefined ? { kind: "prompt", code } : { kind: "prompt", code, subject };

/** Connects and logs in as `id`, up to the menu. */
export function login(who: string, id: string): Step[] {
  return [
    { open: who },
    expect(who, prompt("id"), "idPrompt"),
    send(who, id),
    expect(who, notice("hello", id), "hello"),
    expect(who, prompt("menu"), "menu"),
  ];
}

/** Two users in a private chat: `a` asks `b`, who answers y. */
export function privateChat(a: string, b: string): Step[] {
  return [
    ...login("A", a),
    ...login("B", b),
    send("A", "1"),
    expect("A", prompt("target"), "target"),
    send("A", b),
    expect("A", notice("waiting", b), "waiting"),
    expect("B", prompt("request", a), "request"),
    send("B", "y"),
    expect("B", notice("chat", a), "chatStarted"),
    expect("A", notice("chat", b), "chatStarted"),
  ];
}

/** A UTF-8 line for the chat's checks. */
const UTF8 = "Salut! ăîâșț ĂÎÂȘȚ 👋";

/** Every chat check's script. */
export const CHAT_SCRIPTS: Readonly<Record<string, readonly Step[]>> = {
  "chat.id": login("A", "ana"),
  "chat.id-taken": [
    ...login("A", "ida"),
    { open: "B" },
    expect("B", prompt("id"), "idPrompt"),
    send("B", "ida"),
    expect("B", { kind: "error", code: "id-taken" }, "idTaken"),
    expect("B", prompt("id"), "idTaken"),
  ],
  "chat.who": [
    ...login("A", "wanda"),
    ...login("B", "walt"),
    send("A", "4"),
    expect("A", notice("who", undefined, ["wanda", "walt"]), "who"),
  ],
  "chat.request": privateChat("rita", "rob"),
  "chat.private": [
    ...privateChat("pia", "pete"),
    send("A", "hi pete"),
    expect("B", { kind: "private", from: "pia", text: "hi pete" }, "delivered"),
    send("B", "salut"),
    expect("A", { kind: "private", from: "pete", text: "salut" }, "delivered", {
      kind: "private",
      from: "pia",
      text: "hi pete",
    }),
  ],
  "chat.private-exit": [
    ...privateChat("eva", "emil"),
    send("A", "exit()"),
    expect("A", notice("chat-ended", "emil"), "chatEnded"),
    expect("A", prompt("menu"), "chatEnded"),
    expect("B", notice("chat-ended", "eva"), "chatEnded"),
    expect("B", prompt("menu"), "chatEnded"),
  ],
  "chat.decline": [
    ...login("A", "dina"),
    ...login("B", "dan"),
    send("A", "1"),
    expect("A", prompt("target"), "target"),
    send("A", "dan"),
    expect("B", prompt("request", "dina"), "request"),
    send("B", "n"),
    expect("A", notice("declined", "dan"), "declined"),
    expect("A", prompt("menu"), "declined"),
    expect("B", prompt("menu"), "declined"),
  ],
  "chat.room": [
    ...login("A", "roma"),
    ...login("B", "remus"),
    send("A", "3"),
    expect("A", notice("room"), "room"),
    send("B", "3"),
    expect("B", notice("room"), "room"),
    expect("A", notice("joined", "remus"), "joined"),
    send("B", "hello room"),
    expect("A", { kind: "room", from: "remus", text: "hello room" }, "roomDelivered"),
    send("A", "hi remus"),
    expect("B", { kind: "room", from: "roma", text: "hi remus" }, "roomDelivered", {
      kind: "room",
      from: "remus",
      text: "hello room",
    }),
    send("B", "exit()"),
    expect("A", notice("left", "remus"), "left"),
  ],
  "chat.bye": [
    ...login("A", "bea"),
    send("A", "2"),
    expect("A", notice("bye"), "bye"),
    expect("A", { kind: "closed" }, "closed"),
  ],
  "chat.split": [
    ...login("A", "sam"),
    { send: "A", parts: ["wh", "o\n"] },
    expect("A", notice("who", undefined, ["sam"]), "recv"),
  ],
  "chat.merged": [
    { open: "A" },
    expect("A", prompt("id"), "idPrompt"),
    { send: "A", parts: ["mia\n4\n"] },
    expect("A", notice("hello", "mia"), "recv"),
    expect("A", notice("who", undefined, ["mia"]), "recv"),
  ],
  "chat.utf8": [
    ...privateChat("ute", "uwe"),
    send("A", UTF8),
    expect("B", { kind: "private", from: "ute", text: UTF8 }, "utf8"),
  ],
  "chat.long-line": [
    { open: "A" },
    expect("A", prompt("id"), "idPrompt"),
    { send: "A", parts: ["y".repeat(LONG_LINE_BYTES)] },
    ...login("N", "nora").map((s) => "expect" in s ? { ...s, hint: "longLine" as const } : s),
  ],
};

/** True when `line` is the line `want` describes. */
export function matches(line: ServerLine, want: Want): boolean {
  const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
  switch (want.kind) {
    case "closed":
      return false;
    case "private":
    case "room":
      return line.kind === want.kind && same(line.from, want.from) && line.text === want.text;
    default:
      return line.kind === want.kind && line.code === want.code &&
        (want.subject === undefined || same(line.subject, want.subject)) &&
        (want.contains ?? []).every((w) => line.text.toLowerCase().includes(w.toLowerCase()));
  }
}

/** A wanted line as the protocol writes it, for the report. */
export function describe(want: Want): string {
  switch (want.kind) {
    case "closed":
      return "FIN";
    case "private":
      return `<${want.from}> ${want.text}`;
    case "room":
      return `#room <${want.from}> ${want.text}`;
    default: {
      const sigil = want.kind === "notice" ? "*" : want.kind === "error" ? "!" : "?";
      const words = want.contains ? ` (${want.contains.join(", ")})` : "";
      return `${sigil} ${want.code}${want.subject ? " " + want.subject : ""}: …${words}`;
    }
  }
}

/** Runs a script against the server; the first expectation not met fails the check. */
async function runScript(ctx: CheckContext, steps: readonly Step[]): Promise<Verdict> {
  const clients = new Map<string, Probe>();
  const cursors = new Map<string, number>();
  const sent: [string, string | Uint8Array][] = [];
  for (const step of steps) {
    if ("open" in step) {
      const probe = await ctx.session.open(step.open);
      if (!isProbe(probe)) return cannotConnect(probe);
      clients.set(step.open, probe);
      cursors.set(step.open, 0);
    } else if ("send" in step) {
      const probe = clients.get(step.send)!;
      for (const [i, part] of step.parts.entries()) {
        if (i > 0) {
          const before = probe.received.total;
          await waitUntil(
            [probe],
            () => probe.received.total > before,
            ctx.timing.splitPauseMs,
            ctx.clock,
          );
        }
        await probe.send(part, ctx.timing.lineMs);
        sent.push([step.send, part]);
      }
      if (step.parts.some((p) => typeof p === "string" && !p.endsWith("\n"))) {
        await pause(ctx.timing.quietMs, ctx.clock);
      }
    } else {
      const probe = clients.get(step.expect)!;
      const from = cursors.get(step.expect)!;
      const found = () => find(probe, from, step.want);
      await waitUntil([probe], () => found() !== undefined, ctx.timing.lineMs, ctx.clock);
      const at = found();
      const evidence = evidenceOf(probe, from, step, sent, ctx.timing.lineMs);
      if (at === undefined) return fail(evidence, (t) => t.hints.chat[step.hint]());
      const before = lines(probe).slice(from, at);
      if (step.not && before.some((l) => matches(l, step.not!))) {
        return fail(evidence, (t) => t.hints.chat.echoed());
      }
      cursors.set(step.expect, at + 1);
    }
  }
  return pass({
    sent: sentBy(...sent.slice(-3)),
    expected: literal(
      steps.flatMap((s) => "expect" in s ? [`${s.expect} ← ${describe(s.want)}`] : []).slice(-3)
        .join("; "),
    ),
    got: literal("✓"),
  });
}

/** The complete lines a client received, parsed. */
function lines(probe: Probe): ServerLine[] {
  return splitLines(probe.received.bytes()).lines.map((l) => parseServerLine(withoutCr(text(l))));
}

/** The index of the first line from `from` on that matches, or `undefined`. */
function find(probe: Probe, from: number, want: Want): number | undefined {
  if (want.kind === "closed") {
    return probe.ending?.by === "server-fin" ? lines(probe).length - 1 : undefined;
  }
  const all = lines(probe);
  for (let i = from; i < all.length; i++) if (matches(all[i], want)) return i;
  return undefined;
}

function evidenceOf(
  probe: Probe,
  from: number,
  step: Extract<Step, { expect: string }>,
  sent: readonly [string, string | Uint8Array][],
  waitedMs: number,
): Evidence {
  const raw = splitLines(probe.received.bytes()).lines.slice(from);
  const got: Say = (t) =>
    raw.length === 0
      ? `${probe.name} ← ${t.evidence.nothing(waitedMs)}`
      : `${probe.name} ← ${raw.slice(-4).map((l) => showBytes(l)).join(", ")}`;
  return {
    sent: sentBy(...sent.slice(-2)),
    expected: step.want.kind === "closed"
      ? (t) => t.evidence.closed(probe.name)
      : (t) => t.evidence.line(probe.name, describe(step.want)),
    got,
  };
}

function checkOf(steps: readonly Step[]): CheckRun {
  return { deadlineMs: 30_000, run: (ctx) => runScript(ctx, steps) };
}

/** How to run each check of the chat lab. */
export const CHAT_CHECKS = {
  "chat.id": checkOf(CHAT_SCRIPTS["chat.id"]),
  "chat.id-taken": checkOf(CHAT_SCRIPTS["chat.id-taken"]),
  "chat.who": checkOf(CHAT_SCRIPTS["chat.who"]),
  "chat.request": checkOf(CHAT_SCRIPTS["chat.request"]),
  "chat.private": checkOf(CHAT_SCRIPTS["chat.private"]),
  "chat.private-exit": checkOf(CHAT_SCRIPTS["chat.private-exit"]),
  "chat.decline": checkOf(CHAT_SCRIPTS["chat.decline"]),
  "chat.room": checkOf(CHAT_SCRIPTS["chat.room"]),
  "chat.bye": checkOf(CHAT_SCRIPTS["chat.bye"]),
  "chat.split": checkOf(CHAT_SCRIPTS["chat.split"]),
  "chat.merged": checkOf(CHAT_SCRIPTS["chat.merged"]),
  "chat.utf8": checkOf(CHAT_SCRIPTS["chat.utf8"]),
  "chat.long-line": checkOf(CHAT_SCRIPTS["chat.long-line"]),
} as const;
