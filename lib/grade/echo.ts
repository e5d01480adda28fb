/**
 * The echo lab (the course's example server): every line comes back to its sender only, as it was
 * or capitalized the way the example does (Python's `bytes.capitalize()`); the report says which.
 *
 * @module
 */

import { capitalizeLikePython } from "../core/echo.ts";
import { LONG_LINE_BYTES } from "./broadcast_robust.ts";
import { expectedAt, gotBy, sentBy } from "./evidence.ts";
import { splitLines, text, withoutCr } from "./lines.ts";
import { isProbe, type Probe } from "./probe.ts";
import { type Evidence, fail, pass, type Say, type Verdict } from "./result.ts";
import { cannotConnect, type CheckRun } from "./run_check.ts";
import { mark, seen } from "./seen.ts";
import type { CheckContext } from "./session.ts";
import { pause, waitUntil } from "./wait.ts";

/** What an echo of each line may be: the line itself, or the example's capitalized answer. */
export type EchoStyle = "plain" | "capitalized";

/** What came back to one client, judged against the lines it sent. */
export type EchoJudgement =
  | { readonly ok: true; readonly style: EchoStyle }
  | { readonly ok: false; readonly hint: Say };

/**
 * Did exactly `sent` come back (each line as sent, or each capitalized), and nothing else?
 * `foreign` are other clients' lines, which must not arrive here.
 */
export function judgeEcho(
  bytes: Uint8Array,
  sent: readonly string[],
  foreign: readonly string[] = [],
): EchoJudgement {
  const { lines, rest } = splitLines(bytes);
  const got = lines.map((l) => withoutCr(text(l)));
  if (got.some((g) => foreign.some((f) => g.includes(f) || g === capitalizeLikePython(f)))) {
    return { ok: false, hint: (t) => t.hints.echoToOthers() };
  }
  for (const style of ["plain", "capitalized"] as const) {
    const want = sent.map((s) => style === "plain" ? s : capitalizeLikePython(s));
    if (got.length === want.length && got.every((g, i) => g === want[i])) {
      return { ok: true, style };
    }
  }
  if (got.length === 0 && rest.length === 0) {
    return {
      ok: false,
      hint: (t) => t.hints.echoNothing(),
    };
  }
  const partial = text(rest);
  if (
    got.length < sent.length && partial !== "" &&
    sent.some((s) => partial.startsWith(s) || partial.startsWith(capitalizeLikePython(s)))
  ) {
    return { ok: false, hint: (t) => t.hints.noNewline() };
  }
  return { ok: false, hint: (t) => t.hints.echoChanged() };
}

const note = (style: EchoStyle): Say =>
  style === "plain" ? (t) => t.notes.echoPlain() : (t) => t.notes.echoCapitalized();

/** The lines as expected back: each as sent, or capitalized. */
function expectedEcho(names: string[], lines: readonly string[]): Say {
  return (t) =>
    t.evidence.echoAnswer(
      expectedAt(names, lines.map((l) => l + "\n").join("")),
      expectedAt(names, lines.map((l) => capitalizeLikePython(l) + "\n").join("")),
    );
}

/** Opens clients; each says hello and gets its answer first, so the server has taken each in. */
async function openEchoing(
  ctx: CheckContext,
  names: readonly string[],
): Promise<Probe[] | Verdict> {
  const probes: Probe[] = [];
  for (const name of names) {
    const probe = await ctx.session.open(name);
    if (!isProbe(probe)) return cannotConnect(probe);
    const from = mark(probe);
    await probe.send(`hello from ${name}\n`);
    await waitUntil([probe], () => hasLines(probe, from, 1), ctx.timing.lineMs, ctx.clock);
    probes.push(probe);
  }
  return probes;
}

function hasLines(probe: Probe, from: number, count: number): boolean {
  return splitLines(seen(probe, from).bytes).lines.length >= count;
}

/** Sends `lines` from `probe` (in `parts` when given) and judges what came back. */
async function echoBack(
  ctx: CheckContext,
  probe: Probe,
  chunks: readonly (string | Uint8Array)[],
  lines: readonly string[],
  waitBetween = false,
): Promise<Verdict> {
  const from = mark(probe);
  ctx.session.expectDeliveries(probe, lines.length);
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0 && waitBetween) {
      await waitUntil(
        [probe],
        () => probe.received.total > from,
        ctx.timing.splitPauseMs,
        ctx.clock,
      );
    }
    await probe.send(chunk);
  }
  await waitUntil([probe], () => hasLines(probe, from, lines.length), ctx.timing.lineMs, ctx.clock);
  const got = seen(probe, from);
  const evidence: Evidence = {
    sent: sentBy(...chunks.map((c) => [probe.name, c] as const)),
    expected: expectedEcho([probe.name], lines),
    got: gotBy([got], ctx.timing.lineMs),
  };
  const judged = judgeEcho(got.bytes, lines);
  return judged.ok ? pass(evidence, note(judged.style)) : fail(evidence, judged.hint);
}

const DEADLINE_MS = 20_000;

