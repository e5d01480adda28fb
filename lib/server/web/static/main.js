// The live view's page: read-only, fed by /events, drawn from the server's words and data.

import { el, replace } from "./dom.js";
import { Feed } from "./feed.js";
import { SequenceDiagram } from "./diagram.js";
import { ConnectionsTable } from "./table.js";
import { setTexts, t } from "./words.js";

const $ = (id) => document.getElementById(id);

const table = new ConnectionsTable($("table-head"), $("rows"), $("no-connections"));
const diagram = new SequenceDiagram({
  box: $("diagram"),
  heads: $("lifelines"),
  list: $("arrows"),
  panel: $("details"),
  pause: $("pause"),
  step: $("step"),
  waiting: $("waiting"),
});
/** The server's clock minus this browser's, from the last message. */
let offset = 0;
const serverNow = () => Date.now() + offset;

function hello(data) {
  offset = data.now - Date.now();
  setTexts(data.texts);
  document.title = t("title");
  document.documentElement.lang = data.lang ?? "en";
  replace($("title"), t("title"));
  replace($("mode"), t(`mode.${data.mode}`));
  replace($("listening"), t("listening", data.listen, data.listen.replace(/:(\d+)$/, " $1")));
  replace($("web-text"), t(`webText.${data.webText}`));
  // How soon a vanished client's machine is noticed: its row will say "timed out".
  replace(
    $("keepalive"),
    data.keepaliveSeconds > 0 ? t("keepalive", data.keepaliveSeconds) : t("keepalive.off"),
  );
  replace($("connections-title"), t("connections"));
  replace($("diagram-title"), t("diagram"));
  replace($("keys"), t("keys"));
  table.reset(data, serverNow);
  for (const row of data.rows) diagram.setName(row);
  diagram.reset(data);
}

function frame(data) {
  offset = data.now - Date.now();
  for (const row of data.rows) {
    table.update(row);
    diagram.setName(row);
  }
  for (const conn of data.gone) table.remove(conn);
  if (data.skipped > 0) {
    diagram.add([{
      seq: `skipped-${data.now}`,
      at: data.now,
      what: "note",
      from: 0,
      to: [],
      kind: "skipped",
      note: String(data.skipped),
    }]);
  }
  diagram.add(data.arrows);
}

function status(state, text) {
  const node = $("status");
  node.dataset.state = state;
  replace(node, el("span", {}, text));
}

// The words first, so that the page can say even why it cannot connect.
try {
  setTexts(await (await fetch("texts.json")).json());
} catch {
  // The stream's hello brings them too.
}
status("connecting", t("status.connecting"));
new Feed(`events${location.search}`, { hello, frame, status });
setInterval(() => table.tick(), 1000);

document.addEventListener("keydown", (event) => {
  if (event.target instanceof HTMLButtonElement || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  if (event.key === " ") {
    event.preventDefault();
    if (diagram.paused) diagram.resume();
    else diagram.pause();
  } else if (event.key === "ArrowRight") {
    diagram.step();
  }
});
