// The connections table: one row per connection, ended rows greyed until the server's
// endedRowMs has passed.

import { duration, el, replace } from "./dom.js";
import { counted, t } from "./words.js";

const COLUMNS = ["conn", "filter", "peer", "id", "place", "in", "out", "time", "ended"];

export class ConnectionsTable {
  #body;
  #empty;
  #rows = new Map();
  #serverNow = () => Date.now();
  #endedRowMs = 60_000;

  constructor(head, body, empty) {
    this.#body = body;
    this.#empty = empty;
    this.head = head;
  }

  /** Starts over from a `hello`. */
  reset(hello, serverNow) {
    this.#serverNow = serverNow;
    this.#endedRowMs = hello.endedRowMs;
    replace(this.head, ...COLUMNS.map((c) => el("th", { class: c }, t(`col.${c}`))));
    this.#body.closest("table").dataset.mode = hello.mode;
    replace(this.#empty, t("noConnections"));
    this.#rows.clear();
    this.#body.replaceChildren();
    for (const row of hello.rows) this.update(row);
    this.tick();
  }

  /** Shows a row as the server now has it. */
  update(row) {
    let entry = this.#rows.get(row.conn);
    if (!entry) {
      entry = { tr: el("tr", { "data-conn": row.conn }), row };
      this.#rows.set(row.conn, entry);
      this.#insert(entry.tr, row.conn);
    }
    entry.row = row;
    this.#draw(entry);
  }

  remove(conn) {
    this.#rows.get(conn)?.tr.remove();
    this.#rows.delete(conn);
    this.#empty.hidden = this.#rows.size > 0;
  }

  /** Moves the clocks on: durations of open rows, and ended rows that have had their time. */
  tick() {
    const now = this.#serverNow();
    for (const [conn, entry] of this.#rows) {
      const { row } = entry;
      if (row.endedAt !== undefined && now - row.endedAt >= this.#endedRowMs) this.remove(conn);
      else if (row.endedAt === undefined) {
        this.#cell(entry, "time").textContent = duration(now - row.openedAt);
      }
    }
    this.#empty.hidden = this.#rows.size > 0;
  }

  #insert(tr, conn) {
    const after = [...this.#body.children].find((other) => Number(other.dataset.conn) > conn);
    this.#body.insertBefore(tr, after ?? null);
  }

  #cell(entry, column) {
    return entry.tr.children[COLUMNS.indexOf(column)];
  }

  #draw(entry) {
    const { row, tr } = entry;
    const filter = `tcp.stream eq ${row.conn - 1}`;
    const copy = el("button", { type: "button", class: "copy", title: filter }, t("copy"));
    copy.addEventListener("click", () => copyText(filter, copy));
    const lasted = (row.endedAt ?? this.#serverNow()) - row.openedAt;
    replace(
      tr,
      el("td", { class: "conn" }, `#${row.conn}`),
      el("td", { class: "filter" }, el("code", {}, filter), " ", copy),
      el("td", { class: "peer" }, el("bdi", {}, row.peer)),
      el("td", { class: "id" }, el("bdi", {}, row.id ?? "")),
      el(
        "td",
        { class: "place" },
        row.place ? t(`place.${row.place.kind}`, row.place.with ?? "") : "",
      ),
      el("td", { class: "in" }, counted("counts", row.linesIn, row.bytesIn, row.linesIn)),
      el("td", { class: "out" }, counted("counts", row.linesOut, row.bytesOut, row.linesOut)),
      el("td", { class: "time" }, duration(lasted)),
      el(
        "td",
        { class: "ended" },
        row.ending ? t(`end.${row.ending.how}`, row.ending.why ?? "") : t("open"),
      ),
    );
    tr.className = row.ending ? `ended ${row.ending.how}` : "open";
  }
}

/** One click copies: the clipboard API where the page may use it (a secure context such as
 * http://127.0.0.1), else the older selection copy that works over plain http too. */
async function copyText(text, button) {
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    const area = el("textarea", { readonly: true, class: "offscreen" }, text);
    document.body.append(area);
    area.select();
    done = document.execCommand("copy");
    area.remove();
  }
  if (done) {
    button.textContent = t("copied");
    setTimeout(() => button.textContent = t("copy"), 1500);
  }
}