const reply: CheckRun = {
  deadlineMs: DEADLINE_MS,
  async run(ctx) {
    const a = await ctx.session.open("A");
    if (!isProbe(a)) return cannotConnect(a);
    return await echoBack(ctx, a, ["hello World\n"], ["hello World"]);
  },
};

const senderOnly: CheckRun = {
  deadlineMs: DEADLINE_MS,
  async run(ctx) {
    const probes = await openEchoing(ctx, ["A", "B"]);
    if (!Array.isArray(probes)) return probes;
    const [a, b] = probes;
    const fromB = mark(b);
    const verdict = await echoBack(ctx, a, ["only for A\n"], ["only for A"]);
    if (verdict.status === "fail") return verdict;
    // B's own line comes back after anything the server sent B before: A's, if it did.
    await b.send("B's own line\n");
    await waitUntil(
      [b],
      () => text(seen(b, fromB).bytes).includes("own line"),
      ctx.timing.lineMs,
      ctx.clock,
    );
    const got = seen(b, fromB);
    const evidence: Evidence = {
      sent: sentBy(["A", "only for A\n"], ["B", "B's own line\n"]),
      expected: (t) => t.evidence.nothingFor("B") + ` ("only for A")`,
      got: gotBy([got], ctx.timing.lineMs),
    };
    // The example's capitalized answer of "only for A" is "Only for a": compare in lower case.
    const leaked = text(got.bytes).toLowerCase().includes("only for a");
    return leaked ? fail(evidence, (t) => t.hints.echoToOthers()) : pass(evidence);
  },
};

const clients: CheckRun = {
  deadlineMs: DEADLINE_MS,
  async run(ctx) {
    const probes = await openEchoing(ctx, ["A", "B", "C"]);
    if (!Array.isArray(probes)) return probes;
    const marks = probes.map(mark);
    const lines = probes.map((p) => [`first line of ${p.name}`, `second line of ${p.name}`]);
    for (const round of [0, 1]) {
      await Promise.all(probes.map((p, i) => p.send(lines[i][round] + "\n")));
      await waitUntil(
        probes,
        () => probes.every((p, i) => hasLines(p, marks[i], round + 1)),
        ctx.timing.lineMs,
        ctx.clock,
      );
    }
    const got = probes.map((p, i) => seen(p, marks[i]));
    const evidence: Evidence = {
      sent: sentBy(
        ...[0, 1].flatMap((r) => probes.map((p, i) => [p.name, lines[i][r] + "\n"] as const)),
      ),
      expected: (t) => probes.map((p, i) => expectedEcho([p.name], lines[i])(t)).join("; "),
      got: gotBy(got, ctx.timing.lineMs),
    };
    for (const [i] of probes.entries()) {
      const foreign = lines.flatMap((l, j) => j === i ? [] : l);
      const judged = judgeEcho(got[i].bytes, lines[i], foreign);
      if (!judged.ok) return fail(evidence, judged.hint);
    }
    return pass(evidence);
  },
};

const split: CheckRun = {
  deadlineMs: DEADLINE_MS,
  async run(ctx) {
    const probes = await openEchoing(ctx, ["A"]);
    if (!Array.isArray(probes)) return probes;
    const verdict = await echoBack(ctx, probes[0], ["hello Wor", "ld, in two parts\n"], [
      "hello World, in two parts",
    ], true);
    return verdict.status === "pass"
      ? verdict
      : fail(verdict.evidence, (t) => t.hints.recvIsNotAMessage());
  },
};

const merged: CheckRun = {
  deadlineMs: DEADLINE_MS,
  async run(ctx) {
    const probes = await openEchoing(ctx, ["A"]);
    if (!Array.isArray(probes)) return probes;
    const verdict = await echoBack(ctx, probes[0], ["first line\nsecond line\n"], [
      "first line",
      "second line",
    ]);
    return verdict.status === "pass"
      ? verdict
      : fail(verdict.evidence, (t) => t.hints.recvIsNotAMessage());
  },
};

const longLine: CheckRun = {
  deadlineMs: 30_000,
  async run(ctx) {
    const first = await ctx.session.open("A", { maxBytes: 256 * 1024 });
    if (!isProbe(first)) return cannotConnect(first);
    await first.send("y".repeat(LONG_LINE_BYTES), ctx.timing.lineMs);
    await pause(ctx.timing.quietMs, ctx.clock);
    const n = await ctx.session.open("N");
    if (!isProbe(n)) return fail(cannotConnect(n).evidence, (t) => t.hints.longLine());
    const verdict = await echoBack(ctx, n, ["still serving?\n"], ["still serving?"]);
    const evidence: Evidence = {
      ...verdict.evidence,
      sent: (t) => `A → ${t.evidence.longLine(LONG_LINE_BYTES)}; ${verdict.evidence.sent(t)}`,
    };
    return verdict.status === "pass" ? pass(evidence) : fail(evidence, (t) => t.hints.longLine());
  },
};

/** How to run each check of the echo lab. */
export const ECHO_CHECKS = {
  "echo.reply": reply,
  "echo.sender-only": senderOnly,
  "echo.clients": clients,
  "echo.split": split,
  "echo.merged": merged,
  "echo.long-line": longLine,
} as const;
