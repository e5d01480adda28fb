/**
 * Test support: the ways users get a command-line value wrong, for every program's parser to be
 * tried with. Each number form must be refused as "must be a whole number", each host form as no
 * name or address.
 *
 * @module
 */

/** Values of a whole-number flag that are not whole numbers, negative ones first. */
export const NOT_WHOLE_NUMBERS: readonly string[] = [
  "-1",
  "-5",
  "-0",
  "- 5",
  "abc",
  "1.5",
  "1e3",
  "0x10",
  "+5",
  "",
  " ",
  "5 6",
  "５",
  "٣",
];

/** Hosts no lookup could find: neither a name nor an IPv4 or IPv6 address. */
export const MALFORMED_HOSTS: readonly string[] = [
  "127.0.0.1:47001:5",
  "1.2.3.4:5:6",
  "[::1",
  "::1]",
  "[127.0.0.1]",
  "http://localhost",
  "host/path",
  "a b",
  "a..b",
  "-x",
  ".",
  "bücher.invalid",
  "a\u0000b",
];

/** Hosts as the programs must keep taking them. */
export const GOOD_HOSTS: readonly string[] = [
  "localhost",
  "127.0.0.1",
  "0.0.0.0",
  "::1",
  "::",
  "fe80::1%lo",
  "::ffff:127.0.0.1",
  "lab-pc_3.example.org",
  "example.org.",
];
