// The page's one connection to the server: a Server-Sent Events stream (/events), which the
// browser reopens by itself when it breaks. The page says when the link is lost, and when it is
// back whether the server restarted meanwhile. When the server refuses the stream, the page asks
// it why (a browser's EventSource cannot read a refusal's text) and says what to do.

import { clock } from "./dom.js";
import { t } from "./words.js";

/** When the browser gives up reopening (the server answered with an error), try again after. */
const RETRY_MS = 2000;
/** When the page was refused for lack of a free place, try again after. */
const REFUSED_RETRY_MS = 5000;

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
      if (source.readyState !== EventSource.CLOSED) {
        this.#handlers.status("lost", t("status.lost"));
        return;
      }
      this.#refused().then((why) => {
        if (why === null) {
          this.#handlers.status("lost", t("status.lost"));
          setTimeout(() => this.#open(), RETRY_MS);
        } else {
          this.#handlers.status("refused", t(`refused.${why}`));
          // A wrong token stays wrong: only a new link helps, and the page says so.
          if (why !== "token") setTimeout(() => this.#open(), REFUSED_RETRY_MS);
        }
      });
    });
  }

  /** Why the server refused the stream: "token", "full", "address", or null (unknown, or gone). */
  async #refused() {
    try {
      const answer = await fetch(this.#url.replace(/^events/, "refusal"));
      const { refused } = await answer.json();
      return ["token", "full", "address"].includes(refused) ? refused : null;
    } catch {
      return null;
    }
  }

  #hello(hello) {
    const restarted = this.#started !== undefined && hello.started !== this.#started;
    // A page that never connected before is not "back".
    const back = this.#lost && this.#started !== undefined;
    this.#started = hello.started;
    this.#lost = false;
    this.#handlers.hello(hello);
    if (restarted) this.#handlers.status("restarted", t("status.restarted", clock(Date.now())));
    else if (back) this.#handlers.status("reconnected", t("status.reconnected", clock(Date.now())));
    else this.#handlers.status("live", t("status.live"));
  }
}
