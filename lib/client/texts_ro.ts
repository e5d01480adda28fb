/**
 * The client's sentences in Romanian (`--lang ro`), key for key the same as English in
 * `texts.ts`, addressing the user with "tu" as the server's Romanian catalogue does.
 *
 * @module
 */

import { formatPeer } from "../core/protocol.ts";
import { countRo } from "../core/texts_ro.ts";
import type { ClientTexts } from "./texts.ts";

const bytes = (n: number) => countRo(n, "octet", "octeți");

/** The client's Romanian sentences. */
export const CLIENT_RO: ClientTexts = {
  connected: (local: string, remote: string) => `conexiune deschisă ${local} -> ${remote}`,
  serverClosed: (remote: string) => `serverul a închis conexiunea (${remote} a trimis FIN)`,
  clientClosed: (remote: string) => `conexiunea cu ${remote} s-a închis (FIN în ambele sensuri)`,
  stalled: (remote: string) =>
    `conexiunea cu ${remote} s-a închis: serverul nu mai citea; unele linii nu au fost trimise`,
  reset: (remote: string) => `conexiune pierdută: ${remote} a resetat-o (RST)`,
  broken: (remote: string, detail: string) => `conexiunea cu ${remote} s-a pierdut: ${detail}`,
  refused: (host: string, port: number) =>
    `conexiune refuzată de ${host} pe portul ${port}: rulează serverul pe ${
      formatPeer(host, port)
    }?`,
  unknownHost: (host: string) =>
    `gazdă necunoscută „${host}”: verifică numele sau folosește o adresă ca 127.0.0.1`,
  timedOut: (host: string, port: number, seconds: number) =>
    `niciun răspuns de la ${host} pe portul ${port} în ${seconds} s: e corectă adresa?`,
  cannotConnect: (host: string, port: number, detail: string) =>
    `conectarea la ${host} pe portul ${port} a eșuat: ${detail}`,
  noPermission: () => "lipsește permisiunea de rețea (deno run are nevoie de --allow-net)",
  unexpected: (detail: string) => `eroare neașteptată: ${detail}`,
  receivedTooLong: (max: number) => `(a sosit o linie de peste ${bytes(max)}; a fost ignorată)`,
  notSentYet: () =>
    "(serverul nu citește ce i s-a trimis: linia ta rămâne aici; apasă Enter din nou mai târziu)",
  outputGone: () => "ieșirea standard a fost închisă de cel care o citea: închid conexiunea",
  outputFailed: (detail: string) =>
    `nu pot scrie la ieșirea standard (${detail}): închid conexiunea`,
  inputFailed: (detail: string) => `nu pot citi intrarea standard (${detail}): închid conexiunea`,
  suspendUnderRunner: (runner: string) =>
    `(Ctrl+Z nu poate suspenda un client pornit de ${runner}, care nu s-ar opri odată cu el: ` +
    "pornește-l cu deno run sau chat-client ca să folosești Ctrl+Z)",
  suspendUnsupported: () => "(Ctrl+Z: pe acest sistem un program nu poate fi suspendat)",
  prompt: {
    naming: () => "ID-ul tău",
    menu: () => "meniu 1-4",
    choosing: () => "vorbești cu",
    requesting: (target: string) => `aștepți răspunsul de la ${target}`,
    answering: (requester: string) => `${requester} te invită, y/n`,
    private: (partner: string) => `către ${partner}`,
    room: () => "către #room",
  },
};
