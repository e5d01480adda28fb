/**
 * The broadcast lab's required checks (the lab's mini chat: every line reaches every *other*
 * client as `[ip:port] text`), each a short script of real clients and a pure judgement
 * (judge_delivery.ts). The sender's address is the one the grader's own socket has, so a server
 * cannot fake it. Robustness checks are in broadcast_robust.ts.
 *
 * @module
 */

import { formatPeer } from "../core/protocol.ts";
import type { Keep } from "./bounded_bytes.ts";
import type { CheckId } from "./checks.ts";
import { mayBeLate } from "./beyond_delivery.ts";
import { deliveryVerdict, type Recipient, sentLines } from "./delivery_verdict.ts";
import { gotBy } from "./evidence.ts";
import { expectedLine, joinText, type Sent, type Where } from "./judge_delivery.ts";
import { splitLines, text } from "./lines.ts";
import { isProbe, type Probe } from "./probe.ts";
import { type Evidence, fail, pass, type Verdict } from "./result.ts";
import { cannotConnect, type CheckRun } from "./run_check.ts";
import { mark, seen } from "./seen.ts";
import { type CheckContext, peerOf } from "./session.ts";
import { pause, waitUntil } from "./wait.ts";

/** The lines of the required checks: plain, then Romanian diacritics and an emoji. */
export const UTF8_TEXT = "Salut! Ce faci? ăîâșț ĂÎÂȘȚ 👋";

/** Where the judges look for addresses that are not the sender's. */
export function whereOf(ctx: CheckContext, probes: readonly Probe[]): Where {
  return {
    serverPeer: formatPeer(ctx.target.host, ctx.target.port),
    peers: probes.map(peerOf),
  };
}

/** A line `from` sends, as the others must see it. */
export function line(from: Probe, value: string): Sent {
  return { from: from.name, peer: peerOf(from), text: value };
}

/** True once `probe` has received, after `from`, at least `count` complete lines. */
export function hasLines(probe: Probe, from: number, count = 1): boolean {
  return splitLines(seen(probe, from).bytes).lines.length >= count;
}

/**
 * Sends `lines` (each from its sender, in order), then waits until every recipient has as many
 * lines as it should get, and judges them. Each recipient gets the lines of every sender but
 * itself.
 */
export async function relayCheck(
  ctx: CheckContext,
  check: CheckId,
  senders: readonly Probe[],
  recipients: readonly Probe[],
  lines: readonly Sent[],
): Promise<Verdict> {
  const marks = recipients.map(mark);
  const senderMarks = senders.map(mark);
  const bystanders = ctx.bystanders.map((p) => [p, mark(p)] as const);
  const wanted = recipients.map((r) => lines.filter((l) => l.from !== r.name));
  recipients.forEach((r, i) => ctx.session.expectDeliveries(r, wanted[i].length));
  const sentAt = ctx.clock.now();
  for (const l of lines) await senders.find((s) => s.name === l.from)!.send(l.text + "\n");
  const arrived = await waitUntil(
    recipients,
    () => recipients.every((r, i) => hasLines(r, marks[i], wanted[i].length)),
    ctx.timing.lineMs,
    ctx.clock,
  );
  const judged: Recipient[] = recipients.map((r, i) => ({
    seen: seen(r, marks[i]),
    lines: wanted[i],
    own: lines.filter((l) => l.from === r.name),
  }));
  const where = whereOf(ctx, [...senders, ...recipients]);
  const silent = !arrived && mayBeLate(judged, where);
  const lateMs = silent ? await lateArrival(ctx, recipients, marks, wanted, sentAt) : undefined;
  // A client of an earlier check that got a line shows the server relays to some clients.
  const bystanderGotIt = bystanders.some(([p, from]) =>
    lines.some((l) => text(seen(p, from).bytes).includes(l.text))
  );
  return deliveryVerdict(check, sentLines(lines), judged, where, ctx.timing.lineMs, {
    othersGotIt: bystanderGotIt,
    senders: senders.map((s, i) => ({
      seen: seen(s, senderMarks[i]),
      own: lines.filter((l) => l.from === s.name),
    })),
    clients: [
      ...ctx.session.probes.map((p) => ({ seen: seen(p), earlier: false })),
      ...ctx.bystanders.map((p) => ({ seen: seen(p), earlier: true })),
    ],
    ...(lateMs === undefined ? {} : { lateMs }),
  });
}

