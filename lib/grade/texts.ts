/**
 * Every sentence the grader prints, one catalogue per language: check titles, evidence words,
 * hints a student can act on, the report's words and the hand-in check's problems. English
 * ({@link GRADE_EN}) defines the shape; the Romanian catalogue (`texts_ro.ts`) must have exactly
 * the same keys, which the type checker enforces. Ids, tags, bytes and commands stay as they are.
 *
 * @module
 */

import { portBusyLine } from "../process/port_busy.ts";
import type { Language, Shape } from "../core/texts.ts";
import type { CheckId } from "./checks.ts";
import { HANDIN_EN, HANDIN_TITLES_EN } from "./handin_texts.ts";
import { GRADE_RO } from "./texts_ro.ts";
import { LIVE_EN } from "./texts_live.ts";

const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** The one explanation behind split, merged and busy-client faults (the lab's `recv(1024)`). */
const RECV =
  "TCP carries a stream of bytes, not messages: one recv(1024) may return half a line, or two lines at once. Keep a buffer for each client, add what recv returns, and handle only complete lines (up to each \\n), keeping the rest for the next recv; decode a line only when it is complete, so a character split between two reads (ș is 2 bytes) is not lost.";

/** The titles of the checks, by id. */
const TITLES: Readonly<Record<CheckId, string>> = {
  "broadcast.connect": "accepts 3 clients at once",
  "broadcast.relay": "a line from A reaches B and C as [A_ip:A_port] text",
  "broadcast.not-to-sender": "A does not get its own line back",
  "broadcast.crossed": "lines crossed between 3 clients each arrive once, in order",
  "broadcast.utf8": "UTF-8 text (Romanian diacritics, an emoji) arrives intact",
  "broadcast.fin": "a client that leaves with FIN does not stop the others",
  "broadcast.rst": "a client killed with RST does not stop the others",
  "broadcast.split": "a line split across two TCP segments arrives whole",
  "broadcast.merged": "two lines in one TCP segment arrive as two lines",
  "broadcast.crlf": "a line ending in CR LF (telnet, PuTTY) arrives intact",
  "broadcast.many": "10 clients × 50 lines: nothing lost, torn or reordered",
  "broadcast.slow-reader": "a client that never reads does not stall the others",
  "broadcast.long-line": "a 64 KiB line without a newline does not stop the server",
  "echo.reply": "a line comes back to its sender",
  "echo.sender-only": "only the sender gets its line back",
  "echo.clients": "3 clients at once each get their own lines back",
  "echo.split": "a line split across two TCP segments comes back whole",
  "echo.merged": "two lines in one TCP segment come back as two lines",
  "echo.long-line": "a 64 KiB line without a newline does not stop the server",
  "chat.id": "asks for an ID (? id), greets (* hello) and shows the menu (? menu)",
  "chat.id-taken": "an ID already in use is refused (! id-taken) and asked again",
  "chat.who": "4 (who) lists the users online (* who)",
  "chat.request": "a private chat: 1, an ID, the other answers y, both are in the chat",
  "chat.private": "private messages reach the partner as <ID> text, not the sender",
  "chat.private-exit": "exit() ends the private chat for both, back to the menu",
  "chat.decline": "a request answered n is declined (* declined)",
  "chat.room": "the common room (3): joined, messages to the others as #room <ID> text, left",
  "chat.bye": "2 says goodbye (* bye) and closes the connection",
  "chat.split": "a command split across two TCP segments is read whole",
  "chat.merged": "two lines in one TCP segment are two commands",
  "chat.utf8": "UTF-8 text in a private chat arrives intact",
  "chat.long-line": "a 64 KiB line without a newline does not stop the server",
  "log.connect": "the log has a [CONNECT] line for each client",
  "log.recv": "the log has a [RECV] line for each message",
  "log.fwd": "the log says where each message went ([FWD] or [SEND])",
};

/** The grader's English sentences. */
export const GRADE_EN = {
  titles: TITLES,
  handinTitles: HANDIN_TITLES_EN,
  /** The words of `--list` (and of the lab docs' table of checks). */
  list: {
    id: "id",
    kind: "kind",
    title: "what it checks",
    required: "required",
    robustness: "robustness",
    handin: "hand-in",
  },
  report: {
    heading: (lab: string, where: string) => `${lab} lab, server ${where}`,
    required: "Required checks",
    robustness: "Robustness checks (advice: they do not change the exit code)",
    log: "The server's log",
    pass: "PASS",
    fail: "FAIL",
    skip: "SKIP",
    sent: "sent",
    expected: "expected",
    got: "got",
    hint: "hint",
    note: "note",
    needs: (ids: readonly string[]) => `skipped: needs ${ids.join(", ")}, which did not pass`,
    noLog: () =>
      "skipped: no server log (give --log FILE, or let the grader start the server with --server-cmd)",
    score: (
      passed: number,
      total: number,
      skipped: number,
      robustPassed: number,
      robustTotal: number,
    ) =>
      `Score: required ${passed}/${total} passed${
        skipped > 0 ? ` (${skipped} skipped)` : ""
      }, robustness ${robustPassed}/${robustTotal} passed`,
    verdict: (ok: boolean, skipped: number): string =>
      !ok
        ? "Some required checks failed (exit code 1)."
        : skipped === 0
        ? "All required checks passed."
        : `Every required check that ran passed; ${skipped} could not run (see SKIP above).`,
    serverExited: (code: string, tail: string) =>
      `the server process ended (${code}) during this check; its last output: ${tail}`,
  },
  evidence: {
    nothing: (ms: number) => `nothing within ${secs(ms)}`,
    ended: (by: "server-fin" | "reset" | "error"): string =>
      by === "server-fin"
        ? "then the server closed the connection (FIN)"
        : by === "reset"
        ? "then the server reset the connection (RST)"
        : "then the connection broke",
    flood: (total: number) => `${total} bytes in all (more than the grader keeps)`,
    more: (clients: number) => `(and ${s(clients, "more client", "more clients")})`,
    deadline: (ms: number) => `no result within ${secs(ms)}`,
    connecting: (names: string) => `connect ${names}`,
    accepted: (names: string) => `${names} connected and kept open`,
    notOwnLine: (name: string, text: string) => `${name} never gets "${text}" back`,
    many: (clients: number, lines: number) =>
      `${clients} clients, each sending ${lines} lines (in bursts of 25 a second)`,
    flooded: (clients: number, bytes: number) =>
      `S never reads; ${clients} clients, one after the other, send ${
        Math.round(bytes / 1024 / 1024)
      } MiB in lines of 4000 bytes`,
    stalled: (name: string, bytes: number, ms: number) =>
      `${name}: nothing new for ${secs(ms)} after about ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
    lastLine: (name: string, line: string) => `${name} still gets "${line}"`,
    arrived: (name: string) => `${name} got it`,
    notArrived: (name: string, ms: number) => `${name}: nothing new for ${secs(ms)}`,
    longLine: (bytes: number) => `${bytes} bytes of "y" without a newline`,
    echoAnswer: (plain: string, capitalized: string) =>
      plain === capitalized ? plain : `${plain} or ${capitalized}`,
    nothingFor: (name: string) => `${name} gets nothing`,
    line: (name: string, line: string) => `${name} ← a line ${line}`,
    closed: (name: string) => `${name}: the server closes the connection`,
    logSent: () => "(the server's log)",
    logExpected: (tag: string, ports: string) => `a ${tag} line naming each client port: ${ports}`,
    logGot: (tag: string, lines: number, missing: string): string =>
      `${s(lines, `${tag} line`, `${tag} lines`)} with a client port` +
      (missing === "" ? "; every port is named" : `; none for ${missing}`),
  },
  notes: {
    echoPlain: () => "plain echo: each line came back as it was sent",
    echoCapitalized: () =>
      "the course's example answer: each line came back capitalized (Python's bytes.capitalize())",
  },
  hints: {
    cannotConnect: (name: string, kind: string) =>
      `client ${name} could not connect (${kind}): is the server still running? An earlier check may have stopped it.`,
    closedAtOnce: (name: string) =>
      `the server closed ${name}'s connection right after accepting it: keep each client's connection open (one thread per client, a loop around recv) until the client leaves.`,
    nothingRelayed: () =>
      "nothing reached the other clients: after recv, send the message to every other client in `clients`. Is each new client added to `clients`, and served by its own thread (threading.Thread) so that the others are served too?",
    onlySome: () =>
      "some clients got the line and others did not: send to every client in `clients` except the sender; do not stop after the first.",
    closedByServer: (how: string) =>
      `the server ${
        how === "fin" ? "closed" : how === "reset" ? "reset" : "broke"
      } the connection instead of relaying: did its thread crash? Look at its output for a Traceback.`,
    noNewline: () =>
      "the line arrived without its \\n at the end: keep the newline the client sent (or add one), or the next message sticks to this one on the other clients' screens.",
    noPrefix: (peer: string) =>
      `the line arrived without its sender: put "[ip:port] " in front of it, with the sender's address from accept() (here [${peer}]).`,
    serverAddress: (peer: string) =>
      `the prefix holds the server's own address: use the sender's, the addr that accept() returned for that client (here [${peer}]).`,
    wrongPeer: (shown: string, peer: string) =>
      `the prefix says [${shown}], not the sender [${peer}]: build it from the addr of the client whose recv returned the line, not another client's.`,
    bytesRepr: () =>
      "the line shows b'...': that is Python's view of bytes. Decode them first (data.decode('utf-8')) and send the text encoded again (.encode('utf-8')).",
    encoding: () =>
      "letters outside ASCII (ă, ș, ț, emoji) were lost or changed: decode and encode as UTF-8 (data.decode('utf-8'), message.encode('utf-8')), never as ASCII or latin-1.",
    changed: () =>
      'the line is not what was sent: relay the text unchanged, only with "[ip:port] " in front.',
    twice: () =>
      "a line arrived more than once: send each line once to each other client (is the send inside a loop it should not be in?).",
    flood: (total: number) =>
      `the server sent ${total} bytes where a few lines were expected: send each line once, and only to the other clients.`,
    toSender: () =>
      "the sender got its own line back: skip the sender when relaying (if other is not conn).",
    afterFin: () =>
      "after a client left with FIN, the others stopped getting lines: when recv returns b'' remove that client from `clients` (under clients_lock) and close it; sending to a closed socket raises an error that ends your relay loop.",
    afterRst: () =>
      "after a client was killed (RST), the others stopped getting lines: recv raises ConnectionResetError then. Catch it (except OSError), remove that client from `clients` and close it; also catch errors of sendall to a client that is gone, and go on with the others.",
    recvIsNotAMessage: () => RECV,
    crlf: () =>
      "telnet and PuTTY end lines with \\r\\n: relay the text intact (strip \\r\\n or \\n before adding your own newline, never cut inside it).",
    slowReader: () =>
      "one client that never reads stalled everyone: sendall blocks once that client's buffers are full, and your thread holds clients_lock meanwhile. Give each send a timeout (conn.settimeout) and drop a client that does not keep up, or send outside the lock.",
    longLine: () =>
      "after a 64 KiB line without a newline the server no longer served: bound the buffer of an unfinished line (e.g. 4096 bytes) and drop what goes beyond it; never let one client stop the server.",
    deadline: (ms: number) =>
      `the check did not finish within ${
        secs(ms)
      }: the server stopped answering (a deadlock, or a thread blocked in sendall?).`,
    graderError: (detail: string) =>
      `the grader itself failed here (${detail}); please report it with this output.`,
    echoNothing: () =>
      "nothing came back: after recv, send the data back to the same client (conn.sendall(data)).",
    echoChanged: () =>
      "the answer is neither the line nor its capitalized form (bytes.capitalize()): send back what you received.",
    echoToOthers: () =>
      "another client got the line too: an echo server answers only the client that sent it (conn, not every client).",
    echoMixed: () =>
      "a client got lines that another client sent, or lost its own: each client's thread must answer on its own connection (conn).",
    chat: {
      idPrompt: () =>
        'on connect, ask for an ID with a line "? id: <text>" (docs/PROTOCOL.md, "Lines from the server").',
      hello: () => 'after a valid ID, greet with "* hello <ID>: <text>" (docs/PROTOCOL.md).',
      menu: () => 'after the greeting, show the menu with "? menu: <text>" (docs/PROTOCOL.md).',
      idTaken: () =>
        'an ID already in use must be refused with "! id-taken: <text>", then "? id: ..." again (docs/PROTOCOL.md, "Decisions").',
      who: () =>
        'menu choice 4 (or who) answers "* who: <text>" naming every user online (docs/PROTOCOL.md).',
      target: () => 'menu choice 1 asks who to chat with: "? target: <text>".',
      waiting: () =>
        'after the requester names a free user: "* waiting <ID>: <text>" to the requester; the chat starts only once the other answers y.',
      request: () =>
        'the requested user must be asked "? request <ID>: <text>" and answer y or n; the chat must not start before the answer.',
      chatStarted: () => 'after y, both get "* chat <partner>: <text>" and are in a private chat.',
      delivered: () => 'a private message goes to the partner as "<ID> text" (the sender\'s ID).',
      echoed: () => "the sender must not get its own private or room message back.",
      chatEnded: () =>
        'exit() ends the chat: both get "* chat-ended <ID>: <text>" and then "? menu: ..." again.',
      declined: () =>
        'an answer n: the requester gets "* declined <ID>: <text>", and both get the menu again.',
      room: () => 'menu choice 3 joins the common room: "* room: <text>".',
      joined: () => 'the room\'s members are told "* joined <ID>: <text>" when someone comes in.',
      roomDelivered: () => 'a line in the room goes to every other member as "#room <ID> text".',
      left: () => 'when someone leaves the room, the others get "* left <ID>: <text>".',
      bye: () => 'menu choice 2 (or exit()) answers "* bye: <text>" and closes the connection.',
      closed: () => "after * bye, close the connection (the client gets a FIN).",
      utf8: () =>
        "text outside ASCII (ă, ș, ț, emoji) must arrive intact: decode and encode as UTF-8.",
      recv: () => RECV,
      longLine: () =>
        "after a 64 KiB line without a newline the server no longer served new clients: bound the buffer of an unfinished line and answer ! line-too-long.",
    },
    log: {
      connect: (ports: string) =>
        `no [CONNECT] line names these clients: ${ports}. Log "[CONNECT] <ip>:<port>" for every accepted client.`,
      recv: (count: number, ports: string) =>
        `${
          s(count, "message has", "messages have")
        } no [RECV] line naming its sender (${ports}): log "[RECV] From <ip>:<port> -> <data>" for each message received.`,
      fwd: (count: number, ports: string) =>
        `${
          s(count, "delivery has", "deliveries have")
        } no [FWD] or [SEND] line naming the client it went to (${ports}): log "[FWD] To <ip>:<port> -> <message>" for each client a message is sent to.`,
    },
  },
  handin: HANDIN_EN,
  /** Faults of a running server named by their kind (texts_live.ts). */
  live: LIVE_EN,
  errors: {
    background: () =>
      "the server went to the background: its command ended while a process it started went on listening; the grader stopped that process too",
    portBusy: (port: number) => portBusyLine(port, "en"),
    unreachable: (where: string, kind: string) =>
      `cannot connect to ${where} (${kind}): is the server running there? Start it, or let the grader start it with --server-cmd`,
    serverExited: (code: string, tail: string) =>
      `the server command ended (${code}) before it listened: ${tail}`,
    notListening: (where: string, seconds: number) =>
      `the server command did not listen on ${where} within ${seconds} s (is the port in the command the one given with --port?)`,
    cannotStart: (detail: string) => `cannot start the server command: ${detail}`,
    missingFile: (what: string, path: string) => `${what} ${path} does not exist`,
    unreadable: (what: string, path: string, detail: string) =>
      `cannot read ${what} ${path}: ${detail}`,
    notCapture: (path: string, detail: string) =>
      `${path} is not a capture tshark can read: ${detail}`,
    noTshark: () =>
      "tshark is needed to read captures (it comes with Wireshark; Debian/Ubuntu: apt-get install tshark)",
    cannotWrite: (path: string, detail: string) => `cannot write ${path}: ${detail}`,
  },
};

/** The shape every language's grader catalogue has. */
export type GradeTexts = Shape<typeof GRADE_EN>;

/** Every grader catalogue, by language. */
export const GRADE_TEXTS: Readonly<Record<Language, GradeTexts>> = { en: GRADE_EN, ro: GRADE_RO };
