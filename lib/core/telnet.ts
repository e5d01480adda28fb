/**
 * Telnet commands in a client's byte stream: found, taken out of the text, and answered.
 *
 * telnet and PuTTY (connection type "Telnet") mix option negotiation into what the user types:
 * `IAC WILL NAWS`, `IAC DO ECHO`, ... (RFC 854). Those bytes are never text: the filter removes
 * them before framing, so an ID can never start with negotiation garbage. It keeps no buffer:
 * a command split across reads is remembered as a state, and subnegotiation contents are
 * counted and dropped, so a stream of them costs nothing.
 *
 * What the server answers (the only telnet bytes it ever sends, and only to a client that sent
 * the request): every `DO x` except `DO SUPPRESS-GO-AHEAD` gets `WONT x`. The server does not
 * echo, so `WONT ECHO` tells the client to show the user what they type; `WONT TIMING-MARK`
 * lets telnet go on showing output after Ctrl+C. Suppress-go-ahead is left unanswered: telnet
 * asks for it when the user chooses `mode character`, and keeps character mode unless refused,
 * while PuTTY, which asks for it on every connection, stays in its friendlier line mode unless
 * the server agrees. Offers (`WILL x`) are left unanswered too: nothing is enabled either way.
 *
 * @example PuTTY's 21 opening bytes: no text, seven commands, one answer
 * ```ts
 * import { encodeNegotiation, formatTelnet, TelnetFilter, telnetReply } from "./telnet.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const putty = [255, 251, 31, 255, 251, 32, 255, 251, 24, 255, 251, 39, 255, 253, 1, 255, 251,
 *   3, 255, 253, 3];
 * const filter = new TelnetFilter();
 * const { data, commands } = filter.push(new Uint8Array([...putty, 104, 105]));
 * deepEqual([...data], [104, 105]); // "hi"
 * equal(
 *   commands.map(formatTelnet).join(", "),
 *   "WILL NAWS, WILL TSPEED, WILL TTYPE, WILL NEW-ENVIRON, DO ECHO, WILL SGA, DO SGA",
 * );
 * deepEqual([...encodeNegotiation(telnetReply(commands))], [255, 252, 1]); // IAC WONT ECHO
 * ```
 * @module
 */

/** Interpret As Command: the byte that starts every telnet command. Never valid in UTF-8. */
export const IAC = 0xff;
const SE = 240;
const SB = 250;
const WILL = 251;
const WONT = 252;
const DO = 253;
const DONT = 254;
const SGA = 3;

const VERBS: Readonly<Record<number, TelnetVerb>> = {
  [WILL]: "WILL",
  [WONT]: "WONT",
  [DO]: "DO",
  [DONT]: "DONT",
};
/** A negotiation verb: `WILL`, `WONT`, `DO` or `DONT` (RFC 854). */
export type TelnetVerb = "WILL" | "WONT" | "DO" | "DONT";
const CODES: Readonly<Record<TelnetVerb, number>> = { WILL, WONT, DO, DONT };

/** Two-byte commands (RFC 854), by code. */
const COMMANDS: Readonly<Record<number, string>> = {
  241: "NOP",
  242: "DM",
  243: "BRK",
  244: "IP",
  245: "AO",
  246: "AYT",
  247: "EC",
  248: "EL",
  249: "GA",
};

/** Option names as Wireshark shows them, for the log. */
const OPTIONS: Readonly<Record<number, string>> = {
  0: "BINARY",
  1: "ECHO",
  3: "SGA",
  5: "STATUS",
  6: "TIMING-MARK",
  24: "TTYPE",
  31: "NAWS",
  32: "TSPEED",
  33: "LFLOW",
  34: "LINEMODE",
  35: "XDISPLOC",
  36: "ENVIRON",
  39: "NEW-ENVIRON",
};

/** One telnet command a client sent. */
export type TelnetCommand =
  | { readonly type: "negotiation"; readonly verb: TelnetVerb; readonly option: number }
  | { readonly type: "subnegotiation"; readonly option: number }
  | { readonly type: "command"; readonly name: string };

