/**
 * Test support: a capture file written by hand, segment by segment, so a dissector test can cut
 * the byte stream exactly where it wants (one byte per segment, a line split mid-character) and
 * get the same file on every run and every machine, without permission to capture.
 *
 * The file is classic pcap with raw IPv4 packets (link type 101), one TCP connection per
 * {@link TcpConversation}, with correct sequence and acknowledgement numbers.
 *
 * @module
 */

const LINKTYPE_RAW = 101;
const encoder = new TextEncoder();

/** One packet of the file. */
interface Packet {
  readonly time: number;
  readonly bytes: Uint8Array;
}

/** A capture being written: conversations add packets in the order they happen. */
export class PcapWriter {
  readonly #packets: Packet[] = [];
  #clock = 1_700_000_000;

  /** Starts a conversation between a client port and a server port on 127.0.0.1. */
  conversation(clientPort: number, serverPort: number): TcpConversation {
    return new TcpConversation(this, clientPort, serverPort);
  }

  /** Adds a packet, 1 ms after the previous one. */
  add(bytes: Uint8Array): void {
    this.#clock += 0.001;
    this.#packets.push({ time: this.#clock, bytes });
  }

  /** Lets `ms` milliseconds pass before the next packet (a user thinking, a pause). */
  wait(ms: number): this {
    this.#clock += ms / 1000;
    return this;
  }

  /** The whole file. */
  bytes(): Uint8Array {
    const header = new DataView(new ArrayBuffer(24));
    header.setUint32(0, 0xa1b2c3d4, true);
    header.setUint16(4, 2, true);
    header.setUint16(6, 4, true);
    header.setUint32(16, 65535, true);
    header.setUint32(20, LINKTYPE_RAW, true);
    const parts: Uint8Array[] = [new Uint8Array(header.buffer)];
    for (const p of this.#packets) {
      const record = new DataView(new ArrayBuffer(16));
      const seconds = Math.floor(p.time);
      record.setUint32(0, seconds, true);
      record.setUint32(4, Math.round((p.time - seconds) * 1e6), true);
      record.setUint32(8, p.bytes.length, true);
      record.setUint32(12, p.bytes.length, true);
      parts.push(new Uint8Array(record.buffer), p.bytes);
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

/** TCP flags. */
const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;
/** Initial sequence numbers: any will do, Wireshark shows sequence numbers relative to them. */
const CLIENT_ISN = 1000, SERVER_ISN = 5000;

/** One TCP connection; every method adds the segments it describes. */
export class TcpConversation {
  #clientSeq = CLIENT_ISN;
  #serverSeq = SERVER_ISN;

  constructor(
    private readonly writer: PcapWriter,
    readonly clientPort: number,
    readonly serverPort: number,
  ) {}

  /** SYN, SYN+ACK, ACK. */
  handshake(): this {
    this.#segment(true, SYN, new Uint8Array(), 0);
    this.#clientSeq++;
    this.#segment(false, SYN | ACK, new Uint8Array());
    this.#serverSeq++;
    this.#segment(true, ACK, new Uint8Array());
    return this;
  }

  /** The client sends `data`, cut into segments of the given sizes (the rest in one more). */
  client(data: string | Uint8Array, sizes: number[] = []): this {
    return this.#send(true, data, sizes);
  }

  /** The server sends `data`, cut into segments of the given sizes (the rest in one more). */
  server(data: string | Uint8Array, sizes: number[] = []): this {
    return this.#send(false, data, sizes);
  }

  /** The server closes first (FIN), the client answers with its own FIN, the server ACKs it. */
  serverClose(): this {
    this.#segment(false, FIN | ACK, new Uint8Array());
    this.#serverSeq++;
    this.#segment(true, FIN | ACK, new Uint8Array());
    this.#clientSeq++;
    this.#segment(false, ACK, new Uint8Array());
    return this;
  }

  /** The client closes first (FIN), the server ACKs it. */
  clientClose(): this {
    this.#segment(true, FIN | ACK, new Uint8Array());
    this.#clientSeq++;
    this.#segment(false, ACK, new Uint8Array());
    return this;
  }

  /**
   * One data segment at `offset` bytes into the client's (or server's) stream, without moving
   * where the next one starts and without an ACK: a retransmission (an offset already sent) or a
   * segment out of order (an offset still ahead; {@link skip} past it afterwards).
   */
  segmentAt(fromClient: boolean, offset: number, data: string | Uint8Array): this {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    const base = fromClient ? CLIENT_ISN + 1 : SERVER_ISN + 1;
    this.#segment(fromClient, PSH | ACK, bytes, undefined, base + offset);
    return this;
  }

  /** Bytes the client (or server) has sent so far: the offset its next segment starts at. */
  sent(fromClient: boolean): number {
    return fromClient ? this.#clientSeq - CLIENT_ISN - 1 : this.#serverSeq - SERVER_ISN - 1;
  }

  /** Moves the client's (or server's) stream on by `count` bytes the capture never shows. */
  skip(fromClient: boolean, count: number): this {
    if (fromClient) this.#clientSeq += count;
    else this.#serverSeq += count;
    return this;
  }

  /**
   * The client sends `data` in one segment with the URG flag and an urgent pointer of `pointer`:
   * the byte before it is urgent data (telnet's `send synch` sends its IAC so).
   */
  clientUrgent(data: string | Uint8Array, pointer: number): this {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    this.#segment(true, PSH | ACK | URG, bytes, undefined, undefined, pointer);
    this.#clientSeq += bytes.length;
    this.#segment(false, ACK, new Uint8Array());
    return this;
  }

  /** The client resets the connection. */
  clientReset(): this {
    this.#segment(true, RST | ACK, new Uint8Array());
    return this;
  }

  #send(fromClient: boolean, data: string | Uint8Array, sizes: number[]): this {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    let offset = 0;
    for (const size of [...sizes, bytes.length]) {
      if (offset >= bytes.length) break;
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + size));
      this.#segment(fromClient, PSH | ACK, chunk);
      if (fromClient) this.#clientSeq += chunk.length;
      else this.#serverSeq += chunk.length;
      offset += chunk.length;
      // The receiver's pure ACK, as the kernel sends it.
      this.#segment(!fromClient, ACK, new Uint8Array());
    }
    return this;
  }

