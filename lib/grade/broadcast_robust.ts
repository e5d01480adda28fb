/**
 * The broadcast lab's robustness checks: what a server that takes each `recv(1024)` for one
 * message gets wrong (a line split across two segments, two lines in one segment), CRLF from
 * telnet and PuTTY, ten busy clients, a client that never reads, and a 64 KiB line. They are
 * advice: they do not change the exit code.
 *
 * @module
 */

import { hasLines as hasLine, line, openJoined, relayCheck, whereOf } from "./broadcast.ts";
import { deliveryVerdict, type Recipient, sentLines } from "./delivery_verdict.ts";
import { sentBy } from "./evidence.ts";
import { text, utf8 } from "./lines.ts";
import { isProbe } from "./probe.ts";
import { type Evidence, fail, pass } from "./result.ts";
import { cannotConnect, type CheckRun } from "./run_check.ts";
import { mark, seen } from "./seen.ts";
import { pause, waitUntil, waitWhileArriving } from "./wait.ts";

/** The line split in two: the cut falls inside `ș` (two bytes in UTF-8). */
export const SPLIT_TEXT = "one line in two segments: ș";
/** How many clients and lines the busy check uses (the spec's 10 × 50). */
export const MANY_CLIENTS = 10;
export const MANY_LINES = 50;
/**
 * Lines per burst and the pause between bursts in the busy check: 25 lines a second per client,
 * which a server with flood protection (tcpchat: 20 a second, bursts of 40) takes in full.
 */
const BURST = 25;
const BURST_PAUSE_MS = 1000;
/** The size of the long line: far over any sensible line limit (tcpchat's is 4096). */
export const LONG_LINE_BYTES = 64 * 1024;
/**
 * Bytes pushed past a client that never reads: more than Linux's loopback buffers hold for one
 * connection (about 4 MiB, measured), so a server that sends to it while holding a lock blocks.
 */
export const SLOW_READER_BYTES = 5 * 1024 * 1024;
const FLOOD_LINE = "x".repeat(4000);
/**
 * Lines each flooding client sends before it leaves: within the burst a server with flood
 * protection accepts from one client at once (tcpchat: 40).
 */
const FLOOD_LINES = 40;

const split: CheckRun = {
  deadlineMs: 20_000,
  async run(ctx) {
    const probes = await openJoined(ctx, ["A", "B"]);
    if (!Array.isArray(probes)) return probes;
    const [a, b] = probes;
    // A first line, whole: a client that types lines (a server may tell such a client from the
    // course's Python client, which sends no newline and whose pauses end its messages).
    const first = line(a, "hello");
    const warm = mark(b);
    await a.send(first.text + "\n");
    await waitUntil([b], () => hasLine(b, warm), ctx.timing.lineMs, ctx.clock);
    const sent = line(a, SPLIT_TEXT);
    const bytes = utf8(sent.text + "\n");
    const cut = bytes.length - 2; // between the two bytes of ș
    const from = mark(b);
    await a.send(bytes.subarray(0, cut));
    // A server that relays the first part at once shows it; one that waits shows nothing.
    await waitUntil([b], () => b.received.total > from, ctx.timing.splitPauseMs, ctx.clock);
    await a.send(bytes.subarray(cut));
    await waitUntil([b], () => hasLine(b, from), ctx.timing.lineMs, ctx.clock);
    return deliveryVerdict(
      "broadcast.split",
      sentBy(["A", bytes.subarray(0, cut)], ["A", bytes.subarray(cut)]),
      [{ seen: seen(b, from), lines: [sent] }],
      whereOf(ctx, probes),
      ctx.timing.lineMs,
    );
  },
};

const merged: CheckRun = {
  deadlineMs: 20_000,
  async run(ctx) {
    const probes = await openJoined(ctx, ["A", "B"]);
    if (!Array.isArray(probes)) return probes;
    const [a, b] = probes;
    const lines = [line(a, "first of two lines"), line(a, "second of two lines")];
    const bytes = lines.map((l) => l.text + "\n").join("");
    const from = mark(b);
    await a.send(bytes);
    await waitUntil([b], () => hasLine(b, from, 2), ctx.timing.lineMs, ctx.clock);
    return deliveryVerdict(
      "broadcast.merged",
      sentBy(["A", bytes]),
      [{ seen: seen(b, from), lines }],
      whereOf(ctx, probes),
      ctx.timing.lineMs,
    );
  },
};

const crlf: CheckRun = {
  deadlineMs: 20_000,
  async run(ctx) {
    const probes = await openJoined(ctx, ["A", "B"]);
    if (!Array.isArray(probes)) return probes;
    const [a, b] = probes;
    const sent = line(a, "a line from telnet");
    const from = mark(b);
    await a.send(sent.text + "\r\n");
    await waitUntil([b], () => hasLine(b, from), ctx.timing.lineMs, ctx.clock);
    const verdict = deliveryVerdict(
      "broadcast.crlf",
      sentLines([sent], "\r\n"),
      [{ seen: seen(b, from), lines: [sent] }],
      whereOf(ctx, probes),
      ctx.timing.lineMs,
    );
    return verdict.status === "pass" ? verdict : fail(verdict.evidence, (t) => t.hints.crlf());
  },
};

