/**
 * One open page's Server-Sent Events stream, with a bounded queue: what the browser has not read
 * yet waits here, up to `maxQueueBytes`; a page that falls further behind (a stalled tab, a
 * laptop that went to sleep) is dropped like a slow TCP client, and harms nobody else. Its
 * browser reconnects by itself and starts again from a fresh `hello`.
 *
 * @module
 */

import { formatPeer } from "../../core/protocol.ts";

/** Most bytes waiting for one page: a `hello` of a full table and history is about 0.3 MB, and
 * a page that reads nothing while 4 MiB pile up is not coming back soon. */
export const DEFAULT_VIEWER_QUEUE_BYTES = 4 * 1024 * 1024;

/** How a viewer's stream ended. */
export type ViewerEnd = "closed by page" | "not reading" | "server stopping";

const encoder = new TextEncoder();

/** One Server-Sent Events message: `event: NAME` and its one-line JSON data. */
export function sseMessage(event: string, data: unknown): Uint8Array {
  // JSON.stringify escapes every line break inside strings, so the data is one line.
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** An open page. */
export class Viewer {
  /** The response body: the bytes the browser reads. */
  readonly stream: ReadableStream<Uint8Array>;
  /** `ip:port` of the browser, for the log. */
  readonly peer: string;
  /** The browser's IP address. */
  readonly address: string;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #ended = false;
  readonly #maxQueueBytes: number;
  readonly #onEnd: (viewer: Viewer, why: ViewerEnd) => void;

  constructor(
    address: string,
    port: number,
    maxQueueBytes: number,
    onEnd: (viewer: Viewer, why: ViewerEnd) => void,
  ) {
    this.address = address;
    this.peer = formatPeer(address, port);
    this.#maxQueueBytes = maxQueueBytes;
    this.#onEnd = onEnd;
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      cancel: () => this.#end("closed by page"),
    }, { highWaterMark: maxQueueBytes, size: (chunk) => chunk.byteLength });
  }

  /** Bytes waiting for the browser to read them. */
  get queuedBytes(): number {
    // desiredSize is the queue's bound minus what waits in it.
    return this.#maxQueueBytes - (this.#controller.desiredSize ?? this.#maxQueueBytes);
  }

  /** Queues `bytes`; false (and the page dropped) when they would not fit. */
  push(bytes: Uint8Array): boolean {
    if (this.#ended) return false;
    this.#controller.enqueue(bytes);
    if ((this.#controller.desiredSize ?? 0) < 0) {
      this.#controller.error(new Error("the page stopped reading"));
      this.#end("not reading");
      return false;
    }
    return true;
  }

  /** Ends the stream after what is queued (at a stop). */
  close(): void {
    if (this.#ended) return;
    try {
      this.#controller.close();
    } catch {
      // Already closed or errored by the runtime.
    }
    this.#end("server stopping");
  }

  #end(why: ViewerEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd(this, why);
  }
}
