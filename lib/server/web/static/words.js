// The page's words, sent by the server in its own --lang (lib/server/web/page_texts.ts).

let texts = {};

/** Takes the words of a `hello`. */
export function setTexts(next) {
  texts = next;
}

/** The words for `key`, `{0}`, `{1}` filled with `args`; the key itself when there are none. */
export function t(key, ...args) {
  const template = Object.hasOwn(texts, key) ? texts[key] : key;
  return template.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ""));
}
