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

/** What inetutils telnet sends on Ctrl+C in line mode. */
export const TELNET_CTRL_C: Uint8Array = new Uint8Array([
  [0xff, 0xf4], // IAC IP (interrupt process)
  [0xff, 0xfd, 0x06], // IAC DO TIMING-MARK
].flat());

/** `typed` as a terminal in character mode sends it: one segment per key. */
export function keystrokes(typed: string): Uint8Array[] {
  return [...new TextEncoder().encode(typed)].map((key) => new Uint8Array([key]));
}
