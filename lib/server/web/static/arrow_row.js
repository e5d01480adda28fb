// One event of the sequence diagram as a list item: the arrow between lifelines (drawn in SVG),
// then its time and a label a projector can show: kind, Len=, and the text where it may show.

import { clock, el, svg } from "./dom.js";
import { counted, t } from "./words.js";

/** Width of one lifeline's column and height of one event, px. */
export const COLUMN = 96;
const ROW = 34;
/** Most recipients of one relayed line marked on its arrow; the label says how many in all. */
const MARKED = 60;

/** Wireshark's words for the flags of a connection's start and end. */
const FLAGS = {
  syn: "SYN",
  "peer-fin": "FIN",
  "server-fin": "FIN",
  dropped: "FIN",
  "peer-rst": "RST",
  // No answer to keep-alive probes or data: the server's kernel gives up with an RST.
  "timed-out": "RST",
};

/** Notes whose `note` is a count. */
const COUNTED_NOTES = new Set(["skipped", "overflow"]);

/** What the arrow itself says: the flag, or the kind and `Len=`. */
export function arrowLabel(arrow) {
  if (arrow.what === "syn" || arrow.what === "end") return FLAGS[arrow.kind] ?? arrow.kind;
  if (arrow.what === "note") return "";
  const count = arrow.to.length > 1 ? ` ×${arrow.to.length}` : "";
  return `${t(`kind.${arrow.kind}`)} Len=${arrow.len}${count}`;
}

/** The text beside the arrow. */
export function sideText(arrow) {
  switch (arrow.what) {
    case "syn":
      return arrow.note === undefined
        ? t("kind.syn")
        : `${t("kind.syn")}; ${t("end.refused", arrow.note)}`;
    case "end":
      return t(`end.${arrow.kind}`, arrow.note ?? "");
    case "note":
      // A count's words agree with it ("1 event", "20 de evenimente").
      return COUNTED_NOTES.has(arrow.kind)
        ? counted(`kind.${arrow.kind}`, Number(arrow.note), arrow.note)
        : t(`kind.${arrow.kind}`, arrow.note ?? "", arrow.who ?? "");
  }
  // Shown text is the line as nc shows it, its marks included; hidden text leaves the marks.
  if (!arrow.hidden) return arrow.text ?? "";
  const tags = arrow.tags?.length ? arrow.tags.join(" ⏎ ") + " " : "";
  return `${tags}(${counted(`hidden.${arrow.hidden}`, arrow.len, arrow.len)})`;
}

/** The list item for `arrow`, on lifelines `columns` (connection numbers, the server first). */
export function arrowRow(arrow, columns) {
  const width = columns.length * COLUMN;
  const x = (conn) => (columns.indexOf(conn) + 0.5) * COLUMN;
  const y = ROW * 0.68;
  const picture = svg("svg", { width, height: ROW, class: "strip", "aria-hidden": "true" });
  const from = x(arrow.from);
  if (arrow.what === "note") {
    picture.append(svg("circle", { cx: from, cy: y, r: 5, class: "note" }));
  } else if (arrow.to.length === 0) {
    // A relayed line nobody else was there to get.
    picture.append(svg("text", { x: from + 6, y: y - 7 }, `${arrowLabel(arrow)} → 0`));
  } else {
    const targets = arrow.to.map(x).filter((v) => v >= 0);
    const far = targets.reduce((a, b) => Math.abs(b - from) > Math.abs(a - from) ? b : a, from);
    const end = far > from ? far - 4 : far + 4;
    picture.append(
      svg("line", { x1: from, y1: y, x2: end, y2: y, "marker-end": "url(#head)" }),
      ...targets.slice(0, MARKED).filter((v) => v !== far).map((cx) =>
        svg("circle", { cx, cy: y, r: 3, class: "hit" })
      ),
      svg("text", { x: (from + far) / 2, y: y - 7, "text-anchor": "middle" }, arrowLabel(arrow)),
    );
  }
  const item = el(
    "li",
    { class: `arrow ${arrow.what} ${arrow.kind}`, "data-seq": arrow.seq, tabindex: 0 },
    picture,
    el("time", {}, clock(arrow.at)),
    el("span", { class: "side" }, el("bdi", {}, sideText(arrow))),
  );
  item.style.setProperty("--strip", `${width}px`);
  return item;
}

/** The lifelines' heads: `server`, then `#3 alice` for each client. */
export function lifelineHeads(columns, names) {
  return columns.map((conn) => {
    if (conn === 0) return el("span", { class: "head server" }, t("server"));
    const name = names.get(conn);
    return el(
      "span",
      { class: "head", title: name?.peer ?? "" },
      `#${conn}`,
      el("bdi", { class: "who" }, name?.id ?? portOf(name?.peer)),
    );
  });
}

/** The details of one arrow, for its panel: time, ends, Len, bytes. */
export function details(arrow, names) {
  const who = (conn) =>
    conn === 0 ? t("server") : `#${conn} ${names.get(conn)?.id ?? names.get(conn)?.peer ?? ""}`;
  const to = arrow.to.slice(0, 5).map(who).join(", ") +
    (arrow.to.length > 5 ? ` ${t("more", arrow.to.length - 5)}` : "");
  const rows = [
    [t("detail.time"), clock(arrow.at)],
    [t("detail.from"), who(arrow.origin ?? arrow.from)],
    [t("detail.to"), to],
    [t("detail.len"), arrow.len === undefined ? arrowLabel(arrow) : `Len=${arrow.len}`],
  ];
  if (arrow.len !== undefined) rows.push([t("detail.bytes"), arrow.bytes ?? t("detail.hidden")]);
  return el(
    "dl",
    {},
    ...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, el("bdi", {}, value))]),
  );
}

/** `:53278` of `127.0.0.1:53278`: what tells clients of one machine apart. */
function portOf(peer) {
  return peer === undefined ? "" : peer.slice(peer.lastIndexOf(":"));
}
