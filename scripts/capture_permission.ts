/**
 * Asks whether this user may capture on the loopback interface, for `scripts/capture.sh` (which
 * must ask before it starts anything); prints nothing and exits 0 when it may, else prints the
 * one line of `lib/capture/permission.ts` on stderr and exits 1.
 *
 *   deno run --allow-run --allow-read --allow-env scripts/capture_permission.ts [INTERFACE]
 *
 * @module
 */

import { captureProblem, describeCaptureProblem } from "../lib/capture/permission.ts";
import { loopbackInterface } from "../lib/capture/tools.ts";

const problem = await captureProblem(Deno.args[0] ?? loopbackInterface());
if (problem !== null) {
  console.error(`capture: ${describeCaptureProblem(problem)}`);
  Deno.exit(1);
}