/**
 * After a deadline passed with lines missing: watches up to `timing.lateMs` longer for every
 * recipient to have every line (anywhere in its stream) and returns how long after `sentAt` they
 * had, or `undefined` when they did not come (or every recipient's connection ended).
 */
async function lateArrival(
  ctx: CheckContext,
  recipients: readonly Probe[],
  marks: readonly number[],
  wanted: readonly (readonly Sent[])[],
  sentAt: number,
): Promise<number | undefined> {
  const all = () =>
    recipients.every((r, i) => {
      const got = text(seen(r, marks[i]).bytes);
      return wanted[i].every((l) => got.includes(`${expectedLine(l)}\n`));
    });
  await waitUntil(
    recipients,
    () => all() || recipients.every((r) => r.ending !== undefined),
    ctx.timing.lateMs,
    ctx.clock,
  );
  return all() ? ctx.clock.now() - sentAt : undefined;
}

/** Opens the named clients, or returns the failing verdict. */
async function open(ctx: CheckContext, names: readonly string[]): Promise<Probe[] | Verdict> {
  const probes = await ctx.session.openAll(names);
  return Array.isArray(probes) ? probes : cannotConnect(probes);
}

/**
 * Opens the named clients so that the server has surely taken each one in before the check
 * goes on: a connection is open as soon as the kernel completed the handshake, but a threaded
 * server adds it to its list only once its accept() returned. So each client after the first
 * says it joins, and the check waits until those already in got that line. If that relay does
 * not work (the check will say why), it stops waiting for the later ones.
 */
export async function openJoined(
  ctx: CheckContext,
  names: readonly string[],
  joined: readonly Probe[] = [],
  options: { maxBytes?: number; keep?: Keep } = {},
): Promise<Probe[] | Verdict> {
  const probes = [...joined];
  let relaying = true;
  for (const name of names) {
    const probe = await ctx.session.open(name, options);
    if (!isProbe(probe)) return cannotConnect(probe);
    if (probes.length > 0) {
      const before = probes.map((p) => p.received.total);
      const join = joinText(name);
      await probe.send(`${join}\n`);
      // Its line, or as many bytes (a server may relay it without a newline, or no prefix).
      if (relaying) {
        relaying = await waitUntil(
          probes,
          () => probes.every((p, i) => p.received.total - before[i] >= join.length),
          ctx.timing.lineMs,
          ctx.clock,
        );
      }
    }
    probes.push(probe);
  }
  return probes;
}

const DEADLINE_MS = 20_000;

/**
 * A check among three clients A, B and C that joined (see {@link openJoined}); they stay
 * connected for the checks after it.
 */
function amongThree(
  run: (ctx: CheckContext, a: Probe, b: Probe, c: Probe) => Promise<Verdict>,
): CheckRun {
  return {
    deadlineMs: DEADLINE_MS,
    keepClients: true,
    async run(ctx) {
      const probes = await openJoined(ctx, ["A", "B", "C"]);
      if (!Array.isArray(probes)) return probes;
      const [a, b, c] = probes;
      return await run(ctx, a, b, c);
    },
  };
}

const connect: CheckRun = {
  deadlineMs: DEADLINE_MS,
  keepClients: true,
  async run(ctx) {
    const probes = await open(ctx, ["A", "B", "C"]);
    if (!Array.isArray(probes)) return probes;
    // A server that accepts and at once closes, resets or floods shows it within moments.
    await waitUntil(probes, () => probes.some((p) => p.ending), ctx.timing.quietMs, ctx.clock);
    const got = gotBy(probes.map((p) => seen(p)), ctx.timing.quietMs);
    const evidence: Evidence = {
      sent: (t) => t.evidence.connecting("A, B, C"),
      expected: (t) => t.evidence.accepted("A, B, C"),
      got: (t) => `${probes.map((p) => `${p.name} = ${peerOf(p)}`).join(", ")}; ${got(t)}`,
    };
    const closed = probes.find((p) => p.ending !== undefined);
    if (closed === undefined) return pass(evidence);
    return fail(evidence, (t) => t.hints.closedAtOnce(closed.name));
  },
};

