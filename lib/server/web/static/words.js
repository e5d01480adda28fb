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

/** The words for a count: `.one` for 1, `.many` where Romanian puts "de" before the noun (0, 20
 * to 99 and 100, 200... in the last two digits), `.few` otherwise. */
export function counted(key, n, ...args) {
  const lastTwo = n % 100;
  const form = n === 1 ? "one" : n !== 0 && (lastTwo === 0 || lastTwo >= 20) ? "many" : "few";
  return t(`${key}.${form}`, ...args);
}
