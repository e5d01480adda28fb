// The sequence diagram: the last events as arrows between lifelines (the server's, then one per
// client), newest at the bottom. Pause holds new events back, Step lets one through, Resume all;
// a click on an event shows its time and bytes.

import { el, replace, svg } from "./dom.js";
import { arrowRow, COLUMN, details, lifelineHeads } from "./arrow_row.js";
import { counted, t } from "./words.js";

export class SequenceDiagram {
  #box;
  #heads;
  #list;
  #panel;
  #controls;
  #shown = [];
  #waiting = [];
  #paused = false;
  #columns = [0];
  #names = new Map();
  #history = 400;

  constructor({ box, heads, list, panel, pause, step, waiting }) {
    this.#box = box;
    this.#heads = heads;
    this.#list = list;
    this.#panel = panel;
    this.#controls = { pause, step, waiting };
    pause.addEventListener("click", () => this.#paused ? this.resume() : this.pause());
    step.addEventListener("click", () => this.step());
    list.addEventListener("click", (event) => this.#select(event.target.closest("li")));
    list.addEventListener("keydown", (event) => {
      if (event.key === "Enter") this.#select(event.target.closest("li"));
    });
    document.body.append(markers());
  }

  get paused() {
    return this.#paused;
  }

  /** Starts over from a `hello`. */
  reset(hello) {
    this.#history = Math.max(hello.arrows.length, hello.history ?? this.#history);
    this.#shown = [];
    this.#waiting = [];
    this.#panel.hidden = true;
    this.#show(hello.arrows);
    this.#drawControls();
  }

  /** Who each connection is, for the lifelines' heads. */
  setName(row) {
    const old = this.#names.get(row.conn);
    this.#names.set(row.conn, { id: row.id, peer: row.peer });
    if (this.#columns.includes(row.conn) && old?.id !== row.id) this.#drawHeads();
  }

  /** New events from a frame. */
  add(arrows) {
    if (this.#paused) {
      this.#waiting.push(...arrows);
      if (this.#waiting.length > this.#history) {
        this.#waiting.splice(0, this.#waiting.length - this.#history);
      }
      this.#drawControls();
    } else {
      this.#show(arrows);
    }
  }

  pause() {
    this.#paused = true;
    this.#drawControls();
  }

  resume() {
    this.#paused = false;
    this.#show(this.#waiting.splice(0));
    this.#drawControls();
  }

  step() {
    if (this.#waiting.length > 0) this.#show(this.#waiting.splice(0, 1));
    this.#drawControls();
  }

  #show(arrows) {
    if (arrows.length === 0) return;
    const atBottom = this.#box.scrollTop + this.#box.clientHeight >= this.#box.scrollHeight - 40;
    this.#shown.push(...arrows);
    const extra = this.#shown.length - this.#history;
    const dropped = extra > 0 ? this.#shown.splice(0, extra) : [];
    const columns = columnsOf(this.#shown);
    if (columns.join() !== this.#columns.join() || arrows.length >= this.#history) {
      // New lifelines move every arrow: draw them all again.
      this.#columns = columns;
      this.#drawHeads();
      this.#list.replaceChildren(...this.#shown.map((a) => arrowRow(a, columns)));
    } else {
      for (let i = 0; i < dropped.length; i++) this.#list.firstElementChild?.remove();
      this.#list.append(...arrows.map((a) => arrowRow(a, columns)));
    }
    if (atBottom) this.#box.scrollTop = this.#box.scrollHeight;
  }

  #drawHeads() {
    replace(this.#heads, ...lifelineHeads(this.#columns, this.#names));
    this.#heads.style.width = `${this.#columns.length * COLUMN}px`;
  }

  #drawControls() {
    const { pause, step, waiting } = this.#controls;
    pause.textContent = this.#paused ? t("resume") : t("pause");
    pause.setAttribute("aria-pressed", String(this.#paused));
    step.textContent = t("step");
    step.disabled = !this.#paused || this.#waiting.length === 0;
    const n = this.#waiting.length;
    waiting.textContent = this.#paused ? counted("waiting", n, n) : "";
  }

  #select(item) {
    if (!item) return;
    const arrow = this.#shown.find((a) => String(a.seq) === item.dataset.seq);
    if (!arrow) return;
    for (const other of this.#list.querySelectorAll(".selected")) {
      other.classList.remove("selected");
    }
    item.classList.add("selected");
    const close = el("button", { type: "button", class: "close" }, t("detail.close"));
    close.addEventListener("click", () => {
      this.#panel.hidden = true;
      item.classList.remove("selected");
    });
    replace(this.#panel, details(arrow, this.#names), close);
    this.#panel.hidden = false;
  }
}

/** The server, then every client that appears among `arrows`, in the order they connected. */
function columnsOf(arrows) {
  const conns = new Set();
  for (const a of arrows) {
    conns.add(a.from);
    if (a.origin !== undefined) conns.add(a.origin);
    for (const to of a.to) conns.add(to);
  }
  conns.delete(0);
  return [0, ...[...conns].sort((a, b) => a - b)];
}

/** The arrowhead every arrow ends with, defined once for the page. */
function markers() {
  const head = svg(
    "marker",
    {
      id: "head",
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: "auto-start-reverse",
    },
    svg("path", { d: "M 0 0 L 10 5 L 0 10 z" }),
  );
  return svg(
    "svg",
    { width: 0, height: 0, class: "defs", "aria-hidden": "true" },
    svg("defs", {}, head),
  );
}
