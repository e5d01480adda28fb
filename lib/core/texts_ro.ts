/**
 * The server's sentences in Romanian (`--lang ro`), key for key the same as English in
 * `texts.ts`. Users are addressed with "tu", as students address each other, and sentences about
 * another user are built so that they read right whatever that user's gender.
 *
 * @module
 */

import type { Texts } from "./texts.ts";
import { MAX_ID_LENGTH } from "./user_id.ts";

/**
 * A count with its noun as Romanian writes it: `1 utilizator`, `3 utilizatori`,
 * `20 de utilizatori`, `101 utilizatori` ("de" comes before the noun when the last two digits
 * are 00 or 20 to 99).
 */
export function countRo(n: number, one: string, many: string): string {
  if (n === 1) return `1 ${one}`;
  const lastTwo = n % 100;
  return n !== 0 && (lastTwo === 0 || lastTwo >= 20) ? `${n} de ${many}` : `${n} ${many}`;
}

const names = (ids: readonly string[]) => ids.length === 0 ? "nimeni" : ids.join(", ");

/** The server's Romanian sentences. */
export const RO: Texts = {
  welcome: (others: number) =>
    `Bun venit în tcpchat (modul chat)! Alți utilizatori online: ${others}.`,
  askId: () => `Alege-ți un ID (1-${MAX_ID_LENGTH} litere, cifre, _ sau -, începând cu o literă):`,
  idEmpty: () => "ID-ul nu poate fi gol.",
  idTooLong: () => `Un ID are cel mult ${MAX_ID_LENGTH} caractere.`,
  idInvalid: () => "Un ID conține doar litere, cifre, _ și - și începe cu o literă.",
  idReserved: (id: string) => `„${id}” este rezervat.`,
  idTaken: (id: string, holder: string) =>
    `„${id}” este deja folosit de ${holder} (prea asemănător: același ID cu litere mari sau ` +
    `mici, ori cu semne care se confundă, 0/O, 1/I/l).`,
  hello: (id: string) => `Salut, ${id}!`,
  menu: () => "1) chat privat  2) ieșire  3) camera comună  4) cine e online",
  badChoice: () => "Scrie 1, 2, 3 sau 4.",
  alone: () =>
    "Nu mai e nimeni online deocamdată. Încearcă din nou puțin mai târziu sau intră în camera comună (3).",
  askTarget: (free: readonly string[]) =>
    `Cu cine vrei să vorbești? Pot vorbi acum: ${names(free)}. (Linie goală: înapoi la meniu.)`,
  noSuchUser: (id: string) => `Niciun utilizator „${id}” nu este online.`,
  self: () => "Acela ești tu. Alege pe altcineva.",
  busy: (id: string, doing: string) => `${id} nu poate vorbi acum (${doing}).`,
  waiting: (id: string) => `Cerere trimisă către ${id}. Se așteaptă răspunsul; exit() anulează.`,
  stillWaiting: (id: string) => `Încă aștepți răspunsul de la ${id}; exit() anulează cererea.`,
  request: (id: string) => `${id} vrea să vorbească cu tine. Accepți? (y/n)`,
  answerYesNo: () => "Răspunde cu y (da) sau n (nu).",
  chatStarted: (id: string) => `Acum vorbești cu ${id}. Scrie exit() ca să revii la meniu.`,
  declined: (id: string) => `${id} a refuzat cererea ta.`,
  youDeclined: (id: string) => `Ai refuzat cererea de la ${id}.`,
  withdrawn: (id: string) => `${id} a retras cererea.`,
  youWithdrew: (id: string) => `Cererea către ${id} a fost anulată.`,
  gone: (id: string, how: string) => `${id} ${how}.`,
  timedOut: (id: string, seconds: number) =>
    `${id} nu a răspuns în ${seconds} s; cererea a fost anulată.`,
  expired: (id: string) => `Cererea de la ${id} a expirat.`,
  youEnded: (id: string) => `Ai încheiat conversația cu ${id}.`,
  partnerEnded: (id: string) => `${id} a încheiat conversația.`,
  roomJoined: (others: readonly string[]) =>
    others.length === 0
      ? "Deocamdată nu mai e nimeni în camera comună. Scrie exit() ca să ieși."
      : `Ești în camera comună cu ${names(others)}. Scrie exit() ca să ieși.`,
  joinedRoom: (id: string) => `${id} a intrat în cameră.`,
  leftRoom: (id: string) => `${id} a ieșit din cameră.`,
  youLeftRoom: () => "Ai ieșit din camera comună.",
  who: (entries: readonly string[], more: number) =>
    `${countRo(entries.length + more, "utilizator", "utilizatori")} online: ${entries.join(", ")}` +
    (more > 0 ? ` și încă ${more}` : ""),
  you: () => "tu",
  doing: {
    naming: "își alege ID-ul",
    menu: "poate vorbi",
    choosing: "poate vorbi",
    requesting: "așteaptă un răspuns",
    answering: "răspunde la o cerere",
    private: "într-un chat privat",
    room: "în camera comună",
  },
  how: {
    closed: "s-a deconectat",
    reset: "a pierdut conexiunea (reset)",
    "timed-out": "a pierdut conexiunea (nu mai răspunde)",
    dropped: "a fost deconectat de server",
  },
  bye: (id: string) => id === "" ? "La revedere." : `La revedere, ${id}.`,
  lineTooLong: (max: number) =>
    `Linie mai lungă de ${countRo(max, "octet", "octeți")}; a fost ignorată.`,
  full: (max: number) =>
    `Serverul este plin (${countRo(max, "client", "clienți")}). Încearcă mai târziu.`,
  stopping: () => "Serverul se oprește. La revedere.",
  here: () => "Da, serverul este aici.",
  queueFull: () => "Nu citești mesajele destul de repede; conexiunea se închide.",
  tooManyFromIp: (max: number) =>
    `Prea multe conexiuni de la adresa ta (cel mult ${max}). Închide una și încearcă din nou.`,
  flood: (perSecond: number, burst: number) =>
    `Mai încet: cel mult ${countRo(perSecond, "linie", "linii")} pe secundă ` +
    `(${burst} deodată); liniile în plus au fost ignorate.`,
  floodDropped: (perSecond: number, seconds: number) =>
    `Ai trimis mai mult de ${countRo(perSecond, "linie", "linii")} pe secundă timp de ` +
    `${seconds} s; conexiunea se închide.`,
  loginTimeout: (seconds: number) => `Niciun ID în ${seconds} s; conexiunea se închide.`,
  idle: (seconds: number) => `Nimic trimis în ${seconds} s; conexiunea se închide.`,
  kicked: (reason: string) =>
    reason === ""
      ? "Operatorul serverului te-a deconectat."
      : `Operatorul serverului te-a deconectat: ${reason}`,
};
