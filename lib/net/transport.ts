/**
 * The one narrow view of a TCP connection that both programs' edges use, so the server's and the
 * client's connection classes can be driven by a mock in tests (`testing/mock_conn.ts`) as well
 * as by a real socket. A `Deno.TcpConn` is a {@link Transport} as it is.
 *
 * @module
 */

/** An end of a connection: IP address and port, as Wireshark shows them. */
export interface Endpoint {
  readonly hostname: string;
  readonly port: number;
}

/** A connected byte stream. */
export interface Transport {
  /** Our end. */
  readonly localAddr: Endpoint;
  /** The peer's end. */
  readonly remoteAddr: Endpoint;
  /**
   * Reads into `buffer`; the number of bytes read, or `null` at the peer's FIN. Throws when the
   * connection breaks (classify with `classifyNetError`).
   */
  read(buffer: Uint8Array): Promise<number | null>;
  /** Writes some of `bytes` and resolves with how many the kernel took. Throws when broken. */
  write(bytes: Uint8Array): Promise<number>;
  /** Sends our FIN: we write no more, but may still read. */
  closeWrite(): Promise<void>;
  /** Releases the socket. Unread received data makes the kernel send an RST instead of a FIN. */
  close(): void;
}
