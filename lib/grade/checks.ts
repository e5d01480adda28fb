/**
 * Every check the grader knows, as data: its id, whether it is required (it decides the exit
 * code) or a robustness check (advice, scored apart), and the checks it needs (if one of those
 * did not pass, it is skipped: its result would only repeat that failure). Titles and hints are
 * in the catalogues (`texts.ts`), in every language.
 *
 * The ids are stable: reports, `--only`, JUnit and the lab docs use them.
 *
 * @module
 */

/** The labs the grader can test a running server for. */
export const LABS = ["broadcast", "echo", "chat"] as const;
/** One of {@link LABS}. */
export type Lab = typeof LABS[number];

/** Required checks decide the exit code; robustness checks are advice. */
export type CheckKind = "required" | "robustness";

/** What the grader knows of a check besides its words. */
export interface CheckInfo {
  readonly lab: Lab | "log";
  readonly kind: CheckKind;
  readonly needs: readonly string[];
}

const required = (lab: Lab | "log", ...needs: string[]): CheckInfo => ({
  lab,
  kind: "required",
  needs,
});
const robustness = (lab: Lab, ...needs: string[]): CheckInfo => ({
  lab,
  kind: "robustness",
  needs,
});

/** Every check, in the order it runs. */
export const CHECKS = {
  "broadcast.connect": required("broadcast"),
  "broadcast.relay": required("broadcast", "broadcast.connect"),
  "broadcast.not-to-sender": required("broadcast", "broadcast.relay"),
  // A server that sends a line back to its sender fails these three too, with the same hint:
  // they wait for not-to-sender, so that one fault is reported once.
  "broadcast.crossed": required("broadcast", "broadcast.not-to-sender"),
  "broadcast.utf8": required("broadcast", "broadcast.relay"),
  "broadcast.fin": required("broadcast", "broadcast.not-to-sender"),
  "broadcast.rst": required("broadcast", "broadcast.not-to-sender"),
  "broadcast.split": robustness("broadcast", "broadcast.relay"),
  "broadcast.merged": robustness("broadcast", "broadcast.relay"),
  "broadcast.crlf": robustness("broadcast", "broadcast.relay"),
  "broadcast.many": robustness("broadcast", "broadcast.relay"),
  "broadcast.slow-reader": robustness("broadcast", "broadcast.relay"),
  "broadcast.long-line": robustness("broadcast", "broadcast.relay"),
  "echo.reply": required("echo"),
  "echo.sender-only": required("echo", "echo.reply"),
  "echo.clients": required("echo", "echo.reply"),
  "echo.split": robustness("echo", "echo.reply"),
  "echo.merged": robustness("echo", "echo.reply"),
  "echo.long-line": robustness("echo", "echo.reply"),
  "chat.id": required("chat"),
  "chat.id-taken": required("chat", "chat.id"),
  "chat.who": required("chat", "chat.id"),
  "chat.request": required("chat", "chat.id"),
  "chat.private": required("chat", "chat.request"),
  "chat.private-exit": required("chat", "chat.request"),
  "chat.decline": required("chat", "chat.id"),
  "chat.room": required("chat", "chat.id"),
  "chat.bye": required("chat", "chat.id"),
  "chat.split": robustness("chat", "chat.id"),
  "chat.merged": robustness("chat", "chat.id"),
  "chat.utf8": robustness("chat", "chat.private"),
  "chat.long-line": robustness("chat", "chat.id"),
  "log.connect": required("log"),
  "log.recv": required("log"),
  "log.fwd": required("log"),
} as const satisfies Record<string, CheckInfo>;

/**
 * What the hand-in check (`--capture FILE --log FILE`) holds a hand-in to, by id: the lab's
 * sections 6 and 7 (3 clients, 5 messages from different clients, relayed, the log matching the
 * packets, the student's 5-7 sentences). Every problem it reports carries one of these ids.
 */
export const HANDIN_CHECKS = [
  "handin.clients",
  "handin.handshake",
  "handin.ended",
  "handin.messages",
  "handin.senders",
  "handin.together",
  "handin.relayed",
  "handin.log",
  "handin.command",
  "handin.explanation",
] as const;

/** One of {@link HANDIN_CHECKS}. */
export type HandinCheckId = typeof HANDIN_CHECKS[number];

/** A check's id, e.g. `broadcast.relay`. */
export type CheckId = keyof typeof CHECKS;

/** Every id, in the order the checks run. */
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

/** The log checks that apply to a lab: where each message went is not judged for chat. */
export function logChecksOf(lab: Lab): CheckId[] {
  return lab === "chat" ? ["log.connect", "log.recv"] : ["log.connect", "log.recv", "log.fwd"];
}

/** The checks a lab runs against the server, in order (the log checks come after them). */
export function checksOf(lab: Lab): CheckId[] {
  return CHECK_IDS.filter((id) => CHECKS[id].lab === lab);
}

/** True for an id the grader knows. */
export function isCheckId(value: string): value is CheckId {
  return Object.hasOwn(CHECKS, value);
}

/**
 * The checks `--only` selects: the ids named (or every required one for `required`) and every
 * check they need, in run order. Returns the unknown names instead when there are any.
 */
export function selectChecks(
  all: readonly CheckId[],
  names: readonly string[],
): { ids: CheckId[] } | { unknown: string[] } {
  const unknown = names.filter((n) => n !== "required" && !all.some((id) => id === n));
  if (unknown.length > 0) return { unknown };
  const wanted = new Set<CheckId>();
  const add = (id: CheckId) => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const need of CHECKS[id].needs) if (isCheckId(need)) add(need);
  };
  for (const name of names) {
    if (name === "required") all.filter((id) => CHECKS[id].kind === "required").forEach(add);
    else if (isCheckId(name)) add(name);
  }
  return { ids: all.filter((id) => wanted.has(id)) };
}
