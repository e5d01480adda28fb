/**
 * Broadcast mode, the lab's mini chat: every line a client sends reaches every *other* client as
 * `[ip:port] text`. No greeting and no menu, exactly like the lab's template server.
 *
 * @module
 */

import type { Machine } from "./machine.ts";
import { MemberList } from "./member_list.ts";
import { formatBroadcast } from "./protocol.ts";
import { sanitizePeerText } from "./sanitize.ts";

/** Who is connected, in the order they arrived, each with its `ip:port` label. */
export interface BroadcastState {
  /** Cheap to change (see member_list.ts): a crowd of clients costs O(1) per connect. */
  readonly members: MemberList;
}

/** The broadcast mode machine. */
export const broadcastMachine: Machine<BroadcastState> = {
  initial: { members: MemberList.EMPTY },
  step(state, event) {
    switch (event.type) {
      case "connect": {
        const members = state.members.add(event.conn, event.peer);
        return { state: members === state.members ? state : { members }, effects: [] };
      }
      case "disconnect": {
        const members = state.members.remove(event.conn);
        return { state: members === state.members ? state : { members }, effects: [] };
      }
      case "line": {
        const peer = state.members.label(event.conn);
        if (peer === undefined) return { state, effects: [] };
        const line = formatBroadcast(peer, sanitizePeerText(event.text));
        // `ids` is the same array until the members change, so the edge can reuse its lookups.
        const to = state.members.ids;
        return { state, effects: [{ type: "forward", from: event.conn, to, line }] };
      }
      case "timer":
        return { state, effects: [] };
    }
  },
};
