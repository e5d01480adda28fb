/**
 * The version, read from deno.json so that it is written in one place only.
 *
 * @module
 */

import denoJson from "../deno.json" with { type: "json" };

/** tcpchat's version, e.g. `0.1.0`. */
export const VERSION: string = denoJson.version;
