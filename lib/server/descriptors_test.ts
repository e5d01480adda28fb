// The descriptor limit itself is crossed for real under `prlimit` (tests/descriptors_test.ts);
// here, what the measure says when it has room, and when it may not look.
import { deepEqual, equal } from "node:assert/strict";
import { descriptorRoom } from "./descriptors.ts";

Deno.test({
  name: "descriptors: room for a few connections is simply enough, and every probe is closed",
  ignore: Deno.build.os === "windows",
  permissions: { read: ["/dev/null"] },
}, () => {
  deepEqual(descriptorRoom(10), { kind: "enough" });
  // Measuring twice finds the same room: the descriptors it opened were given back.
  deepEqual(descriptorRoom(10), { kind: "enough" });
});

Deno.test({
  name:
    "descriptors: without permission to open /dev/null nothing is measured, and nothing prompts",
  ignore: Deno.build.os === "windows",
  permissions: { read: false },
}, () => {
  const room = descriptorRoom(10);
  equal(room.kind, "unknown");
  deepEqual(room, {
    kind: "unknown",
    why: "no permission to open /dev/null (--allow-read=/dev/null)",
  });
});
