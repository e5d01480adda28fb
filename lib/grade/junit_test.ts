// JUnit XML is read by people in a CI's page: text in it shows what it says, in its order.
import { equal } from "node:assert/strict";
import { xmlEscape } from "./junit.ts";

Deno.test("junit: bidi and C1 controls are escaped; XML's specials too; newlines stay", () => {
  equal(
    xmlEscape("a\u202eb\u2066c\u0085d <&>\"'\nnext\tcol"),
    "a\\u202eb\\u2066c\\u0085d &lt;&amp;&gt;&quot;&apos;\nnext\tcol",
  );
  equal(xmlEscape("esc\x1b[31m"), "esc\\u001b[31m");
});
