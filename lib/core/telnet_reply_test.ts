import { deepEqual, equal } from "node:assert/strict";
import fc from "../../testing/fast_check.ts";
import { TelnetFilter, type TelnetPiece } from "./telnet.ts";
import { formatTelnet, type TelnetCommand } from "./telnet_commands.ts";
import { encodeNegotiation, NO_OPTIONS, type TelnetOptions, telnetReply } from "./telnet_reply.ts";
import { TELNET_CTRL_C, TELNET_MODE_CHARACTER } from "../../testing/recorded.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

const commandsOf = (pieces: readonly TelnetPiece[]): TelnetCommand[] =>
  pieces.flatMap((piece) => piece.type === "telnet" ? [piece.command] : []);

/** Bytes a client sends, one chunk at a time, and the bytes the server answers to each. */
function conversation(chunks: readonly number[][]): number[][] {
  // A client that is telnet already (tests of when a connection becomes telnet: telnet_test.ts).
  const filter = new TelnetFilter({ telnet: true });
  let options: TelnetOptions = NO_OPTIONS;
  return chunks.map((chunk) => {
    const answer = telnetReply(options, commandsOf(filter.push(new Uint8Array(chunk))));
    options = answer.options;
    return [...encodeNegotiation(answer.reply)];
  });
}

const [IAC, WILL, WONT, DO, DONT, SB, SE] = [0xff, 0xfb, 0xfc, 0xfd, 0xfe, 0xfa, 0xf0];
const [ECHO, SGA, TM, TTYPE, NAWS, LINEMODE] = [1, 3, 6, 24, 31, 34];

test("telnet: an option the server does not do: offers and requests refused, refusals unanswered", () => {
  for (const option of [NAWS, TTYPE, LINEMODE, ECHO, TM, 0, 200, 255]) {
    deepEqual(
      conversation([
        [IAC, WILL, option],
        [IAC, DO, option],
        [IAC, WONT, option],
        [IAC, DONT, option],
        // Asked again after a refusal: a new request, refused again (RFC 1143, state NO).
        [IAC, WILL, option],
        [IAC, DO, option],
      ]),
      [
        [IAC, DONT, option],
        [IAC, WONT, option],
        [],
        [],
        [IAC, DONT, option],
        [IAC, WONT, option],
      ],
      `option ${option}`,
    );
  }
});

test("telnet: suppress-go-ahead: the client's is agreed to once, the server's left unanswered", () => {
  deepEqual(
    conversation([
      [IAC, WILL, SGA], // off: agreed, now on
      [IAC, WILL, SGA], // already on: no answer, or two peers could loop
      [IAC, DO, SGA], // the server's own SGA: deliberately unanswered (telnet's and PuTTY's modes)
      [IAC, DONT, SGA], // the server's SGA is off: no answer
      [IAC, WONT, SGA], // on: turned off, and that must be acknowledged
      [IAC, WONT, SGA], // already off: no answer
      [IAC, WILL, SGA, IAC, WONT, SGA, IAC, WILL, SGA], // on, off, on in one segment
    ]),
    [
      [IAC, DO, SGA],
      [],
      [],
      [],
      [IAC, DONT, SGA],
      [],
      [IAC, DO, SGA, IAC, DONT, SGA, IAC, DO, SGA],
    ],
  );
});

test("telnet: the field case: offers answered, then DONT/WONT of options already off ignored", () => {
  const offers = [IAC, WILL, NAWS, IAC, WILL, TTYPE, IAC, WILL, 39, IAC, DO, ECHO];
  deepEqual(conversation([offers, [IAC, DONT, ECHO, IAC, WONT, NAWS]]), [
    [IAC, DONT, NAWS, IAC, DONT, TTYPE, IAC, DONT, 39, IAC, WONT, ECHO],
    [],
  ]);
});

test("telnet: PuTTY's follow-up, inetutils' mode character and Ctrl+C get their answers", () => {
  // PuTTY's opening and its answers are the module's example.
  const names = (chunk: Uint8Array) =>
    telnetReply(NO_OPTIONS, commandsOf(new TelnetFilter({ telnet: true }).push(chunk))).reply
      .map(formatTelnet);
  // PuTTY answers the refused NEW-ENVIRON by offering the old ENVIRON; that is refused too.
  deepEqual(names(new Uint8Array([IAC, WILL, 36])), ["DONT ENVIRON"]);
  deepEqual(names(TELNET_MODE_CHARACTER), ["WONT ECHO"]);
  deepEqual(names(TELNET_CTRL_C), ["WONT TIMING-MARK"]);
});

test("telnet: subnegotiation is never answered, even with negotiation-like bytes inside", () => {
  deepEqual(
    conversation([
      [IAC, WILL, NAWS, IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE],
      [IAC, SB, TTYPE, 0, IAC, IAC, WILL, ECHO, IAC, DO, 1, IAC, SE],
      [IAC, SB, SGA, IAC, SE],
    ]),
    [[IAC, DONT, NAWS], [], []],
  );
});

/** Commands about a few options, the server's special ones among them. */
const command = fc.record({
  verb: fc.constantFrom(WILL, WONT, DO, DONT),
  option: fc.constantFrom(ECHO, SGA, TM, NAWS),
});

test("telnet: however commands are cut into segments, the answers are the same", () => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 20 }), fc.array(fc.nat()), (commands, cuts) => {
      const wire = commands.flatMap(({ verb, option }) => [IAC, verb, option]);
      const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((from, i) => wire.slice(from, [...points, wire.length][i]));
      deepEqual(conversation(chunks).flat(), conversation([wire]).flat());
    }),
  );
});

test("telnet: never a refusal answered, never a change unanswered but the server's SGA", () => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
      // RFC 854 by hand: which options are on, tracked from the answers the server gave.
      const on = new Set<string>();
      const answers = conversation(commands.map(({ verb, option }) => [IAC, verb, option]));
      commands.forEach(({ verb, option }, i) => {
        const side = verb === WILL || verb === WONT ? "client" : "server";
        const key = `${side} ${option}`;
        const asksOn = verb === WILL || verb === DO;
        const changes = on.has(key) !== asksOn;
        const silent = !changes || (verb === DO && option === SGA);
        equal(answers[i].length, silent ? 0 : 3, `${i}: ${verb} ${option}`);
        if (silent) return;
        const [, answer] = answers[i];
        const agreed = answer === DO || answer === WILL;
        if (asksOn && agreed) on.add(key);
        if (!asksOn) on.delete(key);
        equal(agreed, asksOn && option === SGA && verb === WILL, `${i}: only SGA is agreed to`);
        equal(answers[i][2], option);
      });
    }),
  );
});

test("telnet: AYT is owed a visible answer, once however many came; nothing else is", () => {
  const ask = (bytes: number[]) =>
    telnetReply(NO_OPTIONS, commandsOf(new TelnetFilter().push(new Uint8Array(bytes)))).here;
  equal(ask([IAC, 246]), true);
  equal(ask([IAC, 246, IAC, 246, IAC, 246]), true);
  equal(ask([IAC, 244, IAC, DO, TM]), false);
  equal(ask([0x61, IAC, 246]), false, "in the middle of a line, before any telnet: text");
});
