/**
 * Test support: two chat-mode users, logged in and at the menu, start a private chat as a user
 * does it by hand (`1`, the partner's ID, `y`), whatever kind of client each is.
 *
 * @module
 */

/** A line client as the tests drive one: send a line, wait for a line. */
export interface LineTalker {
  send(line: string): void;
  until(pattern: RegExp): Promise<string>;
}

/** `asker` (logged in as `askerId`) asks `partnerId` from the menu, and `partner` accepts;
 * resolves once the asker is told the chat began. */
export async function startPrivateChat(
  asker: LineTalker,
  askerId: string,
  partner: LineTalker,
  partnerId: string,
): Promise<void> {
  asker.send("1");
  await asker.until(/^\? target:/);
  asker.send(partnerId);
  await partner.until(new RegExp(`^\\? request ${askerId}:`));
  partner.send("y");
  await asker.until(new RegExp(`^\\* chat ${partnerId}:`));
}
