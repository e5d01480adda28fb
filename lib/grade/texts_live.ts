/**
 * The grader's sentences about a running server that name a fault the other checks' words
 * cannot: a line that came late or cut short, a sender's tag in another form, an echo in place
 * of a relay, a flood, a client closed after its first line, a server on another port, an output
 * too big to keep whole, and grading that could not start (for --junit and --json). English
 * defines the shape; Romanian addresses the student with "tu", as the rest of the grader does.
 *
 * @module
 */

import type { Shape } from "../core/texts.ts";

const mib = (bytes: number, comma = false) => {
  const value = (bytes / (1024 * 1024)).toFixed(1);
  return `${comma ? value.replace(".", ",") : value} MiB`;
};
const secs = (ms: number, comma = false) => {
  const value = (ms / 1000).toFixed(1);
  return `${comma ? value.replace(".", ",") : value} s`;
};

/** The sentences in English. */
export const LIVE_EN = {
  /** The one test case --junit writes, and the "error" --json prints, when grading cannot start. */
  cannotGrade: "the grader starts (or reaches) the server and it listens on the port",
  late: (ms: number) =>
    `the line arrived late, after ${
      secs(ms)
    }: send it on as soon as recv returns it. Is a sleep, or a slow call made while holding clients_lock, delaying it?`,
  cut: (got: number, of: number) =>
    `the line arrived cut short: got ${got} of ${of} bytes. Send the whole message (sendall, not send, and no slice like [:10]).`,
  tagFormat: (shown: string, peer: string) =>
    `the sender is there but written as ${shown}; the lab's form is [ip:port] then a space and the text (here [${peer}]).`,
  echoOnly: () =>
    "each line went back to its sender only, and to no other client: that is an echo server. Send each line to every other client in `clients` (not to conn).",
  otherPort: (ports: readonly number[], port: number, seconds: number) =>
    `the server command listens on ${
      ports.join(", ")
    }, not on ${port} (waited ${seconds} s): does it read the port it is given (--port, passed where --server-cmd says {PORT})?`,
  closedAfterLine: (name: string) =>
    `the server closed ${name}'s connection after ${name}'s first line: a client's thread must loop on recv until it returns b'' (the client left). Does it close the connection, or crash (look for a Traceback), after one message?`,
  outputCut: (total: number, kept: number) =>
    `the server printed ${mib(total)}: the grader kept its first and last ${
      mib(kept / 2)
    }, and judged the log on those`,
  logTooBig: (total: number, kept: number) =>
    `the log was too big to judge whole (${mib(total)}; the grader keeps its first and last ${
      mib(kept / 2)
    }), and these lines are not in what was kept: print less (no dumps of whole buffers or of every byte), one line per event.`,
  flood: (name: string, total: number, earlier: boolean) =>
    `the server sent ${earlier ? "a client connected before this check" : name} ${
      mib(total)
    } or more where a few lines were expected, more than the check reads: send each line once, and only to the other clients.`,
};

/** The shape every language's sentences have. */
export type LiveTexts = Shape<typeof LIVE_EN>;

/** The sentences in Romanian. */
export const LIVE_RO: LiveTexts = {
  cannotGrade: "evaluatorul pornește (sau găsește) serverul și acesta ascultă pe port",
  late: (ms: number) =>
    `linia a ajuns târziu, după ${
      secs(ms, true)
    }: trimite-o mai departe imediat ce recv o întoarce. O întârzie un sleep, sau un apel lent făcut în timp ce ții clients_lock?`,
  cut: (got: number, of: number) =>
    `linia a ajuns tăiată: au venit ${got} din ${of} octeți. Trimite tot mesajul (sendall, nu send, și fără o felie ca [:10]).`,
  tagFormat: (shown: string, peer: string) =>
    `expeditorul apare, dar scris ca ${shown}; forma din laborator este [ip:port], apoi un spațiu și textul (aici [${peer}]).`,
  echoOnly: () =>
    "fiecare linie s-a întors doar la expeditorul ei și la niciun alt client: acesta e un server de ecou. Trimite fiecare linie tuturor celorlalți clienți din `clients` (nu lui conn).",
  otherPort: (ports: readonly number[], port: number, seconds: number) =>
    `comanda serverului ascultă pe ${
      ports.join(", ")
    }, nu pe ${port} (am așteptat ${seconds} s): citește portul pe care îl primește (--port, transmis acolo unde --server-cmd are {PORT})?`,
  closedAfterLine: (name: string) =>
    `serverul a închis conexiunea lui ${name} după prima linie a lui ${name}: firul unui client trebuie să repete recv până când acesta întoarce b'' (clientul a plecat). Închide conexiunea, sau se oprește cu o eroare (caută un Traceback), după un singur mesaj?`,
  outputCut: (total: number, kept: number) =>
    `serverul a afișat ${mib(total, true)}: evaluatorul a păstrat primii și ultimii ${
      mib(kept / 2, true)
    } și a judecat logul pe aceștia`,
  logTooBig: (total: number, kept: number) =>
    `logul e prea mare ca să fie judecat întreg (${
      mib(total, true)
    }; evaluatorul păstrează primii și ultimii ${
      mib(kept / 2, true)
    }), iar aceste linii nu sunt în ce s-a păstrat: afișează mai puțin (fără buffere întregi sau fiecare octet), câte o linie pe eveniment.`,
  flood: (name: string, total: number, earlier: boolean) =>
    `serverul ${
      earlier
        ? "a trimis unui client conectat înaintea acestei verificări"
        : `i-a trimis lui ${name}`
    } ${
      mib(total, true)
    } sau mai mult acolo unde se așteptau câteva linii, mai mult decât citește verificarea: trimite fiecare linie o singură dată și doar celorlalți clienți.`,
};