const relay = amongThree((ctx, a, b, c) =>
  relayCheck(ctx, "broadcast.relay", [a], [b, c], [line(a, "hello from A")])
);

const notToSender = amongThree(async (ctx, a, b, c) => {
  const from = mark(a);
  const own = line(a, "is this line mine?");
  await relayCheck(ctx, "broadcast.not-to-sender", [a], [b, c], [own]);
  // B writes after it got A's line: a server that sends A its own line has done so before
  // it handles B's, so once B's line reaches A, anything of A's own would be there too.
  const marker = line(b, "a line from B");
  await b.send(marker.text + "\n");
  await waitUntil(
    [a],
    () => text(seen(a, from).bytes).includes(marker.text),
    ctx.timing.lineMs,
    ctx.clock,
  );
  const got = seen(a, from);
  const evidence: Evidence = {
    sent: sentLines([own, marker]),
    expected: (t) => t.evidence.notOwnLine("A", own.text),
    got: gotBy([got], ctx.timing.lineMs),
  };
  if (!text(got.bytes).includes(own.text)) return pass(evidence);
  return fail(evidence, (t) => t.hints.toSender());
});

const crossed = amongThree(async (ctx, a, b, c) => {
  const probes = [a, b, c];
  // As the lab asks: client 1 to client 2, client 2 to client 3..., each round sent by the
  // three at once; a client's next line waits for its last one to arrive (one recv each).
  const rounds = [
    [line(a, "1: A to B"), line(b, "2: B to C"), line(c, "3: C to A")],
    [line(a, "4: A again"), line(b, "5: B again"), line(c, "6: C again")],
  ];
  const marks = probes.map(mark);
  for (const round of rounds) {
    const verdict = await relayCheck(ctx, "broadcast.crossed", probes, probes, round);
    if (verdict.status === "fail") return verdict;
  }
  const all = rounds.flat();
  return deliveryVerdict(
    "broadcast.crossed",
    sentLines(all),
    probes.map((p, i) => ({
      seen: seen(p, marks[i]),
      lines: all.filter((l) => l.from !== p.name),
    })),
    whereOf(ctx, probes),
    ctx.timing.lineMs,
  );
});

const utf8 = amongThree((ctx, a, b, c) =>
  relayCheck(ctx, "broadcast.utf8", [a], [b, c], [line(a, UTF8_TEXT)])
);

/**
 * A client leaves (`leave` ends it with a FIN or an RST) before the others chat: it connected
 * first, so a server that keeps it in its list meets it first when it relays.
 */
function afterLeaving(check: "broadcast.fin" | "broadcast.rst"): CheckRun {
  return {
    deadlineMs: DEADLINE_MS,
    async run(ctx) {
      const probes = await openJoined(ctx, ["L", "A", "B"]);
      if (!Array.isArray(probes)) return probes;
      const [leaver, a, b] = probes;
      if (check === "broadcast.fin") {
        leaver.end();
        // The server answers a FIN by closing its side: wait for that (it had then seen it).
        await waitUntil([leaver], () => leaver.ending !== undefined, ctx.timing.lineMs, ctx.clock);
      } else {
        leaver.reset();
        // No answer comes to an RST: give the server the moment a lab machine needs to see it.
        await pause(ctx.timing.quietMs, ctx.clock);
      }
      const joined = await openJoined(ctx, ["D"], [a, b]);
      if (!Array.isArray(joined)) return joined;
      const newcomer = joined[2];
      return await relayCheck(ctx, check, [a, b], [a, b, newcomer], [
        line(a, `A, after L left with ${check === "broadcast.fin" ? "FIN" : "RST"}`),
        line(b, "B is still here"),
      ]);
    },
  };
}

/** How to run each required broadcast check. */
export const BROADCAST_REQUIRED = {
  "broadcast.connect": connect,
  "broadcast.relay": relay,
  "broadcast.not-to-sender": notToSender,
  "broadcast.crossed": crossed,
  "broadcast.utf8": utf8,
  "broadcast.fin": afterLeaving("broadcast.fin"),
  "broadcast.rst": afterLeaving("broadcast.rst"),
} as const;
