/**
 * Broadcast mode, the lab's mini chat: every line a client sends reaches every *other* client as
 * `[ip:port] text`. No greeting and no menu, exactly like the lab's template server.
 *
 * @module
 */

import type { ConnId, Machine } from "./machine.ts";
import { formatBroadcast } from "./protocol.ts";
import { sanitizePeerText } from "./sanitize.ts";

/** Who is connected, and each one's `ip:port` label. */
export interface BroadcastState {
  /** Every connection, in the order they arrived; handed to `forward` as is. */
  readonly members: readonly ConnId[];
  /** Each connection's `ip:port` label. */
  readonly peers: ReadonlyMap<ConnId, string>;
}

/** The broadcast mode machine. */
export const broadcastMachine: Machine<BroadcastState> = {
  initial: { members: [], peers: new Map() },
  step(state, event) {
    switch (event.type) {
      case "connect": {
        if (state.peers.has(event.conn)) return { state, effects: [] };
        const peers = new Map(state.peers).set(event.conn, event.peer);
        return { state: { members: [...state.members, event.conn], peers }, effects: [] };
      }
      case "disconnect": {
        if (!state.peers.has(event.conn)) return { state, effects: [] };
        const peers = new Map(state.peers);
        peers.delete(event.conn);
        const members = state.members.filter((c) => c !== event.conn);
        return { state: { members, peers }, effects: [] };
      }
      case "line": {
        const peer = state.peers.get(event.conn);
        if (peer === undefined) return { state, effects: [] };
        const line = formatBroadcast(peer, sanitizePeerText(event.text));
        return {
          state,
          effects: [{ type: "forward", from: event.conn, to: state.members, line }],
        };
      }
      case "request-timeout":
        return { state, effects: [] };
    }
  },
};
