/**
 * The live view's page: plain HTML, CSS and JavaScript modules in `static/`, imported as text so
 * that they are part of the program's module graph. `deno run` reads them with the code (no read
 * permission), and `deno compile` puts them inside the binary with it: there is nothing to
 * install beside the server, and nothing it needs to find on disk.
 *
 * @module
 */

import arrowRow from "./static/arrow_row.js" with { type: "text" };
import diagram from "./static/diagram.js" with { type: "text" };
import dom from "./static/dom.js" with { type: "text" };
import feed from "./static/feed.js" with { type: "text" };
import index from "./static/index.html" with { type: "text" };
import main from "./static/main.js" with { type: "text" };
import style from "./static/style.css" with { type: "text" };
import table from "./static/table.js" with { type: "text" };
import words from "./static/words.js" with { type: "text" };

/** A file of the page. */
export interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
}

const encoder = new TextEncoder();
const JS = "text/javascript; charset=utf-8";

function asset(text: string, type: string): Asset {
  return { body: encoder.encode(text), type };
}

/** Every file of the page by its path. */
export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ["/", asset(index, "text/html; charset=utf-8")],
  ["/style.css", asset(style, "text/css; charset=utf-8")],
  ["/main.js", asset(main, JS)],
  ["/dom.js", asset(dom, JS)],
  ["/words.js", asset(words, JS)],
  ["/feed.js", asset(feed, JS)],
  ["/table.js", asset(table, JS)],
  ["/diagram.js", asset(diagram, JS)],
  ["/arrow_row.js", asset(arrowRow, JS)],
]);
