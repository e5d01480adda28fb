/**
 * A port someone already listens on, before a student's server is started on it: the grader and
 * the recorder both refuse to start then (exit code 2), with the same line. Starting anyway would
 * make the student's server die at `bind` ("Address already in use") while the checks, or the
 * recording, talk to the other server.
 *
 * @module
 */

import type { Language } from "../core/texts.ts";
import { nextPort } from "../cli.ts";
import { isListening } from "../net/listening.ts";

/** True when a program already listens on TCP `port` (see lib/net/listening.ts). */
export function portInUse(port: number): Promise<boolean> {
  return isListening(port);
}

/** The one line for a port in use, in `lang`. */
export function portBusyLine(port: number, lang: Language): string {
  return lang === "ro"
    ? `portul ${port} este deja folosit: oprește serverul care îl ține (serverul de exemplu al ` +
      `cursului? un server al tău pornit mai devreme?) sau folosește alt port cu ` +
      `--port ${nextPort(port, port)}`
    : `port ${port} is already in use: stop the server that holds it (the course's example ` +
      `server? a server of yours started earlier?), or use another port with ` +
      `--port ${nextPort(port, port)}`;
}
