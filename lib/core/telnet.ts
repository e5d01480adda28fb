/**
 * Telnet commands in a client's byte stream: found, taken out of the text, and answered.
 *
 * telnet and PuTTY (connection type "Telnet") mix option negotiation into what the user types:
 * `IAC WILL NAWS`, `IAC DO ECHO`, ... (RFC 854). Those bytes are never text: the filter removes
 * them before framing, so an ID can never start with negotiation garbage. It keeps no buffer:
 * a command split across reads is remembered as a state, and subnegotiation contents are
 * counted and dropped, so a stream of them costs nothing.
 *
 * What the server answers ({@link telnetReply}; the only telnet bytes it ever sends, and only to a
 * client that sent a request). RFC 854 asks for an answer to every request to change an option,
 * and for none to a request for what is already in effect (that is what stops loops); RFC 1143's
 * "Q method" keeps, per connection, which options are on. The server never asks first, so each
 * option is simply on or off, and all start off:
 *
 * - `WILL x` (the client offers x): `DONT x`, except `WILL SUPPRESS-GO-AHEAD`, which gets `DO` and
 *   is on: the server never waits for a go-ahead (RFC 858).
 * - `DO x` (the client asks the server to do x): `WONT x`. `WONT ECHO` is how telnet and PuTTY
 *   learn to show the user what they type; `WONT TIMING-MARK` lets telnet go on showing output
 *   after Ctrl+C (RFC 860). The one exception: `DO SUPPRESS-GO-AHEAD` is left unanswered. telnet
 *   asks for it on `mode character` and keeps character mode unless refused, while PuTTY, which
 *   asks on every connection, stays in its friendlier local line editing unless the server agrees.
 * - An offer or request for an option already on, and `WONT x` / `DONT x` for one already off,
 *   get nothing. `WONT x` or `DONT x` for one that is on turns it off and is acknowledged.
 * - Subnegotiation (`SB x ... SE`) is dropped unanswered: the server enables no option that has
 *   one (RFC 855).
 *
 * @example PuTTY's 21 opening bytes: no text, seven commands, six answers
 * ```ts
 * import { encodeNegotiation, formatTelnet, NO_OPTIONS, TelnetFilter, telnetReply } from
 *   "./telnet.ts";
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
 * const { reply } = telnetReply(NO_OPTIONS, commands);
 * equal(
 *   reply.map(formatTelnet).join(", "),
 *   "DONT NAWS, DONT TSPEED, DONT TTYPE, DONT NEW-ENVIRON, WONT ECHO, DO SGA",
 * );
 * deepEqual([...encodeNegotiation(reply)].slice(0, 3), [255, 254, 31]); // IAC DONT NAWS
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

/**
 * The options in effect on one connection, as `us <option>` (the server's own, asked for with
 * DO) and `him <option>` (the client's, offered with WILL), RFC 1143's names. All others are off.
 * It only ever holds options the server agrees to (one), so a client cannot make it grow.
 */
export type TelnetOptions = ReadonlySet<OptionKey>;

/** One side of one option: `him 3` is the client's SUPPRESS-GO-AHEAD. */
type OptionKey = `${Side} ${number}`;
/** RFC 1143's names: `us` is the server (asked with DO/DONT), `him` the client (WILL/WONT). */
type Side = "us" | "him";

/** A new connection's options: all off. */
export const NO_OPTIONS: TelnetOptions = new Set();

/** Whose option a verb is about, whether it asks for on or off, and the answers on that side. */
const SIDES: Readonly<
  Record<TelnetVerb, { side: Side; on: boolean; yes: TelnetVerb; no: TelnetVerb }>
> = {
  WILL: { side: "him", on: true, yes: "DO", no: "DONT" },
  WONT: { side: "him", on: false, yes: "DO", no: "DONT" },
  DO: { side: "us", on: true, yes: "WILL", no: "WONT" },
  DONT: { side: "us", on: false, yes: "WILL", no: "WONT" },
};

/** What the server does when asked to turn an option on (see the module's notes for why). */
function stance(side: Side, option: number): "agree" | "refuse" | "leave" {
  if (option !== SGA) return "refuse";
  return side === "him" ? "agree" : "leave";
}

/**
 * The server's answer to `commands`, given the connection's `options`, and the options after
 * them (RFC 1143's Q method for a side that never asks first). Pure.
 */
export function telnetReply(
  options: TelnetOptions,
  commands: readonly TelnetCommand[],
): { readonly options: TelnetOptions; readonly reply: TelnetCommand[] } {
  let after = options;
  const reply: TelnetCommand[] = [];
  for (const command of commands) {
    if (command.type !== "negotiation") continue;
    const { side, on, yes, no } = SIDES[command.verb];
    const key: OptionKey = `${side} ${command.option}`;
    const answer = (verb: TelnetVerb) => reply.push({ ...command, verb });
    if (after.has(key) === on) continue; // already so: answering would start a loop
    if (!on) {
      after = new Set([...after].filter((k) => k !== key));
      answer(no);
      continue;
    }
    const decision = stance(side, command.option);
    if (decision === "agree") {
      after = new Set([...after, key]);
      answer(yes);
    } else if (decision === "refuse") {
      answer(no);
    }
  }
  return { options: after, reply };
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
