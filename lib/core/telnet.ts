/**
 * Telnet commands in a client's byte stream: when a connection speaks telnet at all, and, once it
 * does, where each command is (RFC 854).
 *
 * telnet and PuTTY (connection type "Telnet") mix commands into what the user types: option
 * negotiation (`IAC WILL NAWS`, `IAC DO ECHO`), and commands for keys (`IAC IP` for Ctrl+C).
 * IAC is the byte 0xFF, which never occurs in UTF-8, but netcat users send it too: as text in
 * another encoding (a UTF-16 byte order mark is `FF FE`, Latin-1's `ÿ` is `FF`) or as junk. So
 * **a connection is telnet only once it sends a telnet command a telnet client would send**:
 *
 * - a request a telnet client makes, anywhere in the stream ({@link isClientRequest}): `IAC WILL x`
 *   offering an option IANA has registered (0-49, 138-140, 255), or `IAC DO x` asking for one a
 *   server can perform (not the terminal's own, such as NAWS or TSPEED). PuTTY and C-Kermit open
 *   with these; inetutils and netkit telnet send `DO SGA, DO ECHO` on `mode character`, after a
 *   line or in the middle of one; or
 * - one of the two-byte commands a telnet client sends for a key or a `send` command (`IP`, `AO`,
 *   `AYT`, `EC`, `EL`, `BRK`, `NOP`, `GA`, `DM`, and RFC 1184's `EOF`, `SUSP`, `ABORT`) at the
 *   start of the stream or of a line: telnet in line mode sends `IAC IP` for Ctrl+C once the
 *   terminal has thrown away the line being typed; or
 * - such a command in the middle of a line followed by `IAC DO TIMING-MARK`, which telnet sends
 *   after it (a Romanian "ă" typed in inetutils telnet arrives so: see `#afterKey`).
 *
 * A refusal (`WONT`, `DONT`) never makes a connection telnet: it answers a request, and the server
 * asks nothing first (so a UTF-16 text's `FF FE` stays text). Neither does a subnegotiation
 * (RFC 855: only for an option agreed on). Until the connection is telnet, every 0xFF is data,
 * which UTF-8 decoding turns into U+FFFD, and the server never answers anything. From then on
 * every IAC starts a command, and a data byte 255 is sent as `IAC IAC` (RFC 854).
 *
 * The filter keeps no buffer, only a state: a command split across reads is remembered as the
 * bytes counted so far; an IAC that may start a command is held (at most two bytes) until the
 * byte after it decides, or until {@link TelnetFilter.flush} (a pause or the end: then it was
 * data); a key's command in the middle of a line is held with at most the three bytes after it. Subnegotiation contents are counted and dropped; one that has no `IAC SE` within
 * {@link MAX_SUBNEGOTIATION_BYTES} ends there, and what follows is read as the stream again.
 *
 * Every byte is in exactly one piece, and each command's piece counts its own bytes, those of
 * earlier reads included, so a log of the pieces accounts for every byte received.
 *
 * @example PuTTY's opening is telnet; a UTF-16 text's byte order mark is not
 * ```ts
 * import { TelnetFilter } from "./telnet.ts";
 * import { formatTelnet } from "./telnet_commands.ts";
 * import { deepEqual } from "node:assert/strict";
 *
 * const putty = new TelnetFilter();
 * const pieces = putty.push(new Uint8Array([255, 251, 31, 255, 253, 1, 104, 105]));
 * deepEqual(pieces.map((p) => p.type === "data" ? [...p.bytes] : formatTelnet(p.command)), [
 *   "WILL NAWS",
 *   "DO ECHO",
 *   [104, 105],
 * ]);
 * const utf16 = new TelnetFilter(); // "carol\n" in UTF-16: FF FE, then c 00 a 00 ...
 * deepEqual(utf16.push(new Uint8Array([255, 254, 99, 0])), [
 *   { type: "data", bytes: new Uint8Array([255, 254, 99, 0]), wire: 4 },
 * ]);
 * ```
 * @module
 */

import {
  commandName,
  DO,
  IAC,
  isClientRequest,
  isKeyCommand,
  MAX_SUBNEGOTIATION_BYTES,
  SB,
  SE,
  type TelnetCommand,
  type TelnetVerb,
  VERB_CODES,
  VERBS,
  WILL,
} from "./telnet_commands.ts";

/**
 * A run of text bytes, or one command with the bytes it took on the wire (earlier reads too). A
 * run's `wire` bytes are its `bytes`, and one more when it begins with a 255 sent as `IAC IAC`.
 */