const many: CheckRun = {
  deadlineMs: 60_000,
  async run(ctx) {
    const names = Array.from({ length: MANY_CLIENTS }, (_, i) => `M${i + 1}`);
    const probes = await openJoined(ctx, names);
    if (!Array.isArray(probes)) return probes;
    const marks = probes.map(mark);
    const lines = probes.map((p) =>
      Array.from({ length: MANY_LINES }, (_, k) => line(p, `${p.name} line ${k + 1}`))
    );
    for (let start = 0; start < MANY_LINES; start += BURST) {
      if (start > 0) await pause(BURST_PAUSE_MS, ctx.clock);
      await Promise.all(
        probes.map((p, i) =>
          p.send(lines[i].slice(start, start + BURST).map((l) => l.text + "\n").join(""))
        ),
      );
    }
    const wanted = (MANY_CLIENTS - 1) * MANY_LINES;
    await waitWhileArriving(
      probes,
      () => probes.every((p, i) => hasLine(p, marks[i], wanted)),
      ctx.timing.lineMs,
      30_000,
      ctx.clock,
    );
    const recipients: Recipient[] = probes.map((p, i) => ({
      seen: seen(p, marks[i]),
      lines: lines.flatMap((own, j) => j === i ? [] : own),
    }));
    return deliveryVerdict(
      "broadcast.many",
      (t) => t.evidence.many(MANY_CLIENTS, MANY_LINES),
      recipients,
      whereOf(ctx, probes),
      ctx.timing.lineMs,
    );
  },
};

const slowReader: CheckRun = {
  deadlineMs: 60_000,
  async run(ctx) {
    // B keeps only the end of what it reads: the last line, after megabytes of flood.
    const joined = await openJoined(ctx, ["S", "A", "B"], [], {
      maxBytes: 64 * 1024,
      keep: "tail",
    });
    if (!Array.isArray(joined)) return joined;
    const [stalled, a, b] = joined;
    stalled.stopReading();
    // Flooding clients one after the other, each sending a burst and leaving; the next one
    // starts once B got the burst, so only S, who never reads, falls behind.
    const burst = (FLOOD_LINE + "\n").repeat(FLOOD_LINES);
    const floods = Math.ceil(SLOW_READER_BYTES / burst.length);
    let stalledAt: number | undefined;
    for (let i = 0; i < floods && stalledAt === undefined; i++) {
      const flooder = await ctx.session.open(`F${i + 1}`, { maxBytes: 1024, keep: "tail" });
      if (!isProbe(flooder)) return cannotConnect(flooder);
      const before = b.linesReceived;
      await flooder.send(burst, ctx.timing.lineMs);
      flooder.end();
      const got = await waitWhileArriving(
        [b],
        () => b.linesReceived >= before + FLOOD_LINES,
        ctx.timing.lineMs,
        20_000,
        ctx.clock,
      );
      if (!got) stalledAt = i * burst.length;
      flooder.destroy();
    }
    const last = line(a, "is anyone still getting messages?");
    await a.send(last.text + "\n");
    const arrived = () => text(b.received.bytes()).includes(last.text);
    await waitWhileArriving([b], arrived, ctx.timing.lineMs, 20_000, ctx.clock);
    const evidence: Evidence = {
      sent: (t) => `${t.evidence.flooded(floods, SLOW_READER_BYTES)}; A → "${last.text}\\n"`,
      expected: (t) => t.evidence.lastLine("B", `[${last.peer}] ${last.text}`),
      got: (t) =>
        arrived() && stalledAt === undefined
          ? t.evidence.arrived("B")
          : t.evidence.stalled("B", stalledAt ?? SLOW_READER_BYTES, ctx.timing.lineMs),
    };
    return arrived() && stalledAt === undefined
      ? pass(evidence)
      : fail(evidence, (t) => t.hints.slowReader());
  },
};

const longLine: CheckRun = {
  deadlineMs: 30_000,
  async run(ctx) {
    const first = await ctx.session.open("A", { maxBytes: 256 * 1024 });
    if (!isProbe(first)) return cannotConnect(first);
    const long = "y".repeat(LONG_LINE_BYTES);
    await first.send(long, ctx.timing.lineMs);
    await pause(ctx.timing.quietMs, ctx.clock);
    const probes = await openJoined(ctx, ["N1", "N2"]);
    if (!Array.isArray(probes)) {
      return fail(probes.evidence, (t) => t.hints.longLine());
    }
    const [n1, n2] = probes;
    const verdict = await relayCheck(ctx, "broadcast.long-line", [n1], [n2], [
      line(n1, "still serving after a long line?"),
    ]);
    const evidence: Evidence = {
      ...verdict.evidence,
      sent: (t) => `A → ${t.evidence.longLine(LONG_LINE_BYTES)}; ${verdict.evidence.sent(t)}`,
    };
    return verdict.status === "pass" ? pass(evidence) : fail(evidence, (t) => t.hints.longLine());
  },
};

/** How to run each robustness check of the broadcast lab. */
export const BROADCAST_ROBUST = {
  "broadcast.split": split,
  "broadcast.merged": merged,
  "broadcast.crlf": crlf,
  "broadcast.many": many,
  "broadcast.slow-reader": slowReader,
  "broadcast.long-line": longLine,
} as const;
