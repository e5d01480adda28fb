import { equal } from "node:assert/strict";
import {
  addressHint,
  connectHint,
  type InterfaceAddress,
  MAX_ADDRESSES_SHOWN,
} from "./connect_hint.ts";

const test = (name: string, fn: () => void) => Deno.test({ name, permissions: "none", fn });

const v4 = (name: string, address: string): InterfaceAddress => ({ family: "IPv4", name, address });
const v6 = (name: string, address: string): InterfaceAddress => ({ family: "IPv6", name, address });

/** A laptop on Wi-Fi with Docker installed, as `Deno.networkInterfaces()` lists it. */
const LAPTOP = [
  v4("lo", "127.0.0.1"),
  v4("docker0", "172.17.0.1"),
  v4("wlan0", "192.168.1.23"),
  v4("eth0", "169.254.10.2"),
  v6("lo", "::1"),
  v6("wlan0", "fe80::1c2a:3bff:fe4d:5e6f"),
  v6("wlan0", "2a02:2f0e:1:2::23"),
];

test("connect hint: one address listened on is the address to use", () => {
  equal(
    connectHint({ hostname: "127.0.0.1", port: 3333 }, null),
    "connect with: nc 127.0.0.1 3333",
  );
  equal(connectHint({ hostname: "::1", port: 3333 }, null), "connect with: nc ::1 3333");
  equal(
    connectHint({ hostname: "192.168.1.23", port: 3333 }, LAPTOP),
    "connect with: nc 192.168.1.23 3333",
  );
});

test("connect hint: 0.0.0.0 gives the machine's IPv4 addresses, never 0.0.0.0 or link-local", () => {
  equal(
    connectHint({ hostname: "0.0.0.0", port: 3333 }, LAPTOP),
    "connect with: nc 192.168.1.23 3333 or nc 172.17.0.1 3333 from other computers, " +
      "nc 127.0.0.1 3333 from this one",
  );
});

test("connect hint: :: gives IPv6 and, where the system takes both on ::, IPv4 addresses", () => {
  equal(
    connectHint({ hostname: "::", port: 3333 }, LAPTOP),
    "connect with: nc 2a02:2f0e:1:2::23 3333 or nc 192.168.1.23 3333 or nc 172.17.0.1 3333 " +
      "from other computers, nc 127.0.0.1 3333 from this one",
  );
  equal(
    connectHint({ hostname: "::", port: 3333 }, LAPTOP, false),
    "connect with: nc 2a02:2f0e:1:2::23 3333 from other computers, nc ::1 3333 from this one",
  );
});

test("connect hint: without the list, or with nothing to share, it says how to find it", () => {
  equal(
    connectHint({ hostname: "0.0.0.0", port: 3333 }, null),
    "connect with: nc 127.0.0.1 3333 from this computer; from others, with this computer's " +
      "address (Linux: hostname -I; macOS: ipconfig getifaddr en0; Windows: ipconfig)",
  );
  equal(
    connectHint({ hostname: "0.0.0.0", port: 3333 }, [
      v4("lo", "127.0.0.1"),
      v6("eth0", "fd00::2"),
    ]),
    "connect with: nc 127.0.0.1 3333 from this computer; from others, with this computer's " +
      "address (no network address found; Linux: hostname -I; macOS: ipconfig getifaddr en0; " +
      "Windows: ipconfig)",
  );
});

test("connect hint: a long list is cut, and an address listed twice is shown once", () => {
  const many = Array.from({ length: 7 }, (_, i) => v4(`tun${i}`, `10.8.${i}.1`));
  const hint = connectHint({ hostname: "0.0.0.0", port: 3333 }, [...many, many[0]]);
  equal(hint.split(" or ").length, MAX_ADDRESSES_SHOWN);
  equal(hint.includes("(and 3 more) from other computers"), true, hint);
});

test("address hint: the live view's URL on every interface is offered as the chat's address is", () => {
  const url = (address: string) =>
    `http://${address.includes(":") ? `[${address}]` : address}:8080/?token=t`;
  equal(
    addressHint("live view: open ", url, "0.0.0.0", LAPTOP),
    "live view: open http://192.168.1.23:8080/?token=t or http://172.17.0.1:8080/?token=t from " +
      "other computers, http://127.0.0.1:8080/?token=t from this one",
  );
  equal(
    addressHint("live view: open ", url, "::", [v4("lo", "127.0.0.1")]),
    "live view: open http://127.0.0.1:8080/?token=t from this computer; from others, with this " +
      "computer's address (no network address found; Linux: hostname -I; macOS: ipconfig " +
      "getifaddr en0; Windows: ipconfig)",
  );
  equal(
    addressHint("live view: open ", url, "10.0.0.5", LAPTOP),
    "live view: open http://10.0.0.5:8080/?token=t",
  );
});
