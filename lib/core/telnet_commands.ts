/**
 * The words of telnet (RFC 854, and RFC 885 and RFC 1184 for a few commands): its command bytes,
 * option numbers and names as the server's log and Wireshark write them, which requests a telnet
 * client makes, and what each command does to the line being typed. lib/core/telnet.ts finds the
 * commands in a stream; lib/core/telnet_reply.ts answers them.
 *
 * @example
 * ```ts
 * import { formatTelnet, isClientRequest, lineEdit } from "./telnet_commands.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(formatTelnet({ type: "negotiation", verb: "WILL", option: 31 }), "WILL NAWS");
 * equal(isClientRequest("DO", 1), true); // DO ECHO: the server is to echo
 * equal(isClientRequest("DO", 32), false); // DO TSPEED: only a terminal has a speed
 * equal(lineEdit({ type: "command", name: "EC" }), "character");
 * ```
 * @module
 */

/** Interpret As Command: the byte that starts every telnet command. Never valid in UTF-8. */
export const IAC = 0xff;
/** The command bytes the filter looks for (RFC 854). */
export const SE = 240, SB = 250, WILL = 251, WONT = 252, DO = 253, DONT = 254;

/**
 * The most bytes one subnegotiation may hold. Real ones are short (a window size is 4 bytes, a
 * terminal type a few dozen) and the server asks for none; the bound keeps a client that never
 * sends `IAC SE` from hiding the rest of its stream.
 */
export const MAX_SUBNEGOTIATION_BYTES = 512;

/** The verb of each negotiation byte. */
export const VERBS: Readonly<Record<number, TelnetVerb>> = {
  [WILL]: "WILL",
  [WONT]: "WONT",
  [DO]: "DO",
  [DONT]: "DONT",
};
/** A negotiation verb: `WILL`, `WONT`, `DO` or `DONT` (RFC 854). */
export type TelnetVerb = "WILL" | "WONT" | "DO" | "DONT";
/** The byte of each verb. */
export const VERB_CODES: Readonly<Record<TelnetVerb, number>> = { WILL, WONT, DO, DONT };

/** Two-byte commands by code: RFC 854's, RFC 885's EOR and RFC 1184's EOF, SUSP, ABORT. */
const COMMANDS: Readonly<Record<number, string>> = {
  236: "EOF",
  237: "SUSP",
  238: "ABORT",
  239: "EOR",
  240: "SE",
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
/** The two-byte commands telnet clients send for keys and `send`: they can start telnet. */
const KEY_COMMANDS = new Set([236, 237, 238, 241, 242, 243, 244, 245, 246, 247, 248, 249]);

/** True for a two-byte command a telnet client sends for a key or a `send` command. */
export function isKeyCommand(code: number): boolean {
  return KEY_COMMANDS.has(code);
}

/** The name of the two-byte command `code`: `IP`, or `command 16` for a code RFC 854 lacks. */
export function commandName(code: number): string {
  return COMMANDS[code] ?? `command ${code}`;
}

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

/**
 * True for an option in IANA's registry of telnet options: 0-49, 138-140 and 255 (EXOPL). No
 * telnet client asks for any other.
 */
export function isRegisteredOption(option: number): boolean {
  return (option >= 0 && option <= 49) || (option >= 138 && option <= 140) || option === 255;
}

/**
 * Options only the client's side performs, its terminal's: the server asks for them (DO) and the
 * client offers them (WILL), never the other way round. SEND-LOCATION (RFC 779), TTYPE
 * (RFC 1091), TTYLOC (RFC 946), NAWS (RFC 1073), TSPEED (RFC 1079), LFLOW (RFC 1372), LINEMODE
 * (RFC 1184), XDISPLOC (RFC 1096), ENVIRON (RFC 1408), AUTHENTICATION (RFC 2941), NEW-ENVIRON
 * (RFC 1572), COM-PORT (RFC 2217), FORWARD_X.
 */
const TERMINAL_OPTIONS = new Set([23, 24, 28, 31, 32, 33, 34, 35, 36, 37, 39, 44, 49]);

/**
 * True when `IAC verb option` is a request a telnet client makes: an offer (WILL) of a registered
 * option, or a request (DO) for a registered option a server can perform.
 */
export function isClientRequest(verb: TelnetVerb, option: number): boolean {
  if (!isRegisteredOption(option)) return false;
  return verb === "WILL" || (verb === "DO" && !TERMINAL_OPTIONS.has(option));
}

/** One telnet command a client sent. */
export type TelnetCommand =
  | { readonly type: "negotiation"; readonly verb: TelnetVerb; readonly option: number }
  /** `cut`: no `IAC SE` came within {@link MAX_SUBNEGOTIATION_BYTES}; it ended there. */
  | { readonly type: "subnegotiation"; readonly option: number; readonly cut: boolean }
  | { readonly type: "command"; readonly name: string }
  /** The stream ended inside a command. */
  | { readonly type: "unfinished" };

/**
 * What a command does to the line being typed, as the same key does in a terminal's line editing:
 * `EC` erases a character, `EL` the line; `IP`, `BRK`, `SUSP` and `ABORT` (Ctrl+C, Ctrl+\,
 * Ctrl+Z) throw the line away. Other commands leave it alone.
 */
export function lineEdit(command: TelnetCommand): "character" | "line" | null {
  if (command.type !== "command") return null;
  if (command.name === "EC") return "character";
  return ["EL", "IP", "BRK", "SUSP", "ABORT"].includes(command.name) ? "line" : null;
}

/** A command as the log and Wireshark name it: `WILL NAWS`, `SB TTYPE`, `IP`. */
export function formatTelnet(command: TelnetCommand): string {
  switch (command.type) {
    case "negotiation":
      return `${command.verb} ${optionName(command.option)}`;
    case "subnegotiation":
      return `SB ${optionName(command.option)}` +
        (command.cut ? ` (no IAC SE within ${MAX_SUBNEGOTIATION_BYTES} bytes: cut)` : "");
    case "command":
      return command.name;
    case "unfinished":
      return "(a command cut short by the end of the stream)";
  }
}

/** Most commands of one run a log line names; the rest are counted ({@link formatTelnetRun}). */
export const NAMED_TELNET_COMMANDS = 8;

/**
 * A run of commands as one log line names them: `WILL NAWS, DO ECHO`; past
 * {@link NAMED_TELNET_COMMANDS}, `500 commands: WILL NAWS, ..., (492 more)`, so that a client
 * sending thousands of commands in one read costs the log one short line (its byte count, said
 * beside it, stays exact).
 */
export function formatTelnetRun(commands: readonly TelnetCommand[]): string {
  if (commands.length <= NAMED_TELNET_COMMANDS) return commands.map(formatTelnet).join(", ");
  const named = commands.slice(0, NAMED_TELNET_COMMANDS).map(formatTelnet).join(", ");
  return `${commands.length} commands: ${named}, (${commands.length - NAMED_TELNET_COMMANDS} more)`;
}

function optionName(option: number): string {
  return OPTIONS[option] ?? `option ${option}`;
}