  #segment(
    fromClient: boolean,
    flags: number,
    payload: Uint8Array,
    ack?: number,
    seq?: number,
    urgentPointer = 0,
  ): void {
    const tcp = new DataView(new ArrayBuffer(20 + payload.length));
    tcp.setUint16(0, fromClient ? this.clientPort : this.serverPort);
    tcp.setUint16(2, fromClient ? this.serverPort : this.clientPort);
    tcp.setUint32(4, seq ?? (fromClient ? this.#clientSeq : this.#serverSeq));
    tcp.setUint32(8, ack ?? (fromClient ? this.#serverSeq : this.#clientSeq));
    tcp.setUint8(12, 5 << 4);
    tcp.setUint8(13, flags);
    tcp.setUint16(14, 65535);
    tcp.setUint16(18, urgentPointer);
    new Uint8Array(tcp.buffer).set(payload, 20);
    const ip = new DataView(new ArrayBuffer(20 + tcp.byteLength));
    ip.setUint8(0, 0x45);
    ip.setUint16(2, ip.byteLength);
    ip.setUint16(6, 0x4000);
    ip.setUint8(8, 64);
    ip.setUint8(9, 6);
    ip.setUint32(12, 0x7f000001);
    ip.setUint32(16, 0x7f000001);
    ip.setUint16(10, checksum(new Uint8Array(ip.buffer, 0, 20)));
    new Uint8Array(ip.buffer).set(new Uint8Array(tcp.buffer), 20);
    this.writer.add(new Uint8Array(ip.buffer));
  }
}

/** The IPv4 header checksum (TCP checksums are left at 0: Wireshark does not check them). */
function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += (header[i] << 8) | header[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Writes `bytes` to a temporary capture file for `fn`, and removes it afterwards. */
export async function withCapture<T>(
  bytes: Uint8Array,
  fn: (file: string) => Promise<T>,
): Promise<T> {
  const file = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    await Deno.writeFile(file, bytes);
    return await fn(file);
  } finally {
    await Deno.remove(file);
  }
}