export type TelnetPiece =
  | { readonly type: "data"; readonly bytes: Uint8Array; readonly wire: number }
  | { readonly type: "telnet"; readonly command: TelnetCommand; readonly bytes: number };

type State =
  | { readonly at: "data" }
  /** `place`: the IAC came at the start of the stream or of a line. */
  | { readonly at: "iac"; readonly place: boolean }
  | { readonly at: "verb"; readonly verb: TelnetVerb }
  /**
   * `IAC key` in the middle of a line, before the connection is telnet: held while the bytes
   * after it are `IAC DO TIMING-MARK`, which a telnet client sends after a key's command.
   * `matched`: how many bytes of that are here.
   */
  | { readonly at: "key"; readonly key: number; readonly matched: 0 | 1 | 2 }
  | { readonly at: "sb-option" }
  | {
    readonly at: "sb";
    readonly option: number;
    readonly afterIac: boolean;
    readonly length: number;
  };

const DATA: State = { at: "data" };
/** The TIMING-MARK option (RFC 860). */
const TIMING_MARK = 6;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

/** Collects one call's pieces in order. */
class Pieces {
  readonly #pieces: TelnetPiece[] = [];
  #data: Uint8Array;
  #length = 0;
  #escaped = false;

  constructor(capacity: number) {
    this.#data = new Uint8Array(capacity);
  }

  data(byte: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Uint8Array(this.#data.length * 2 + 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = byte;
  }

  /** The IAC of `IAC IAC`: the data byte after it took two bytes on the wire. */
  escape(): void {
    this.#flushData();
    this.#escaped = true;
  }

  telnet(command: TelnetCommand, bytes: number): void {
    this.#flushData();
    this.#pieces.push({ type: "telnet", command, bytes });
  }

  done(): TelnetPiece[] {
    this.#flushData();
    return this.#pieces;
  }

  #flushData(): void {
    if (this.#length === 0) return;
    const wire = this.#length + (this.#escaped ? 1 : 0);
    this.#pieces.push({ type: "data", bytes: this.#data.slice(0, this.#length), wire });
    this.#data = this.#data.subarray(this.#length);
    this.#length = 0;
    this.#escaped = false;
  }
}

/** Takes telnet commands out of one direction of a connection. Pure: a state, never a buffer. */
export class TelnetFilter {
  #telnet: boolean;
  #state: State = DATA;
  /** Wire bytes of the command in progress (or of the bytes held). */
  #held = 0;
  /** The text so far ended a line (or there is none): a key command may come here. */
  #lineStart = true;
  #lastData = -1;

  /**
   * A filter for a new connection's client side. With `telnet`, the peer is known to speak telnet
   * from its first byte (reading what a telnet server sends).
   */
  constructor(options: { readonly telnet?: boolean } = {}) {
    this.#telnet = options.telnet ?? false;
  }

  /** True once the peer sent a telnet command (see the module's rule). */
  get telnet(): boolean {
    return this.#telnet;
  }

  /** True between commands, with nothing held: a chunk without IAC passes through untouched. */
  get idle(): boolean {
    return this.#state.at === "data";
  }

  /** True while bytes are held that are text unless the next bytes make them a command. */
  get holding(): boolean {
    return !this.#telnet && !this.idle;
  }

  /** Splits one chunk into text and commands, in the order they came. */
  push(chunk: Uint8Array): TelnetPiece[] {
    if (this.idle && chunk.indexOf(IAC) === -1) {
      if (chunk.length === 0) return [];
      this.#passed(
        chunk[chunk.length - 1],
        chunk.length > 1 ? chunk[chunk.length - 2] : this.#lastData,
      );
      return [{ type: "data", bytes: chunk, wire: chunk.length }];
    }
    const out = new Pieces(chunk.length + 2);
    for (const byte of chunk) this.#byte(byte, out);
    return out.done();
  }

  /**
   * A pause or the end of the stream: bytes held because they might start a command were text
   * after all. A command of a telnet client stays in progress.
   */
  flush(): TelnetPiece[] {
    const out = new Pieces(2);
    if (this.holding) this.#release(out);
    return out.done();
  }