/** What one chunk held once its telnet commands were taken out. */
export interface Filtered {
  /** The text bytes, in order. */
  readonly data: Uint8Array;
  readonly commands: readonly TelnetCommand[];
  /** How many bytes the commands took (what the log counts as negotiation). */
  readonly commandBytes: number;
}

type State =
  | { readonly at: "data" }
  | { readonly at: "iac" }
  | { readonly at: "option"; readonly verb: TelnetVerb }
  | { readonly at: "sb-option" }
  | { readonly at: "sb"; readonly option: number; readonly afterIac: boolean };

const DATA: State = { at: "data" };

/** Takes telnet commands out of a byte stream. Pure: keeps a state, never a buffer. */
export class TelnetFilter {
  #state: State = DATA;

  /** True between commands: a chunk without IAC then passes through untouched. */
  get idle(): boolean {
    return this.#state.at === "data";
  }

  /** Splits one chunk into text bytes and commands. */
  push(chunk: Uint8Array): Filtered {
    const data = new Uint8Array(chunk.length);
    const commands: TelnetCommand[] = [];
    let length = 0;
    let commandBytes = 0;
    for (const byte of chunk) {
      const state = this.#state;
      if (state.at === "data") {
        if (byte === IAC) {
          this.#state = { at: "iac" };
          commandBytes++;
        } else {
          data[length++] = byte;
        }
        continue;
      }
      commandBytes++;
      this.#state = DATA;
      switch (state.at) {
        case "iac":
          if (byte === IAC) {
            // IAC IAC is a data byte 255; it is not UTF-8, so the text shows U+FFFD.
            data[length++] = byte;
            commandBytes -= 2;
          } else if (byte === WILL || byte === WONT || byte === DO || byte === DONT) {
            this.#state = { at: "option", verb: VERBS[byte] };
          } else if (byte === SB) {
            this.#state = { at: "sb-option" };
          } else {
            commands.push({ type: "command", name: COMMANDS[byte] ?? `command ${byte}` });
          }
          break;
        case "option":
          commands.push({ type: "negotiation", verb: state.verb, option: byte });
          break;
        case "sb-option":
          this.#state = { at: "sb", option: byte, afterIac: false };
          break;
        case "sb":
          if (state.afterIac && byte === SE) {
            commands.push({ type: "subnegotiation", option: state.option });
          } else {
            this.#state = {
              at: "sb",
              option: state.option,
              afterIac: !state.afterIac && byte === IAC,
            };
          }
          break;
      }
    }
    return { data: data.subarray(0, length), commands, commandBytes };
  }
}

/** The server's answer to `commands`: `WONT x` for each `DO x` but SGA (none is often due). */
export function telnetReply(commands: readonly TelnetCommand[]): TelnetCommand[] {
  const reply: TelnetCommand[] = [];
  for (const command of commands) {
    if (command.type === "negotiation" && command.verb === "DO" && command.option !== SGA) {
      reply.push({ type: "negotiation", verb: "WONT", option: command.option });
    }
  }
  return reply;
}

/** The bytes of negotiation commands (the only kind the server sends). */
export function encodeNegotiation(commands: readonly TelnetCommand[]): Uint8Array {
  const bytes: number[] = [];
  for (const command of commands) {
    if (command.type === "negotiation") bytes.push(IAC, CODES[command.verb], command.option);
  }
  return new Uint8Array(bytes);
}

/** A command as the log and Wireshark name it: `WILL NAWS`, `SB TTYPE`, `IP`. */
export function formatTelnet(command: TelnetCommand): string {
  switch (command.type) {
    case "negotiation":
      return `${command.verb} ${optionName(command.option)}`;
    case "subnegotiation":
      return `SB ${optionName(command.option)}`;
    case "command":
      return command.name;
  }
}

function optionName(option: number): string {
  return OPTIONS[option] ?? `option ${option}`;
}
