/**
 * What the server answers to a telnet client's commands (lib/core/telnet.ts finds them). These
 * answers go only to a connection that is telnet: a command is what made it so.
 *
 * Negotiation: RFC 854 asks for an answer to every request to change an option, and for none to a
 * request for what is already in effect (that is what stops loops); RFC 1143's "Q method" keeps,
 * per connection, which options are on. The server never asks first, so each option is simply on
 * or off, and all start off:
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
 * `AYT` ("are you there") asks for "visible evidence that the system is still up" (RFC 854): the
 * server answers with a line of text, once per read however many AYT it held. The editing
 * commands change the line being typed (`lineEdit` in telnet.ts); the others need no answer.
 *
 * @example PuTTY's 21 opening bytes: seven commands, six answers
 * ```ts
 * import { TelnetFilter } from "./telnet.ts";
 * import { formatTelnet } from "./telnet_commands.ts";
 * import { encodeNegotiation, NO_OPTIONS, telnetReply } from "./telnet_reply.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const putty = [255, 251, 31, 255, 251, 32, 255, 251, 24, 255, 251, 39, 255, 253, 1, 255, 251,
 *   3, 255, 253, 3];
 * const commands = new TelnetFilter().push(new Uint8Array(putty))
 *   .flatMap((piece) => piece.type === "telnet" ? [piece.command] : []);
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

import { IAC, type TelnetCommand, type TelnetVerb, VERB_CODES } from "./telnet_commands.ts";

const SGA = 3;

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

/** The server's answer to the commands of one read. */
export interface TelnetAnswer {
  /** The connection's options after them. */
  readonly options: TelnetOptions;
  /** Negotiation to send back, in order; often nothing. */
  readonly reply: TelnetCommand[];
  /** The client asked "are you there" (AYT): it gets a visible line. */
  readonly here: boolean;
}

/**
 * The server's answer to `commands`, given the connection's `options`, and the options after
 * them (RFC 1143's Q method for a side that never asks first). Pure.
 */
export function telnetReply(
  options: TelnetOptions,
  commands: readonly TelnetCommand[],
): TelnetAnswer {
  let after = options;
  let here = false;
  const reply: TelnetCommand[] = [];
  for (const command of commands) {
    if (command.type === "command" && command.name === "AYT") here = true;
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
  return { options: after, reply, here };
}

/** The bytes of negotiation commands (the only kind the server sends). */
export function encodeNegotiation(commands: readonly TelnetCommand[]): Uint8Array {
  const bytes: number[] = [];
  for (const command of commands) {
    if (command.type === "negotiation") {
      bytes.push(IAC, VERB_CODES[command.verb], command.option);
    }
  }
  return new Uint8Array(bytes);
}
