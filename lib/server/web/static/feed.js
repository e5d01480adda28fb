// The page's one connection to the server: a Server-Sent Events stream (/events), which the
// browser reopens by itself when it breaks. The page says when the link is lost, and when it is
// back whether the server restarted meanwhile.

import { clock } from "./dom.js";
import { t } from "./words.js";

/** When the browser gives up reopening (the server answered with an error), try again after. */
const RETRY_MS = 2000;

export class Feed {
  #url;
  #handlers;
  #source;
  #started;
  #lost = false;

  /** `handlers`: hello(data), frame(data), status(state, text). */
  constructor(url, handlers) {
    this.#url = url;
    this.#handlers = handlers;
    this.#open();
  }

  #open() {
    const source = new EventSource(this.#url);
    this.#source = source;
    source.addEventListener("hello", (event) => this.#hello(JSON.parse(event.data)));
    source.addEventListener("frame", (event) => this.#handlers.frame(JSON.parse(event.data)));
    source.addEventListener("error", () => {
      this.#lost = true;
      this.#handlers.status("lost", t("status.lost"));
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(() => this.#open(), RETRY_MS);
      }
    });
  }

  #hello(hello) {
    const restarted = this.#started !== undefined && hello.started !== this.#started;
    const back = this.#lost;
    this.#started = hello.started;
    this.#lost = false;
    this.#handlers.hello(hello);
    if (restarted) this.#handlers.status("restarted", t("status.restarted", clock(Date.now())));
    else if (back) this.#handlers.status("reconnected", t("status.reconnected", clock(Date.now())));
    else this.#handlers.status("live", t("status.live"));
  }
}
