/**
 * Test support: independent cases of one test file run at once, each reported as a step of its
 * own. Most of a lab-kit test is waiting (for tshark to write, a server to answer, a deadline
 * that must pass), so cases that use ports and folders of their own overlap their waits.
 *
 * @module
 */

/**
 * Starts every case at once, waits for all of them (none is left running, whatever fails), then
 * reports each, in order, as a step of `t` with its own result.
 */
export async function concurrently(
  t: Deno.TestContext,
  cases: readonly Case[],
): Promise<void> {
  const running = cases.map((c) => ({ ...c, done: c.ignore ? undefined : c.run() }));
  await Promise.allSettled(running.map((c) => c.done));
  for (const { name, ignore, done } of running) {
    await t.step({ name, ignore: ignore ?? false, fn: () => done });
  }
}

/** One case: its name, whether this machine cannot run it (said by testing/tools.ts), its body. */
export interface Case {
  readonly name: string;
  readonly ignore?: boolean;
  readonly run: () => Promise<void>;
}
