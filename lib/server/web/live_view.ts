/**
 * The live view's server side: it listens to the traffic (as the log does), keeps the picture
 * (`TrafficView`), and sends each open page what changed, at most every {@link FRAME_MS}. One
 * frame is encoded once and the same bytes are queued for every page, so twenty pages cost
 * twenty queue pushes per frame, not per event; with no page open, events only update the
 * picture, and no timer runs.
 *
 * @module
 */

import { type Clock, systemClock, type TimerId } from "../../clock.ts";
import type { Language } from "../../core/texts.ts";
import type { Mode } from "../options.ts";
import type { TrafficEvent, TrafficListener } from "../traffic.ts";
import { PAGE_TEXTS, type PageTexts } from "./page_texts.ts";
import { DEFAULT_VIEW_LIMITS, ROWS_MS, TrafficView, type ViewLimits } from "./traffic_view.ts";
import { FRAME_MS, type Hello, type WebText } from "./view.ts";
import { isLoopback } from "./web_server.ts";
import { DEFAULT_VIEWER_QUEUE_BYTES, sseMessage, Viewer, type ViewerEnd } from "./viewer.ts";

/** Most pages open at once: a projector and every student of a large class. */
export const DEFAULT_MAX_VIEWERS = 50;
/** Most pages open at once from one address, so that one person cannot take every page's place
 * (a projector, a student's tabs). This machine's own pages (loopback) are not limited: whoever
 * sits at it runs the server, and on a loopback-only live view every page is 127.0.0.1's. */
export const DEFAULT_MAX_VIEWERS_PER_ADDRESS = 10;

/** Why a page may not open: every page's place is taken, or every one its address may have. */
export type PageRefusal = "full" | "address";
/** A comment this often keeps idle streams open through proxies and shows a dead one. */
export const HEARTBEAT_MS = 15_000;
/** How soon a browser retries after the stream breaks (the SSE `retry:` field). */
export const RETRY_MS = 1000;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(":\n\n");

/** What the page is told about the server. */
export interface LiveViewOptions {
  readonly mode: Mode;
  readonly lang: Language;
  readonly webText: WebText;
  /** The chat server's address, `127.0.0.1:3333`. */
  readonly listen: string;
  /** The server's `--keepalive`, seconds; 0 = none. */
  readonly keepaliveSeconds: number;
  readonly version: string;
  readonly limits?: ViewLimits;
  readonly maxViewers?: number;
  readonly maxViewersPerAddress?: number;
  /** Whether the per-address limit applies to `address`; default: unless it is loopback. */
  readonly limitsAddress?: (address: string) => boolean;
  readonly maxQueueBytes?: number;
  /** Told when a page is dropped for not reading (the server logs it). */
  readonly onDropped?: (peer: string) => void;
}

/** The traffic, as open pages see it. */
export class LiveView implements TrafficListener {
  /** Every arrow of the diagram is a message. */
  readonly wantsMessages = true;
  readonly view: TrafficView;
  readonly #options: LiveViewOptions;
  readonly #clock: Clock;
  readonly #started: number;
  readonly #viewers = new Set<Viewer>();
  #frameTimer: TimerId | undefined;
  #heartbeat: TimerId | undefined;

  constructor(options: LiveViewOptions, clock: Clock = systemClock) {
    this.#options = options;
    this.#clock = clock;
    this.#started = clock.now();
    this.view = new TrafficView(
      options.mode,
      options.webText,
      options.limits ?? DEFAULT_VIEW_LIMITS,
    );
  }

