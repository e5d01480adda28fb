import { equal } from "node:assert/strict";
import { loopbackInterface, toolCommand } from "./tools.ts";

Deno.test("tools: the loopback interface of each system", () => {
  equal(loopbackInterface("linux"), "lo");
  equal(loopbackInterface("darwin"), "lo0");
  equal(loopbackInterface("freebsd"), "lo0");
  equal(loopbackInterface("windows"), "\\Device\\NPF_Loopback");
});

Deno.test("tools: on Linux the tools are run by name, from PATH", () => {
  equal(toolCommand("tshark", "linux"), "tshark");
  equal(toolCommand("dumpcap", "linux"), "dumpcap");
});

Deno.test({
  name: "tools: a tool found nowhere is still run by name, so running it says NotFound",
  // On Linux there is no Wireshark.app to find it in.
  ignore: Deno.build.os !== "linux",
}, () => {
  equal(toolCommand("dumpcap", "darwin"), "dumpcap");
});
