import { deepEqual } from "node:assert/strict";
import { ending } from "./texts.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

test("texts: a clean close exits 0 and says who closed first; a lost connection exits 1", () => {
  const remote = "127.0.0.1:3333";
  deepEqual(ending({ by: "server" }, remote), {
    line: "the server closed the connection (127.0.0.1:3333 sent FIN)",
    code: 0,
  });
  deepEqual(ending({ by: "client" }, remote), {
    line: "connection to 127.0.0.1:3333 closed (FIN both ways)",
    code: 0,
  });
  deepEqual(ending({ by: "lost", reason: "reset", detail: "Connection reset by peer" }, remote), {
    line: "connection lost: 127.0.0.1:3333 reset it (RST)",
    code: 1,
  });
  deepEqual(ending({ by: "lost", reason: "error", detail: "Network is unreachable" }, remote), {
    line: "connection to 127.0.0.1:3333 lost: Network is unreachable",
    code: 1,
  });
});