  /** The page's words, in the server's language. */
  get texts(): PageTexts {
    return PAGE_TEXTS[this.#options.lang];
  }

  /** Pages open now. */
  get viewers(): number {
    return this.#viewers.size;
  }

  traffic(event: TrafficEvent): void {
    this.view.traffic(event);
    if (this.#frameTimer === undefined && this.#viewers.size > 0) this.#armFrame(FRAME_MS);
  }

  /** Why a page from `address` (an IP address) may not open now, or `undefined` if it may. */
  refusal(address: string): PageRefusal | undefined {
    const o = this.#options;
    if (this.#viewers.size >= (o.maxViewers ?? DEFAULT_MAX_VIEWERS)) return "full";
    if (!(o.limitsAddress ?? ((a) => !isLoopback(a)))(address)) return undefined;
    let same = 0;
    for (const viewer of this.#viewers) if (viewer.address === address) same++;
    if (same >= (o.maxViewersPerAddress ?? DEFAULT_MAX_VIEWERS_PER_ADDRESS)) return "address";
    return undefined;
  }

  /**
   * A new page's stream for the browser at `address` (`port`), starting with its `hello`; or why
   * it may not open ({@link refusal}).
   */
  open(address: string, port: number): ReadableStream<Uint8Array> | PageRefusal {
    const refused = this.refusal(address);
    if (refused !== undefined) return refused;
    // Whatever is pending goes to the pages already open, so the new one starts where they are.
    this.#sendFrame();
    const viewer = new Viewer(
      address,
      port,
      this.#options.maxQueueBytes ?? DEFAULT_VIEWER_QUEUE_BYTES,
      (v, why) => this.#ended(v, why),
    );
    this.#viewers.add(viewer);
    viewer.push(encoder.encode(`retry: ${RETRY_MS}\n\n`));
    viewer.push(sseMessage("hello", this.hello()));
    this.#heartbeat ??= this.#clock.setTimeout(() => this.#beat(), HEARTBEAT_MS, {
      background: true,
    });
    return viewer.stream;
  }

  /** What a page that opens now is sent first. */
  hello(): Hello {
    const o = this.#options;
    const { rows, arrows } = this.view.snapshot();
    return {
      version: o.version,
      started: this.#started,
      now: this.#clock.now(),
      mode: o.mode,
      listen: o.listen,
      keepaliveSeconds: o.keepaliveSeconds,
      webText: o.webText,
      lang: o.lang,
      texts: PAGE_TEXTS[o.lang],
      history: this.view.limits.history,
      endedRowMs: this.view.limits.endedRowMs,
      rows,
      arrows,
    };
  }

  /** Ends every page's stream (at a stop) and disarms the timers. */
  close(): void {
    this.#sendFrame();
    for (const viewer of [...this.#viewers]) viewer.close();
    this.#clock.clearTimeout(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #sendFrame(): void {
    this.#clock.clearTimeout(this.#frameTimer);
    this.#frameTimer = undefined;
    const frame = this.view.frame(this.#clock.now());
    if (frame !== undefined && this.#viewers.size > 0) {
      const bytes = sseMessage("frame", frame);
      for (const viewer of [...this.#viewers]) viewer.push(bytes);
    }
    // Counts held back (sent at most every ROWS_MS) go out even if nothing else happens.
    if (this.view.waiting && this.#viewers.size > 0) this.#armFrame(ROWS_MS);
  }

  #armFrame(ms: number): void {
    this.#frameTimer = this.#clock.setTimeout(() => this.#sendFrame(), ms, { background: true });
  }

  #beat(): void {
    this.#heartbeat = undefined;
    if (this.#viewers.size === 0) return;
    for (const viewer of [...this.#viewers]) viewer.push(HEARTBEAT);
    this.#heartbeat = this.#clock.setTimeout(() => this.#beat(), HEARTBEAT_MS, {
      background: true,
    });
  }

  #ended(viewer: Viewer, why: ViewerEnd): void {
    this.#viewers.delete(viewer);
    if (why === "not reading") this.#options.onDropped?.(viewer.peer);
    if (this.#viewers.size === 0) {
      this.#clock.clearTimeout(this.#heartbeat);
      this.#heartbeat = undefined;
    }
  }
}