  /** The stream ended: held bytes are text; a telnet command cut short is reported as such. */
  end(): TelnetPiece[] {
    const out = new Pieces(2);
    if (this.holding) this.#release(out);
    else if (!this.idle) out.telnet({ type: "unfinished" }, this.#done());
    return out.done();
  }

  #byte(byte: number, out: Pieces): void {
    const state = this.#state;
    switch (state.at) {
      case "data":
        if (byte !== IAC) return this.#data(byte, out);
        this.#state = { at: "iac", place: this.#lineStart };
        this.#held = 1;
        return;
      case "iac":
        return this.#afterIac(state.place, byte, out);
      case "key":
        return this.#afterKey(state, byte, out);
      case "verb":
        if (!this.#telnet && !isClientRequest(state.verb, byte)) {
          this.#release(out);
          return this.#byte(byte, out);
        }
        this.#telnet = true;
        this.#held++;
        out.telnet({ type: "negotiation", verb: state.verb, option: byte }, this.#done());
        return;
      case "sb-option":
        this.#held++;
        this.#state = { at: "sb", option: byte, afterIac: false, length: 0 };
        return;
      case "sb":
        return this.#subnegotiation(state, byte, out);
    }
  }

  #afterIac(place: boolean, byte: number, out: Pieces): void {
    if (!this.#telnet) {
      if (byte === WILL || byte === DO) {
        this.#held++;
        this.#state = { at: "verb", verb: VERBS[byte] };
        return;
      }
      if (!place && isKeyCommand(byte)) {
        this.#held++;
        this.#state = { at: "key", key: byte, matched: 0 };
        return;
      }
      if (!place || !isKeyCommand(byte)) {
        this.#release(out);
        return this.#byte(byte, out);
      }
      this.#telnet = true;
    }
    this.#held++;
    if (byte === IAC) {
      // IAC IAC is a data byte 255; it is not UTF-8, so the text shows U+FFFD.
      this.#held = 0;
      this.#state = DATA;
      out.escape();
      return this.#data(IAC, out);
    }
    const verb = VERBS[byte];
    if (verb) {
      this.#state = { at: "verb", verb };
    } else if (byte === SB) {
      this.#state = { at: "sb-option" };
    } else {
      out.telnet({ type: "command", name: commandName(byte) }, this.#done());
    }
  }

  /**
   * After a mid-line `IAC key`: `IAC DO TIMING-MARK` makes both telnet. inetutils telnet sends
   * that when a key's character is typed mid-line, and, not in binary mode, it takes a byte with
   * the high bit set for the control character below it: the second byte of "ă" (C4 83) is
   * Ctrl+C (03), so `c4 IAC IP IAC DO TIMING-MARK` is what the server receives (RFC 854, 860).
   */
  #afterKey(state: State & { at: "key" }, byte: number, out: Pieces): void {
    const expected = [IAC, DO, TIMING_MARK][state.matched];
    if (byte !== expected) {
      this.#release(out);
      return this.#byte(byte, out);
    }
    this.#held++;
    if (state.matched < 2) {
      this.#state = { ...state, matched: (state.matched + 1) as 1 | 2 };
      return;
    }
    this.#telnet = true;
    this.#held = 0;
    this.#state = DATA;
    out.telnet({ type: "command", name: commandName(state.key) }, 2);
    out.telnet({ type: "negotiation", verb: "DO", option: TIMING_MARK }, 3);
  }

  #subnegotiation(state: State & { at: "sb" }, byte: number, out: Pieces): void {
    const { option, afterIac, length } = state;
    if (afterIac && byte === SE) {
      this.#held++;
      out.telnet({ type: "subnegotiation", option, cut: false }, this.#done());
      return;
    }
    // A content byte: anything but the IAC that may start IAC SE (IAC IAC is one byte 255).
    const content = afterIac || byte !== IAC;
    if (content && length === MAX_SUBNEGOTIATION_BYTES) {
      out.telnet({ type: "subnegotiation", option, cut: true }, this.#done());
      return this.#byte(byte, out);
    }
    this.#held++;
    this.#state = {
      at: "sb",
      option,
      afterIac: !afterIac && byte === IAC,
      length: content ? length + 1 : length,
    };
  }

  /** Ends the command in progress; returns the bytes it took. */
  #done(): number {
    const bytes = this.#held;
    this.#held = 0;
    this.#state = DATA;
    return bytes;
  }

  /** Held bytes (IAC, and WILL or DO or a key's command after it) that started no command. */
  #release(out: Pieces): void {
    const state = this.#state;
    this.#done();
    this.#data(IAC, out);
    if (state.at === "verb") this.#data(VERB_CODES[state.verb], out);
    if (state.at === "key") {
      this.#data(state.key, out);
      for (const held of [IAC, DO].slice(0, state.matched)) this.#data(held, out);
    }
  }

  #data(byte: number, out: Pieces): void {
    out.data(byte);
    this.#passed(byte, this.#lastData);
  }

  /** Follows where lines start, from the last text byte and the one before it. */
  #passed(last: number, before: number): void {
    this.#lineStart = last === LF || last === CR || (last === NUL && before === CR);
    this.#lastData = last;
  }
}
