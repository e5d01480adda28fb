/**
 * The hand-in check's sentences in Romanian, key for key as `handin_texts.ts`, addressing the
 * student with "tu" as the grader does.
 *
 * @module
 */

import { countRo } from "../core/texts_ro.ts";
import type { HandinCheckId } from "./checks.ts";
import type { HandinTexts, ShownLogProblem } from "./handin_texts.ts";

/** What each check of a hand-in holds it to, by id. */
export const HANDIN_TITLES_RO: Readonly<Record<HandinCheckId, string>> = {
  "handin.clients": "cel puțin 3 conexiuni de client (fluxuri TCP) la port",
  "handin.handshake": "handshake-ul fiecărei conexiuni (SYN, SYN-ACK, ACK) este în captură",
  "handin.ended":
    "fiecare conexiune se încheie în captură (un FIN sau un RST, de la oricare parte)",
  "handin.messages": "cel puțin 5 mesaje de la clienți",
  "handin.senders": "mesaje de la cel puțin 2 clienți diferiți",
  "handin.together": "cel puțin 3 clienți conectați în același timp și mesaje trimise între timp",
  "handin.relayed": "fiecare mesaj a ajuns la fiecare alt client conectat atunci",
  "handin.log":
    "fiecare linie [RECV] și [FWD] a logului corespunde pachetelor ei (portul clientului, textul sau numărul de octeți, ordinea)",
  "handin.command": "prima linie a logului e comanda care a pornit serverul (`$ python3 ...`)",
  "handin.explanation":
    "5-7 propoziții la sfârșitul logului, după ieșirea serverului (secțiunea 7 a laboratorului)",
};

const mib = (bytes: number) =>
  `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0).replace(".", ",")} MiB`;
const frames = (f: readonly number[]) => `${f.length === 1 ? "cadrul" : "cadrele"} ${f.join(", ")}`;

/** A line or bytes of the log without a partner in the capture, in Romanian. */
function logProblemRo(p: ShownLogProblem): string {
  switch (p.kind) {
    case "unnamed":
      return `${
        countRo(p.count, "destinatar nu este numit", "destinatari nu sunt numiți")
      }: ${p.line}`;
    case "unlogged":
      return `nicio linie în log pentru ${countRo(p.bytes, "octet", "octeți")} ${
        p.way === "from" ? "de la" : "către"
      } portul clientului ${p.port}: ${
        p.lines === 1 ? p.text : `${p.lines} linii, prima ${p.text}`
      } (${frames(p.frames)})`;
    case "noPacket":
      return `niciun pachet nu poartă această linie din log: ${p.line}`;
    case "otherSession":
      return `niciunul dintre porturile clienților din log (${p.ports}) nu e în captură: logul și captura sunt din sesiuni diferite; predă cele două fișiere ale aceleiași sesiuni (deno task record le scrie pe amândouă)`;
    case "portAbsent":
      return `portul clientului ${p.port} apare în ${
        countRo(p.lines, "linie din log", "linii din log")
      }, dar în niciun pachet al capturii (prima: ${p.line})`;
    case "differs":
      return `această linie din log nu se potrivește cu pachetul ei: ${p.line}; ${
        frames(p.frames)
      } poartă ${countRo(p.bytes, "octet", "octeți")}: ${p.text}`;
  }
}

