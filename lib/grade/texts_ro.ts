/**
 * The grader's sentences in Romanian (`--lang ro`), key for key the same as English in
 * `texts.ts`, addressing the student with "tu" as the server's Romanian catalogue does.
 *
 * @module
 */

import { portBusyLine } from "../process/port_busy.ts";
import { countRo } from "../core/texts_ro.ts";
import type { CheckId } from "./checks.ts";
import type { NetErrorKind } from "../net/errors.ts";
import { HANDIN_RO, HANDIN_TITLES_RO } from "./handin_texts_ro.ts";
import type { GradeTexts } from "./texts.ts";
import { LIVE_RO } from "./texts_live.ts";

const secs = (ms: number) => `${(ms / 1000).toFixed(1).replace(".", ",")} s`;
const RECV =
  "TCP transportă un flux de octeți, nu mesaje: un recv(1024) poate întoarce o jumătate de linie sau două linii deodată. Păstrează un buffer pentru fiecare client, adaugă în el ce întoarce recv și tratează doar liniile complete (până la fiecare \\n), păstrând restul pentru următorul recv; decodează o linie doar când e completă, ca să nu pierzi un caracter împărțit între două citiri (ș are 2 octeți).";

/** Why a connection failed (lib/net/errors.ts, `NetErrorKind`), in the words of a sentence. */
const NET_KIND_RO: Readonly<Record<NetErrorKind, string>> = {
  "refused": "refuzată: nimic nu ascultă acolo",
  "reset": "închisă brusc (RST)",
  "not-connected": "neconectată",
  "timed-out": "niciun răspuns la timp",
  "unknown-host": "adresă necunoscută",
  "invalid-host": "adresă greșită",
  "unreachable": "rețea de neatins",
  "no-permission": "nepermis",
  "os-refused": "refuzată de sistem",
  "address-in-use": "adresa e deja folosită",
  "address-not-available": "adresa nu e disponibilă",
  "out-of-descriptors": "prea multe fișiere deschise",
  "closed": "închisă",
  "other": "altă eroare",
};

const TITLES: Readonly<Record<CheckId, string>> = {
  "broadcast.connect": "acceptă 3 clienți deodată",
  "broadcast.relay": "o linie de la A ajunge la B și C ca [ip_A:port_A] text",
  "broadcast.not-to-sender": "A nu își primește înapoi propria linie",
  "broadcast.crossed": "liniile încrucișate între 3 clienți ajung o singură dată, în ordine",
  "broadcast.utf8": "textul UTF-8 (diacritice, un emoji) ajunge neschimbat",
  "broadcast.fin": "un client care pleacă cu FIN nu îi oprește pe ceilalți",
  "broadcast.rst": "un client oprit brusc (RST) nu îi oprește pe ceilalți",
  "broadcast.split": "o linie împărțită în două segmente TCP ajunge întreagă",
  "broadcast.merged": "două linii într-un singur segment TCP ajung ca două linii",
  "broadcast.crlf": "o linie terminată cu CR LF (telnet, PuTTY) ajunge neschimbată",
  "broadcast.many": "10 clienți × 50 de linii: nimic pierdut, rupt sau amestecat",
  "broadcast.slow-reader": "un client care nu citește niciodată nu îi blochează pe ceilalți",
  "broadcast.long-line": "o linie de 64 KiB fără sfârșit de linie nu oprește serverul",
  "echo.reply": "o linie se întoarce la cel care a trimis-o",
  "echo.sender-only": "doar cel care a trimis linia o primește înapoi",
  "echo.clients": "3 clienți deodată își primesc fiecare propriile linii",
  "echo.split": "o linie împărțită în două segmente TCP se întoarce întreagă",
  "echo.merged": "două linii într-un singur segment TCP se întorc ca două linii",
  "echo.long-line": "o linie de 64 KiB fără sfârșit de linie nu oprește serverul",
  "chat.id": "cere un ID (? id), salută (* hello) și arată meniul (? menu)",
  "chat.id-taken": "un ID deja folosit e refuzat (! id-taken) și cerut din nou",
  "chat.who": "4 (who) arată cine e conectat (* who)",
  "chat.request": "chat privat: 1, un ID, celălalt răspunde y, amândoi sunt în chat",
  "chat.private": "mesajele private ajung la partener ca <ID> text, nu la expeditor",
  "chat.private-exit": "exit() încheie chatul privat pentru amândoi, înapoi la meniu",
  "chat.decline": "o cerere la care se răspunde n e refuzată (* declined)",
  "chat.room": "camera comună (3): intrare, mesaje către ceilalți ca #room <ID> text, ieșire",
  "chat.bye": "2 își ia la revedere (* bye) și închide conexiunea",
  "chat.split": "o comandă împărțită în două segmente TCP e citită întreagă",
  "chat.merged": "două linii într-un singur segment TCP sunt două comenzi",
  "chat.utf8": "textul UTF-8 dintr-un chat privat ajunge neschimbat",
  "chat.long-line": "o linie de 64 KiB fără sfârșit de linie nu oprește serverul",
  "log.connect": "logul are o linie [CONNECT] pentru fiecare client",
  "log.recv": "logul are o linie [RECV] pentru fiecare mesaj",
  "log.fwd": "logul spune unde a plecat fiecare mesaj ([FWD] sau [SEND])",
};

