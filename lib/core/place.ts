/**
 * Where a user is in a chat-mode session. The server and the client share this type: the server
 * keeps one per connection (peers named by connection number), the client keeps its own (peers
 * named by ID) and learns each change from the server's lines (see `placeAfter` in protocol.ts).
 *
 * The course's chat project's dictionaries (ID → connection, ID → state, ID → partner) become one value per user,
 * so "in a private chat without a partner" cannot even be written down.
 *
 * @module
 */

/** One state of the chat-mode session; `Peer` is how the other user is named. */
export type Place<Peer> =
  /** Connected, asked for an ID, no ID yet. */
  | { readonly kind: "naming" }
  /** Has an ID, shown the menu: 1 private chat, 2 exit, 3 common room, 4 who is online. */
  | { readonly kind: "menu" }
  /** Chose 1 and is typing the ID of the user to chat with. */
  | { readonly kind: "choosing" }
  /** Sent a request to `target` and waits for a y/n. */
  | { readonly kind: "requesting"; readonly target: Peer }
  /** Was asked by `requester` and must answer y or n. */
  | { readonly kind: "answering"; readonly requester: Peer }
  /** In a private chat: every line goes to `partner`. */
  | { readonly kind: "private"; readonly partner: Peer }
  /** In the common room: every line goes to all other members. */
  | { readonly kind: "room" };

/** The kinds of {@link Place}, for tables and prompts. */
export type PlaceKind = Place<unknown>["kind"];
