import type { HandinOptions } from "./options.ts";
export function checkHandin(_options: HandinOptions): Promise<number> {
  return Promise.resolve(2);
}