/** The grader's Romanian sentences. */

/** Where the counts first went astray, when known. */

export const GRADE_RO: GradeTexts = {
  titles: TITLES,
  handinTitles: HANDIN_TITLES_RO,
  list: {
    id: "id",
    kind: "tip",
    title: "ce verifică",
    required: "obligatorie",
    robustness: "robustețe",
    handin: "predare",
  },
  report: {
    heading: (lab: string, where: string) => `laboratorul ${lab}, serverul ${where}`,
    required: "Verificări obligatorii",
    robustness: "Verificări de robustețe (sfaturi: nu schimbă codul de ieșire)",
    log: "Logul serverului",
    pass: "OK",
    fail: "EȘUAT",
    skip: "SĂRIT",
    sent: "trimis",
    expected: "așteptat",
    got: "primit",
    hint: "sfat",
    note: "notă",
    needs: (ids: readonly string[]) => `sărit: depinde de ${ids.join(", ")}, care nu a trecut`,
    noLog: () =>
      "sărit: lipsește logul serverului (dă --log FIȘIER sau lasă evaluatorul să pornească serverul cu --server-cmd)",
    score: (
      passed: number,
      total: number,
      skipped: number,
      robustPassed: number,
      robustTotal: number,
    ) =>
      `Scor: obligatorii ${passed}/${total} trecute${
        skipped > 0 ? ` (${skipped} sărite)` : ""
      }, robustețe ${robustPassed}/${robustTotal} trecute`,
    verdict: (ok: boolean, skipped: number) =>
      !ok
        ? "Unele verificări obligatorii au eșuat (cod de ieșire 1)."
        : skipped === 0
        ? "Toate verificările obligatorii au trecut."
        : `Toate verificările obligatorii care au rulat au trecut; ${skipped} nu au putut rula (vezi SKIP mai sus).`,
    serverExited: (code: string, tail: string) =>
      `procesul serverului s-a încheiat (${code}) în timpul acestei verificări; ultimele lui linii: ${tail}`,
  },
  evidence: {
    nothing: (ms: number) => `nimic în ${secs(ms)}`,
    ended: (by: "server-fin" | "reset" | "error") =>
      by === "server-fin"
        ? "apoi serverul a închis conexiunea (FIN)"
        : by === "reset"
        ? "apoi serverul a resetat conexiunea (RST)"
        : "apoi conexiunea s-a întrerupt",
    flood: (total: number) =>
      `${countRo(total, "octet", "octeți")} în total (mai mult decât păstrează evaluatorul)`,
    more: (clients: number) => `(și încă ${countRo(clients, "client", "clienți")})`,
    deadline: (ms: number) => `niciun rezultat în ${secs(ms)}`,
    connecting: (names: string) => `conectare ${names}`,
    accepted: (names: string) => `${names} conectați și ținuți deschiși`,
    notOwnLine: (name: string, text: string) => `${name} nu primește niciodată înapoi „${text}”`,
    many: (clients: number, lines: number) =>
      `${clients} clienți, fiecare trimițând ${
        countRo(lines, "linie", "linii")
      } (în rafale de 25 pe secundă)`,
    flooded: (clients: number, bytes: number) =>
      `S nu citește niciodată; ${clients} clienți, unul după altul, trimit ${
        Math.round(bytes / 1024 / 1024)
      } MiB în linii de 4000 de octeți`,
    stalled: (name: string, bytes: number, ms: number) =>
      `${name}: nimic nou timp de ${secs(ms)} după aproximativ ${
        (bytes / 1024 / 1024).toFixed(1).replace(".", ",")
      } MiB`,
    lastLine: (name: string, line: string) => `${name} primește în continuare „${line}”`,
    arrived: (name: string) => `${name} a primit-o`,
    notArrived: (name: string, ms: number) => `${name}: nimic nou timp de ${secs(ms)}`,
    longLine: (bytes: number) =>
      `${countRo(bytes, "octet", "octeți")} de „y” fără sfârșit de linie`,
    echoAnswer: (plain: string, capitalized: string) =>
      plain === capitalized ? plain : `${plain} sau ${capitalized}`,
    nothingFor: (name: string) => `${name} nu primește nimic`,
    line: (name: string, line: string) => `${name} ← o linie ${line}`,
    closed: (name: string) => `${name}: serverul închide conexiunea`,
    logSent: () => "(logul serverului)",
    logExpected: (tag: string, ports: string) =>
      `o linie ${tag} care numește fiecare port de client: ${ports}`,
    logGot: (tag: string, lines: number, missing: string): string =>
      `${countRo(lines, `linie ${tag}`, `linii ${tag}`)} cu un port de client` +
      (missing === "" ? "; fiecare port e numit" : `; niciuna pentru ${missing}`),
  },
  notes: {
    echoPlain: () => "ecou simplu: fiecare linie s-a întors exact cum a fost trimisă",
    echoCapitalized: () =>
      "răspunsul serverului de exemplu al cursului: fiecare linie s-a întors cu majusculă (bytes.capitalize() din Python)",
  },
  hints: {
    cannotConnect: (name: string, kind: string) =>
      `clientul ${name} nu s-a putut conecta (${kind}): mai rulează serverul? Poate l-a oprit o verificare anterioară.`,
    closedAtOnce: (name: string) =>
      `serverul a închis conexiunea lui ${name} imediat după accept: ține conexiunea fiecărui client deschisă (un thread pe client, o buclă în jurul lui recv) până pleacă clientul.`,
    nothingRelayed: () =>
      "nu a ajuns nimic la ceilalți clienți: după recv, trimite mesajul fiecărui alt client din `clients`. Adaugi fiecare client nou în `clients` și îl servești într-un thread propriu (threading.Thread), ca să fie serviți și ceilalți?",
    onlySome: () =>
      "unii clienți au primit linia, alții nu: trimite-o fiecărui client din `clients` în afară de expeditor; nu te opri după primul.",
    closedByServer: (how: string) =>
      `serverul a ${
        how === "fin" ? "închis" : how === "reset" ? "resetat" : "întrerupt"
      } conexiunea în loc să retransmită: s-a oprit threadul cu o eroare? Caută un Traceback în ce a afișat.`,
    noNewline: () =>
      "linia a ajuns fără \\n la sfârșit: păstrează sfârșitul de linie trimis de client (sau adaugă-l), altfel următorul mesaj se lipește de acesta pe ecranul celorlalți.",
    noPrefix: (peer: string) =>
      `linia a ajuns fără expeditor: pune „[ip:port] ” în fața ei, cu adresa expeditorului întoarsă de accept() (aici [${peer}]).`,
    serverAddress: (peer: string) =>
      `prefixul conține adresa serverului: folosește adresa expeditorului, addr întors de accept() pentru acel client (aici [${peer}]).`,
    wrongPeer: (shown: string, peer: string) =>
      `prefixul spune [${shown}], nu expeditorul [${peer}]: construiește-l din addr-ul clientului al cărui recv a întors linia, nu al altui client.`,
    bytesRepr: () =>
      "linia arată b'...': așa afișează Python octeții. Decodează-i întâi (data.decode('utf-8')) și trimite textul codat din nou (.encode('utf-8')).",
    encoding: () =>
      "literele din afara ASCII (ă, ș, ț, emoji) s-au pierdut sau s-au schimbat: decodează și codează în UTF-8 (data.decode('utf-8'), message.encode('utf-8')), niciodată în ASCII sau latin-1.",
    changed: () =>
      "linia nu e cea trimisă: retransmite textul neschimbat, doar cu „[ip:port] ” în față.",
    twice: () =>
      "o linie a ajuns de mai multe ori: trimite fiecare linie o singură dată fiecărui alt client (e trimiterea într-o buclă în care nu ar trebui să fie?).",
    flood: (total: number) =>
      `serverul a trimis ${
        countRo(total, "octet", "octeți")
      } unde se așteptau câteva linii: trimite fiecare linie o singură dată și doar celorlalți clienți.`,
    toSender: () =>
      "expeditorul și-a primit înapoi propria linie: sari peste expeditor când retransmiți (if other is not conn).",
    afterFin: () =>
      "după ce un client a plecat cu FIN, ceilalți nu au mai primit linii: când recv întoarce b'', scoate clientul din `clients` (sub clients_lock) și închide-l; o trimitere pe un socket închis aruncă o eroare care îți oprește bucla de retransmitere.",
    afterRst: () =>
      "după ce un client a fost oprit brusc (RST), ceilalți nu au mai primit linii: atunci recv aruncă ConnectionResetError. Prinde-o (except OSError), scoate clientul din `clients` și închide-l; prinde și erorile lui sendall către un client plecat și continuă cu ceilalți.",
    recvIsNotAMessage: () => RECV,
    crlf: () =>
      "telnet și PuTTY termină liniile cu \\r\\n: retransmite textul neschimbat (scoate \\r\\n sau \\n înainte să adaugi propriul sfârșit de linie, nu tăia în mijlocul lui).",
    slowReader: () =>
      "un client care nu citește i-a blocat pe toți: sendall se blochează când bufferele acelui client s-au umplut, iar threadul tău ține între timp clients_lock. Dă fiecărei trimiteri un timp limită (conn.settimeout) și deconectează clientul care nu ține pasul, sau trimite în afara lacătului.",
    longLine: () =>
      "după o linie de 64 KiB fără sfârșit de linie serverul nu a mai servit: limitează bufferul unei linii neterminate (de ex. 4096 de octeți) și aruncă ce trece de limită; un client nu trebuie să poată opri serverul.",
    deadline: (ms: number) =>
      `verificarea nu s-a terminat în ${
        secs(ms)
      }: serverul nu a mai răspuns (un deadlock sau un thread blocat în sendall?).`,
    graderError: (detail: string) =>
      `evaluatorul însuși a eșuat aici (${detail}); raportează problema împreună cu acest text.`,
    echoNothing: () =>
      "nu s-a întors nimic: după recv, trimite datele înapoi aceluiași client (conn.sendall(data)).",
    echoChanged: () =>
      "răspunsul nu e nici linia, nici forma ei cu majusculă (bytes.capitalize()): trimite înapoi ce ai primit.",
    echoToOthers: () =>
      "și alt client a primit linia: un server ecou răspunde doar clientului care a trimis-o (conn, nu tuturor clienților).",
    echoMixed: () =>
      "un client a primit linii trimise de alt client sau și-a pierdut propriile linii: threadul fiecărui client trebuie să răspundă pe propria conexiune (conn).",
    chat: {
      idPrompt: () =>
        "la conectare, cere un ID cu o linie „? id: <text>” (docs/PROTOCOL.md, „Lines from the server”).",
      hello: () => "după un ID valid, salută cu „* hello <ID>: <text>” (docs/PROTOCOL.md).",
      menu: () => "după salut, arată meniul cu „? menu: <text>” (docs/PROTOCOL.md).",
      idTaken: () =>
        "un ID deja folosit trebuie refuzat cu „! id-taken: <text>”, apoi din nou „? id: ...” (docs/PROTOCOL.md, „Decisions”).",
      who: () =>
        "alegerea 4 din meniu (sau who) răspunde „* who: <text>” cu toți utilizatorii conectați (docs/PROTOCOL.md).",
      target: () => "alegerea 1 din meniu întreabă cu cine vrei să vorbești: „? target: <text>”.",
      waiting: () =>
        "după ce solicitantul numește un utilizator liber: „* waiting <ID>: <text>” către solicitant; chatul începe doar după ce celălalt răspunde y.",
      request: () =>
        "utilizatorul cerut trebuie întrebat „? request <ID>: <text>” și să răspundă y sau n; chatul nu începe înainte de răspuns.",
      chatStarted: () =>
        "după y, amândoi primesc „* chat <partener>: <text>” și sunt într-un chat privat.",
      delivered: () => "un mesaj privat ajunge la partener ca „<ID> text” (ID-ul expeditorului).",
      echoed: () => "expeditorul nu trebuie să își primească înapoi mesajul privat sau din cameră.",
      chatEnded: () =>
        "exit() încheie chatul: amândoi primesc „* chat-ended <ID>: <text>” și apoi din nou „? menu: ...”.",
      declined: () =>
        "la răspunsul n: solicitantul primește „* declined <ID>: <text>”, iar amândoi primesc din nou meniul.",
      room: () => "alegerea 3 din meniu intră în camera comună: „* room: <text>”.",
      joined: () => "membrii camerei află „* joined <ID>: <text>” când intră cineva.",
      roomDelivered: () => "o linie din cameră ajunge la fiecare alt membru ca „#room <ID> text”.",
      left: () => "când cineva iese din cameră, ceilalți primesc „* left <ID>: <text>”.",
      bye: () =>
        "alegerea 2 din meniu (sau exit()) răspunde „* bye: <text>” și închide conexiunea.",
      closed: () => "după * bye, închide conexiunea (clientul primește un FIN).",
      utf8: () =>
        "textul din afara ASCII (ă, ș, ț, emoji) trebuie să ajungă neschimbat: decodează și codează în UTF-8.",
      recv: () => RECV,
      longLine: () =>
        "după o linie de 64 KiB fără sfârșit de linie serverul nu a mai servit clienți noi: limitează bufferul unei linii neterminate și răspunde ! line-too-long.",
    },
    log: {
      connect: (ports: string) =>
        `nicio linie [CONNECT] nu numește acești clienți: ${ports}. Scrie în log „[CONNECT] <ip>:<port>” pentru fiecare client acceptat.`,
      recv: (count: number, ports: string) =>
        `${
          countRo(count, "mesaj nu are", "mesaje nu au")
        } o linie [RECV] cu expeditorul (${ports}): scrie în log „[RECV] From <ip>:<port> -> <date>” pentru fiecare mesaj primit.`,
      fwd: (count: number, ports: string) =>
        `${
          countRo(count, "livrare nu are", "livrări nu au")
        } o linie [FWD] sau [SEND] cu clientul destinatar (${ports}): scrie în log „[FWD] To <ip>:<port> -> <mesaj>” pentru fiecare client căruia îi trimiți un mesaj.`,
    },
  },
  handin: HANDIN_RO,
  live: LIVE_RO,
  errors: {
    background: () =>
      "serverul a trecut în fundal: comanda lui s-a încheiat, dar un proces pornit de ea a continuat să asculte; evaluatorul a oprit și acel proces",
    portBusy: (port: number) => portBusyLine(port, "ro"),
    unreachable: (where: string, kind: string) =>
      `nu mă pot conecta la ${where} (${
        NET_KIND_RO[kind as NetErrorKind] ?? kind
      }): rulează serverul acolo? Pornește-l sau lasă evaluatorul să îl pornească cu --server-cmd`,
    serverExited: (code: string, tail: string) =>
      `comanda serverului s-a încheiat (${code}) înainte să asculte: ${tail}`,
    notListening: (where: string, seconds: number) =>
      `comanda serverului nu a ascultat pe ${where} în ${seconds} s (portul din comandă e cel dat cu --port?)`,
    cannotStart: (detail: string) => `nu pot porni comanda serverului: ${detail}`,
    missingFile: (what: string, path: string) => `${what} ${path} nu există`,
    unreadable: (what: string, path: string, detail: string) =>
      `nu pot citi ${what} ${path}: ${detail}`,
    notCapture: (path: string, detail: string) =>
      `${path} nu e o captură pe care tshark o poate citi: ${detail}`,
    noTshark: () =>
      "pentru a citi capturi e nevoie de tshark (vine cu Wireshark; Debian/Ubuntu: apt-get install tshark)",
    cannotWrite: (path: string, detail: string) => `nu pot scrie ${path}: ${detail}`,
  },
};
