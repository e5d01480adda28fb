/**
 * Test support: bytes real clients send, as Wireshark shows them, for tests that replay them.
 * Pure data: the unit tests of lib/core use it without any permission.
 *
 * @module
 */

/** PuTTY's first segment with connection type "Telnet" (21 bytes). */
export const PUTTY_TELNET_OPENING: Uint8Array = new Uint8Array([
  [0xff, 0xfb, 0x1f], // IAC WILL NAWS (window size)
  [0xff, 0xfb, 0x20], // IAC WILL TSPEED (terminal speed)
  [0xff, 0xfb, 0x18], // IAC WILL TTYPE (terminal type)
  [0xff, 0xfb, 0x27], // IAC WILL NEW-ENVIRON
  [0xff, 0xfd, 0x01], // IAC DO ECHO
  [0xff, 0xfb, 0x03], // IAC WILL SGA (suppress go-ahead)
  [0xff, 0xfd, 0x03], // IAC DO SGA
].flat());

/** What inetutils telnet sends on `mode character`. */
export const TELNET_MODE_CHARACTER: Uint8Array = new Uint8Array([
  [0xff, 0xfd, 0x03], // IAC DO SGA
  [0xff, 0xfd, 0x01], // IAC DO ECHO
].flat());

/**
 * What inetutils telnet sends on Ctrl+C in line mode (to a port other than 23 it negotiates
 * nothing before, so this may be its first telnet command). Its terminal has thrown away the line
 * being typed: this comes at the start of a line.
 */
export const TELNET_CTRL_C: Uint8Array = new Uint8Array([
  [0xff, 0xf4], // IAC IP (interrupt process)
  [0xff, 0xfd, 0x06], // IAC DO TIMING-MARK
].flat());

/** What inetutils telnet 2.4 sends on Ctrl+\ in line mode: a break, then the same timing mark. */
export const TELNET_CTRL_BACKSLASH: Uint8Array = new Uint8Array([
  [0xff, 0xf3], // IAC BRK
  [0xff, 0xfd, 0x06], // IAC DO TIMING-MARK
].flat());

/** What inetutils telnet 2.4 sends on Ctrl+Z in line mode (RFC 1184's SUSP). */
export const TELNET_CTRL_Z: Uint8Array = new Uint8Array([
  [0xff, 0xed], // IAC SUSP
  [0xff, 0xfd, 0x06], // IAC DO TIMING-MARK
].flat());

/**
 * inetutils telnet 2.4 in line mode: the user typed `xy`, then Ctrl+] and `send ayt`. The text
 * typed so far leaves with the command, in one segment.
 */
export const TELNET_SEND_AYT_MID_LINE: Uint8Array = new Uint8Array([0x78, 0x79, 0xff, 0xf6]);

/**
 * inetutils telnet 2.4 in line mode, to a server that negotiates nothing, when the user types
 * `a` and the Romanian `ă` (C4 83): not in binary mode it takes 0x83 for the Ctrl+C below it
 * (0x03), so the `ă` never leaves; what its Ctrl+C sends follows the first byte, mid-line.
 */
export const TELNET_A_BREVE: Uint8Array = new Uint8Array([
  [0x61, 0xc4], // "a", then the first byte of "ă"
  [0xff, 0xf4], // IAC IP (interrupt process)
  [0xff, 0xfd, 0x06], // IAC DO TIMING-MARK
].flat());

/** What inetutils telnet 2.4 sends on `mode line`, after `mode character`. */
export const TELNET_MODE_LINE: Uint8Array = new Uint8Array([
  [0xff, 0xfe, 0x03], // IAC DONT SGA
  [0xff, 0xfb, 0x22], // IAC WILL LINEMODE
  [0xff, 0xfe, 0x01], // IAC DONT ECHO
].flat());

/**
 * inetutils telnet 2.4 in character mode sends each key as it is: Ctrl+C is ETX (0x03), Ctrl+D EOT
 * (0x04), Ctrl+U NAK (0x15), Backspace DEL (0x7F), Enter CR NUL.
 */
export const TELNET_CHARACTER_MODE_KEYS = {
  ctrlC: 0x03,
  ctrlD: 0x04,
  ctrlU: 0x15,
  backspace: 0x7f,
} as const;

/** `typed` as a terminal in character mode sends it: one segment per key. */
export function keystrokes(typed: string): Uint8Array[] {
  return [...new TextEncoder().encode(typed)].map((key) => new Uint8Array([key]));
}
