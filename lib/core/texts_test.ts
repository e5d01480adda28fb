import { deepEqual, equal, match, notEqual } from "node:assert/strict";
import { createChatMachine } from "./chat.ts";
import type { Event } from "./machine.ts";
import { parseServerLine } from "./protocol.ts";
import { EN, languageFromLocale, localeFromEnv, TEXTS, type Texts } from "./texts.ts";
import { countRo } from "./texts_ro.ts";
import { assertComplete, assertRomanian } from "../../testing/catalogue.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

/** Every sentence of a catalogue, each function called so that each of its branches runs. */
function exercise(t: Texts): { readonly [K in keyof Texts]: readonly string[] } {
  return {
    welcome: [t.welcome(0), t.welcome(1), t.welcome(25)],
    askId: [t.askId()],
    idEmpty: [t.idEmpty()],
    idTooLong: [t.idTooLong()],
    idInvalid: [t.idInvalid()],
    idReserved: [t.idReserved("server")],
    idTaken: [t.idTaken("Alice", "alice")],
    hello: [t.hello("alice")],
    menu: [t.menu()],
    badChoice: [t.badChoice()],
    alone: [t.alone()],
    askTarget: [t.askTarget([]), t.askTarget(["bob", "carol"])],
    noSuchUser: [t.noSuchUser("dan")],
    self: [t.self()],
    busy: [t.busy("bob", t.doing.private)],
    waiting: [t.waiting("bob")],
    stillWaiting: [t.stillWaiting("bob")],
    request: [t.request("alice")],
    answerYesNo: [t.answerYesNo()],
    chatStarted: [t.chatStarted("bob")],
    declined: [t.declined("bob")],
    youDeclined: [t.youDeclined("alice")],
    withdrawn: [t.withdrawn("alice")],
    youWithdrew: [t.youWithdrew("bob")],
    gone: Object.values(t.how).map((how) => t.gone("bob", how)),
    timedOut: [t.timedOut("bob", 60)],
    expired: [t.expired("alice")],
    youEnded: [t.youEnded("bob")],
    partnerEnded: [t.partnerEnded("bob")],
    roomJoined: [t.roomJoined([]), t.roomJoined(["bob", "carol"])],
    joinedRoom: [t.joinedRoom("bob")],
    leftRoom: [t.leftRoom("bob")],
    youLeftRoom: [t.youLeftRoom()],
    who: [t.who(["alice (" + t.you() + ")"], 0), t.who(["alice", "bob"], 30)],
    you: [t.you()],
    doing: Object.values(t.doing),
    how: Object.values(t.how),
    bye: [t.bye(""), t.bye("alice")],
    lineTooLong: [t.lineTooLong(4096)],
    full: [t.full(1000)],
    stopping: [t.stopping()],
    here: [t.here()],
    queueFull: [t.queueFull()],
    tooManyFromIp: [t.tooManyFromIp(2)],
    flood: [t.flood(20, 40), t.flood(1, 1)],
    floodDropped: [t.floodDropped(20, 5), t.floodDropped(1, 5)],
    loginTimeout: [t.loginTimeout(120)],
    idle: [t.idle(600)],
    kicked: [t.kicked(""), t.kicked("spamming the room")],
  };
}

test("texts: every language has exactly English's keys, each a non-empty one-line sentence", () => {
  assertComplete(TEXTS, exercise);
});

test("texts: Romanian is really translated and uses comma-below ș ț, never cedilla ş ţ", () => {
  assertRomanian(exercise(EN), exercise(TEXTS.ro));
  match(TEXTS.ro.menu(), /ieșire/);
});

test('texts: Romanian counts take "de" from 20 on, as the grammar wants', () => {
  deepEqual(
    [0, 1, 2, 19, 20, 99, 100, 101, 119, 120, 1000].map((n) => countRo(n, "octet", "octeți")),
    [
      "0 octeți",
      "1 octet",
      "2 octeți",
      "19 octeți",
      "20 de octeți",
      "99 de octeți",
      "100 de octeți",
      "101 octeți",
      "119 octeți",
      "120 de octeți",
      "1000 de octeți",
    ],
  );
});

test("texts: the language comes from LC_ALL, then LC_MESSAGES, then LANG; ro* means Romanian", () => {
  const from = (env: Record<string, string>) =>
    languageFromLocale(localeFromEnv((name) => env[name]));
  equal(from({}), "en");
  equal(from({ LANG: "ro_RO.UTF-8" }), "ro");
  equal(from({ LANG: "RO" }), "ro");
  equal(from({ LANG: "ro_RO.UTF-8", LC_ALL: "C" }), "en");
  equal(from({ LANG: "en_US.UTF-8", LC_ALL: "ro_MD.UTF-8" }), "ro");
  equal(from({ LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "ro_RO" }), "ro");
  equal(languageFromLocale("romanian"), "ro");
  equal(languageFromLocale("fr_FR"), "en");
  equal(languageFromLocale(undefined), "en");
});

/** Runs a short chat session and returns every line the server sent, in order. */
function session(texts: Texts): string[] {
  const chat = createChatMachine({ requestTimeoutSeconds: 60, loginTimeoutSeconds: 120, texts });
  const events: Event[] = [
    { type: "connect", conn: 1, peer: "127.0.0.1:5001" },
    { type: "connect", conn: 2, peer: "127.0.0.1:5002" },
    { type: "line", conn: 1, text: "alice" },
    { type: "line", conn: 2, text: "bob" },
    { type: "line", conn: 1, text: "1" },
    { type: "line", conn: 1, text: "bob" },
    { type: "line", conn: 2, text: "maybe" },
    { type: "line", conn: 2, text: "n" },
    { type: "line", conn: 1, text: "3" },
    { type: "line", conn: 2, text: "4" },
  ];
  const lines: string[] = [];
  let state = chat.initial;
  for (const event of events) {
    const step = chat.step(state, event);
    state = step.state;
    for (const e of step.effects) if (e.type === "send") lines.push(e.line);
  }
  return lines;
}

test("texts: a Romanian session sends the same kinds and codes as an English one", () => {
  const shape = (lines: string[]) =>
    lines.map((line) => {
      const parsed = parseServerLine(line);
      return parsed.kind === "notice" || parsed.kind === "error" || parsed.kind === "prompt"
        ? `${parsed.kind} ${parsed.code} ${parsed.subject ?? ""}`
        : parsed.kind;
    });
  const en = session(EN);
  const ro = session(TEXTS.ro);
  deepEqual(shape(ro), shape(en));
  notEqual(ro.join("\n"), en.join("\n"));
  equal(ro[0], "* welcome: Bun venit în tcpchat (modul chat)! Alți utilizatori online: 0.");
  match(ro.join("\n"), /^\? request alice: alice vrea să vorbească cu tine\. Accepți\? \(y\/n\)$/m);
});