/** The hand-in check's problems and words, in Romanian. */
export const HANDIN_RO: HandinTexts = {
  ok: (port: number) =>
    `nicio problemă: captura și logul portului ${port} corespund cerințelor laboratorului`,
  streams: "Fluxuri TCP (câte unul pentru fiecare conexiune de client):",
  table: {
    headers: [
      "tcp.stream",
      "portul clientului",
      "pachete",
      "date →server",
      "date →client",
      "handshake",
      "încheiere (de la primul la ultimul)",
    ],
    notCaptured: "necapturat",
  },
  heading: (capture: string, port: number) => `${capture}, portul ${port}`,
  summary: (streams: number, messages: number, senders: number) =>
    `${countRo(streams, "conexiune de client", "conexiuni de client")}, ${
      countRo(messages, "mesaj", "mesaje")
    } de la ${countRo(senders, "client", "clienți")}`,
  noPackets: (port: number, ports: string) =>
    `niciun pachet pe portul ${port} în această captură; porturile ei TCP sunt ${ports} (folosește --port)`,
  noTcp: () => "captura nu are niciun pachet TCP",
  fewClients: (n: number, port: number) =>
    `doar ${
      countRo(n, "conexiune de client", "conexiuni de client")
    } la portul ${port} în captură; laboratorul cere cel puțin 3`,
  noHandshake: (stream: number, port: number) =>
    `tcp.stream ${stream} (portul clientului ${port}): handshake-ul (SYN, SYN-ACK, ACK) lipsește din captură: pornește captura înainte să se conecteze clienții`,
  notEnded: (stream: number, port: number) =>
    `tcp.stream ${stream} (portul clientului ${port}) nu s-a încheiat în captură (niciun FIN sau RST): oprește captura după ce pleacă clienții`,
  fewMessages: (n: number) =>
    `doar ${countRo(n, "mesaj", "mesaje")} de la clienți în captură; laboratorul cere cel puțin 5`,
  fewSenders: (n: number) =>
    `mesaje de la doar ${
      countRo(n, "client", "clienți")
    }; laboratorul cere mesaje de la cel puțin 2`,
  notTogether: (most: number) =>
    `${
      most <= 1
        ? "niciodată nu au fost conectați doi clienți în același timp"
        : `cel mult ${most} clienți au fost conectați în același timp`
    } în captură: laboratorul cere 3 deodată (deschide-i pe toți trei, apoi trimite), ca fiecare mesaj să poată ajunge la ceilalți`,
  nothingToRelay: () =>
    "niciun mesaj nu a fost trimis cât timp era conectat alt client: nu era nimic de retransmis (trimite cât timp ceilalți clienți sunt încă conectați)",
  noneRelayed: (n: number) =>
    `niciunul dintre cele ${n} mesaje trimise cât erau conectați alți clienți nu a ajuns la vreunul dintre ei: serverul nu a retransmis nimic`,
  notRelayed: (text: string, from: number, frame: number, to: number) =>
    `mesajul ${text} de la portul clientului ${from} (cadrul ${frame}) nu a ajuns niciodată la portul clientului ${to}`,
  noLogLines: () =>
    "logul nu are linii [RECV] sau [FWD] cu adresa unui client: e logul serverului din această sesiune?",
  logProblem: (p: ShownLogProblem) => `log ↔ captură: ${logProblemRo(p)}`,
  outputEnd: () =>
    "---- sfârșitul ieșirii serverului; sub această linie, cele 5-7 propoziții cerute (secțiunea 7 a laboratorului) ----",
  emptyFile: (what: string, path: string) =>
    `${
      what === "log" ? "logul" : "captura"
    } ${path} e un fișier gol (0 octeți): a fost salvat înainte să se scrie ceva în el? Înregistrează-l din nou`,
  fileTooBig: (what: string, path: string, size: number, max: number) =>
    `${what === "log" ? "logul" : "captura"} ${path} e prea mare (${
      mib(size)
    }; verificarea citește cel mult ${
      mib(max)
    }): un fișier al laboratorului are câțiva KiB; e fișierul unei singure sesiuni?`,
  captureTooBig: (path: string) =>
    `captura ${path} e prea mare (peste 64 MiB de date TCP; captura laboratorului are câțiva KiB): a înregistrat mai mult decât chatul? Capturează doar portul chatului (tcp port 3333)`,
  noCommand: () =>
    "prima linie a logului nu e comanda care a pornit serverul: laboratorul o cere (`$ python3 server.py 3333`, cum o scrie `deno task record`)",
  noOutputEnd: () =>
    "logul nu are linia `---- sfârșitul ieșirii serverului ... ----`: `deno task record` o scrie după ultima linie a serverului; cele 5-7 propoziții ale tale vin sub ea",
  fewSentences: (n: number) =>
    `${
      n === 0 ? "nicio propoziție" : `doar ${countRo(n, "propoziție", "propoziții")}`
    } după ieșirea serverului: laboratorul cere 5-7 la sfârșitul logului, de cel puțin 3 cuvinte fiecare (cum arată logul că erau mai mulți clienți conectați și cum se leagă liniile lui de pachete)`,
};
