/**
 * Connections in arrival order, each with a label: an immutable value that is cheap to change.
 *
 * A machine must not change the state it was given, but copying the whole member list on every
 * connect makes a crowd of N clients cost O(N²) time and leaves megabytes of garbage behind. So
 * versions of one list share one table of entries, each stamped with the version that added it
 * and the version that removed it, and every version sees only its own members. The newest
 * version is extended in place (older versions cannot see the new stamps); changing an older
 * version first copies what that version sees. Adding or removing a member costs O(1), amortised;
 * the array of members (`ids`) is built when first asked for, once per version, and iterating a
 * version that has not built it walks the table without building it.
 * {@link MemberList.copiedEntries} counts the copying, so tests can check these costs.
 *
 * @example Every version keeps what it had
 * ```ts
 * import { MemberList } from "./member_list.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 *
 * const two = MemberList.EMPTY.add(1, "127.0.0.1:5001").add(2, "127.0.0.1:5002");
 * const one = two.remove(1);
 * deepEqual(two.ids, [1, 2]);
 * deepEqual(one.ids, [2]);
 * equal(two.label(1), "127.0.0.1:5001");
 * equal(one.label(1), undefined);
 * ```
 * @module
 */

import type { ConnId } from "./machine.ts";

/** One member's entry, visible to versions `added <= v < removed`. */
interface Entry {
  readonly conn: ConnId;
  readonly label: string;
  readonly added: number;
  removed: number;
}

/** The entries shared by the versions of one list. */
class Table {
  readonly entries: Entry[] = [];
  readonly byConn = new Map<ConnId, Entry>();
  /** The newest version; only it may be extended in place. */
  head = 0;
  /** Entries removed from the newest version. */
  dead = 0;
  /** Entries copied so far into new tables and `ids` arrays (see `copiedEntries`). */
  copied = 0;
}

/** An ordered set of connections with a label each. */
export class MemberList {
  /** The list with nobody in it. */
  static readonly EMPTY: MemberList = new MemberList(new Table(), 0, 0);

  /** How many members this version has. */
  readonly size: number;
  readonly #table: Table;
  readonly #version: number;
  #ids: readonly ConnId[] | undefined;

  private constructor(table: Table, version: number, size: number) {
    this.#table = table;
    this.#version = version;
    this.size = size;
  }

  /** True when `conn` is a member of this version of the list. */
  has(conn: ConnId): boolean {
    const entry = this.#table.byConn.get(conn);
    return entry !== undefined && this.#sees(entry);
  }

  /** The member's label, or undefined when `conn` is not a member. */
  label(conn: ConnId): string | undefined {
    const entry = this.#table.byConn.get(conn);
    return entry !== undefined && this.#sees(entry) ? entry.label : undefined;
  }

  /** The members in the order they were added. The same array every time for one version. */
  get ids(): readonly ConnId[] {
    if (this.#ids === undefined) {
      const ids: ConnId[] = [];
      for (const entry of this.#table.entries) if (this.#sees(entry)) ids.push(entry.conn);
      this.#table.copied += ids.length;
      this.#ids = ids;
    }
    return this.#ids;
  }

  /** The members in the order they were added, without building `ids` when it is not built. */
  *[Symbol.iterator](): IterableIterator<ConnId> {
    if (this.#ids !== undefined) {
      yield* this.#ids;
      return;
    }
    // Entries added while this runs belong to newer versions, which this one does not see.
    for (const entry of this.#table.entries) if (this.#sees(entry)) yield entry.conn;
  }

  /**
   * Entries copied so far into new tables and `ids` arrays, by this version and every version it
   * shares a table with (a copied table starts from its source's count). A list copied whole on
   * every change would add its size each time; this one adds O(1) per change, amortised, plus
   * one `ids` per version that was asked for it.
   */
  get copiedEntries(): number {
    return this.#table.copied;
  }

  /** This list with `conn` added last; the same list when `conn` is already a member. */
  add(conn: ConnId, label: string): MemberList {
    if (this.has(conn)) return this;
    // A removed entry for the same connection stays visible to older versions: keep it, copy.
    const table = this.#writable(this.#table.byConn.has(conn));
    const version = ++table.head;
    const entry: Entry = { conn, label, added: version, removed: Infinity };
    table.entries.push(entry);
    table.byConn.set(conn, entry);
    return new MemberList(table, version, this.size + 1);
  }

  /** This list without `conn`; the same list when `conn` is not a member. */
  remove(conn: ConnId): MemberList {
    if (!this.has(conn)) return this;
    const table = this.#writable(false);
    const version = ++table.head;
    table.byConn.get(conn)!.removed = version;
    table.dead++;
    return new MemberList(table, version, this.size - 1);
  }

  #sees(entry: Entry): boolean {
    return entry.added <= this.#version && this.#version < entry.removed;
  }

  /** The table to change: the shared one when this is the newest version, else a copy. */
  #writable(mustCopy: boolean): Table {
    const table = this.#table;
    // Copying once the removed entries outnumber the live ones keeps the table O(members).
    const crowded = table.dead > this.size;
    if (table.head === this.#version && !mustCopy && !crowded) return table;
    const copy = new Table();
    copy.head = this.#version;
    for (const entry of table.entries) {
      if (!this.#sees(entry)) continue;
      const kept: Entry = { conn: entry.conn, label: entry.label, added: 0, removed: Infinity };
      copy.entries.push(kept);
      copy.byConn.set(kept.conn, kept);
    }
    copy.copied = table.copied + copy.entries.length;
    return copy;
  }
}
