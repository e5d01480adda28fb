/**
 * Everything `deno task record` tells the student, in English and Romanian (the course's
 * language). The steps follow the lab handout (section 6, the mini chat's capture, and section 7,
 * what is handed in); the file names and the `deno task grade` command are the ones the student
 * types next, so they stay as they are in both languages.
 *
 * @module
 */

import type { Language } from "../core/texts.ts";
import { portBusyLine } from "../process/port_busy.ts";

/** The recorder's sentences. */
export interface RecordTexts {
  recording(where: { capture: string; log: string; iface: string; port: number }): string;
  startingServer(command: string): string;
  next(port: number): string;
  stopping(): string;
  written(log: { file: string; lines: number }, capture: CaptureFacts): string;
  fewClients(streams: number): string;
  maybeIncomplete(): string;
  explain(log: string): string;
  check(command: string): string;
  // Failures: one line each, then (by the caller) whether earlier files were kept.
  portBusy(port: number): string;
  serverExitedEarly(code: number): string;
  serverNotListening(port: number, seconds: number): string;
  serverDied(code: number): string;
  captureStopped(reason: string): string;
  nothingCaptured(port: number): string;
  unreadableCapture(reason: string): string;
  cannotWrite(file: string, reason: string): string;
  earlierKept(files: readonly string[]): string;
  nothingWritten(): string;
}

/** What the finished capture holds, for the last lines. */
export interface CaptureFacts {
  readonly file: string;
  readonly packets: number;
  readonly streams: number;
}

const EN: RecordTexts = {
  recording: ({ capture, log, iface, port }) =>
    `Recording: tshark captures "tcp port ${port}" on ${iface} into ${capture}; the server's ` +
    `log goes to ${log}.`,
  startingServer: (command) => `Starting the server: ${command}`,
  next: (port) =>
    `Ready. Open 3 more terminals and connect a client in each: nc 127.0.0.1 ${port} (or the ` +
    `course's Python client). Send 5 or more messages from different clients, crossed (client 1 ` +
    `to 2, 2 to 3, 3 to 1). Then close the clients (Ctrl+C in each) and press Ctrl+C here.`,
  stopping: () => "Stopping the server, then the capture once every packet is in the file...",
  written: (log, capture) =>
    `Written: ${log.file} (${log.lines} lines) and ${capture.file} (${capture.packets} packets, ` +
    `${capture.streams} TCP ${capture.streams === 1 ? "stream" : "streams"}).`,
  fewClients: (streams) =>
    `Note: the lab asks for at least 3 clients, and this capture has ${streams}: record again ` +
    `with more.`,
  maybeIncomplete: () =>
    "Note: the capture tool had not written the very last packets after 10 s; a few may be missing.",
  explain: (log) =>
    `Before you hand in: write your 5-7 sentences at the end of ${log}, below its last line ` +
    `(how the log shows that several clients were connected, and how its lines match the ` +
    `packets in Wireshark).`,
  check: (command) => `Check the hand-in: ${command}`,
  portBusy: (port) => portBusyLine(port, "en"),
  serverExitedEarly: (code) =>
    `your server exited (code ${code}) before it listened: its output is above, and nothing ` +
    `was recorded`,
  serverNotListening: (port, seconds) =>
    `your server runs, but nothing listens on port ${port} after ${seconds} s: does it use port ` +
    `${port}? (--port, or {PORT} in --server-cmd)`,
  serverDied: (code) =>
    `your server stopped by itself (code ${code}) during the recording: its output is above; ` +
    `fix it and record again`,
  captureStopped: (reason) => `tshark stopped during the recording: ${reason}`,
  nothingCaptured: (port) =>
    `no client connected to port ${port} during the recording: there is nothing to hand in`,
  unreadableCapture: (reason) => `the capture cannot be read back: ${reason}`,
  cannotWrite: (file, reason) => `cannot write ${file}: ${reason}`,
  earlierKept: (files) =>
    `Your earlier ${files.join(" and ")} ${files.length === 1 ? "is" : "are"} unchanged.`,
  nothingWritten: () => "Nothing was written.",
};

const RO: RecordTexts = {
  recording: ({ capture, log, iface, port }) =>
    `Înregistrare: tshark capturează "tcp port ${port}" pe ${iface} în ${capture}; logul ` +
    `serverului merge în ${log}.`,
  startingServer: (command) => `Pornesc serverul: ${command}`,
  next: (port) =>
    `Gata. Deschide încă 3 terminale și conectează câte un client în fiecare: nc 127.0.0.1 ` +
    `${port} (sau clientul Python al cursului). Trimite cel puțin 5 mesaje de la clienți ` +
    `diferiți, „încrucișate” (clientul 1 către 2, 2 către 3, 3 către 1). Apoi închide clienții ` +
    `(Ctrl+C în fiecare) și apasă Ctrl+C aici.`,
  stopping: () => "Opresc serverul, apoi captura, după ce toate pachetele sunt în fișier...",
  written: (log, capture) =>
    `Scrise: ${log.file} (${log.lines} linii) și ${capture.file} (${capture.packets} pachete, ` +
    `${capture.streams} ${capture.streams === 1 ? "flux" : "fluxuri"} TCP).`,
  fewClients: (streams) =>
    `Atenție: laboratorul cere cel puțin 3 clienți, iar captura are ${streams}: înregistrează ` +
    `din nou, cu mai mulți.`,
  maybeIncomplete: () =>
    "Atenție: după 10 s, tshark încă nu scrisese ultimele pachete; s-ar putea să lipsească câteva.",
  explain: (log) =>
    `Înainte de predare: scrie cele 5-7 propoziții la sfârșitul fișierului ${log}, sub ultima ` +
    `lui linie (cum arată logul că erau mai mulți clienți conectați și cum se leagă liniile lui ` +
    `de pachetele din Wireshark).`,
  check: (command) => `Verifică ce predai: ${command}`,
  portBusy: (port) => portBusyLine(port, "ro"),
  serverExitedEarly: (code) =>
    `serverul tău s-a oprit (cod ${code}) înainte să asculte: mesajele lui sunt mai ` +
    `sus și nu s-a înregistrat nimic`,
  serverNotListening: (port, seconds) =>
    `serverul rulează, dar nimic nu ascultă pe portul ${port} după ${seconds} s: folosește ` +
    `portul ${port}? (--port sau {PORT} în --server-cmd)`,
  serverDied: (code) =>
    `serverul tău s-a oprit singur (cod ${code}) în timpul înregistrării: mesajele ` +
    `lui sunt mai sus; corectează-l și înregistrează din nou`,
  captureStopped: (reason) => `tshark s-a oprit în timpul înregistrării: ${reason}`,
  nothingCaptured: (port) =>
    `niciun client nu s-a conectat la portul ${port} în timpul înregistrării: nu există nimic ` +
    `de predat`,
  unreadableCapture: (reason) => `captura nu poate fi citită: ${reason}`,
  cannotWrite: (file, reason) => `nu pot scrie ${file}: ${reason}`,
  earlierKept: (files) =>
    files.length === 1
      ? `Fișierul anterior ${files[0]} a rămas neschimbat.`
      : `Fișierele anterioare ${files.join(" și ")} au rămas neschimbate.`,
  nothingWritten: () => "Nu s-a scris nimic.",
};

/** The recorder's sentences in each language. */
export const RECORD_TEXTS: Record<Language, RecordTexts> = { en: EN, ro: RO };
