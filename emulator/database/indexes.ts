/**
 * In-memory secondary indexes built from `database/indexes.json` declarations: one B+ tree (sorted-btree)
 * of entries per index, so a write costs O(log n) per entry whatever the collection's size. Entries are
 * ordered by key tuple, then insertion ordinal. Arrays are indexed element by element (multikey) and also
 * whole, so an index lookup always yields a superset of the matching documents; the query is re-checked
 * on each candidate.
 */
import BTree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad';
import { compareValues, pathLeaves, typeRank, type Doc, type Rec } from './values';

export interface IndexDeclaration {
  collection: string;
  name: string;
  fields: Array<{ field: string; direction: 1 | -1 }>;
  unique?: boolean;
}

/**
 * One index entry, as one flat array so that millions of them stay small: the key tuple's components
 * (one per indexed field), then the document's map key, then its tag (`ord * 2`, plus 1 for an entry
 * keyed by a whole array — kept only so that equality to an array finds the document). Entries of one
 * document differ by tuple (ordinals are unique).
 */
export type Entry = readonly unknown[];

/** The map key of the document an entry belongs to. */
export function entryKey(e: Entry): string {
  return e[e.length - 2] as string;
}

function entryTag(e: Entry): number {
  return e[e.length - 1] as number;
}

function isWhole(e: Entry): boolean {
  return (entryTag(e) & 1) === 1;
}

/** One bound component: an exact value, or the start/end of a type bracket (ranges never cross types). */
export type Probe = { v: unknown } | { rankMin: number } | { rankMax: number };

/**
 * A search key that is never stored: it sorts just before (`side` -1) or just after (+1) every entry whose
 * leading components match `probes`, so the tree's own seek finds where a range starts or ends.
 */
interface Bound {
  readonly probes: Probe[];
  readonly side: -1 | 1;
}

type TreeKey = Entry | Bound;

/** Entries between two bounds (either open-ended when absent); `empty` when nothing can match. */
export interface KeyRange {
  readonly low?: Bound;
  readonly high?: Bound;
  readonly empty?: boolean;
}

const MAX_ENTRIES_PER_DOC = 1000;
/** B+ tree node size: sorted-btree's default is 32; larger leaves cost a little more per write, less memory. */
const NODE_SIZE = 64;

function probeCmp(e: unknown, p: Probe): number {
  if ('v' in p) return compareValues(e, p.v);
  const r = typeRank(e);
  if ('rankMin' in p) return r < p.rankMin ? -1 : 1;
  return r <= p.rankMax ? -1 : 1;
}

function keyCmp(e: Entry, probes: Probe[]): number {
  for (let i = 0; i < probes.length; i++) {
    const c = probeCmp(e[i], probes[i]);
    if (c) return c;
  }
  return 0;
}

/** Key tuple, then ordinal, then whole-array entries after element ones. */
function entryCmp(a: Entry, b: Entry): number {
  const n = a.length - 2;
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c) return c;
  }
  return (a[n + 1] as number) - (b[n + 1] as number);
}

/** An entry against a bound: a bound never equals an entry. */
function entryBoundCmp(e: Entry, b: Bound): number {
  return keyCmp(e, b.probes) || -b.side;
}

function isBound(k: TreeKey): k is Bound {
  return !Array.isArray(k);
}

function treeCmp(a: TreeKey, b: TreeKey): number {
  if (isBound(a)) return isBound(b) ? 0 : -entryBoundCmp(b, a);
  if (isBound(b)) return entryBoundCmp(a, b);
  return entryCmp(a, b);
}

function sameEntries(a: Entry[], b: Entry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (entryCmp(a[i], b[i]) !== 0) return false;
  return true;
}

/** Normalises a key value: missing is indexed as null, as MongoDB does. */
function norm(v: unknown): unknown {
  return v === undefined ? null : v;
}

export class SortedIndex {
  readonly fields: string[];
  private tree = new BTree<TreeKey, undefined>(undefined, treeCmp, NODE_SIZE);
  /** Per field, how many documents have an array on its path: such a field cannot serve a sort. */
  private readonly multikeyDocs: number[];

  constructor(readonly decl: IndexDeclaration) {
    this.fields = decl.fields.map((f) => f.field);
    this.multikeyDocs = this.fields.map(() => 0);
  }

  get name(): string {
    return this.decl.name;
  }

  /** Whether some document has an array on the path of field `i`. */
  multikey(i: number): boolean {
    return this.multikeyDocs[i] > 0;
  }

  /** A document's entries, and a bit mask of the fields on whose path it has an array. */
  private entriesOf(rec: { key: string; ord: number; doc: Doc }): { entries: Entry[]; multikey: number } {
    const n = this.fields.length;
    let multikey = 0;
    // Per field, the distinct values to index, and which of them are whole arrays.
    const values: unknown[][] = [];
    const wholes: Array<boolean[] | undefined> = [];
    for (let f = 0; f < n; f++) {
      const found = pathLeaves(rec.doc, this.fields[f]);
      if (found.multikey) multikey |= 1 << f;
      if (found.arrays.length === 0 && found.leaves.length === 1) {
        values.push([norm(found.leaves[0])]);
        wholes.push(undefined);
        continue;
      }
      const vs: unknown[] = [];
      const seen = new Set<unknown>();
      for (const leaf of found.leaves) {
        const v = norm(leaf);
        if (v !== null && typeof v === 'object') vs.push(v);
        else if (!seen.has(v)) {
          seen.add(v);
          vs.push(v);
        }
      }
      if (vs.length === 0) vs.push(null);
      const whole: boolean[] = vs.map(() => false);
      for (const arr of found.arrays) {
        vs.push(arr);
        whole.push(true);
      }
      values.push(vs);
      wholes.push(whole);
    }
    // The cross product of the fields' values, one exactly sized array per tuple.
    const entries: Entry[] = [];
    const pick: number[] = new Array<number>(n).fill(0);
    for (;;) {
      const e = new Array<unknown>(n + 2);
      let whole = 0;
      for (let f = 0; f < n; f++) {
        e[f] = values[f][pick[f]];
        if (wholes[f]?.[pick[f]]) whole = 1;
      }
      e[n] = rec.key;
      e[n + 1] = rec.ord * 2 + whole;
      entries.push(e);
      if (entries.length >= MAX_ENTRIES_PER_DOC) break;
      let f = n - 1;
      while (f >= 0 && ++pick[f] === values[f].length) pick[f--] = 0;
      if (f < 0) break;
    }
    return { entries, multikey };
  }

  private count(multikey: number, delta: 1 | -1): void {
    for (let i = 0; multikey >> i; i++) if ((multikey >> i) & 1) this.multikeyDocs[i] += delta;
  }

  /** Builds the index over existing records at once (sorted, then loaded bottom-up: O(n log n)). */
  load(recs: Iterable<Rec>): void {
    const all: Entry[] = [];
    for (const rec of recs) {
      const { entries, multikey } = this.entriesOf(rec);
      this.count(multikey, 1);
      for (const e of entries) all.push(e);
    }
    all.sort(entryCmp);
    // A document may yield equal entries (the same object twice in an array): keep one, as a set would.
    const keys: TreeKey[] = [];
    for (const e of all) if (keys.length === 0 || entryCmp(keys[keys.length - 1] as Entry, e) !== 0) keys.push(e);
    this.tree =
      keys.length > 0
        ? bulkLoad<TreeKey, undefined>(keys, new Array<undefined>(keys.length).fill(undefined), NODE_SIZE, treeCmp)
        : new BTree<TreeKey, undefined>(undefined, treeCmp, NODE_SIZE);
  }

  /** Replaces the entries of changed documents: `removed` are their old versions, `added` the new ones. */
  update(removed: Rec[], added: Rec[]): void {
    const before = new Map<string, Entry[]>();
    for (const rec of removed) {
      const { entries, multikey } = this.entriesOf(rec);
      this.count(multikey, -1);
      before.set(rec.key, entries);
    }
    const after: Entry[][] = [];
    for (const rec of added) {
      const { entries, multikey } = this.entriesOf(rec);
      this.count(multikey, 1);
      const old = before.get(rec.key);
      // Most updates leave most indexes' tuples alone: nothing to move in those trees.
      if (old && sameEntries(old, entries)) before.delete(rec.key);
      else after.push(entries);
    }
    for (const entries of before.values()) for (const e of entries) this.tree.delete(e);
    for (const entries of after) for (const e of entries) this.tree.set(e, undefined);
  }

  /**
   * For a unique index: a key tuple `doc` would share with a document other than those in `exclude`,
   * described as MongoDB does (`{ field: value }`); `claimed` collects the batch's own tuples.
   */
  duplicateOf(
    doc: Doc,
    key: string,
    exclude: Set<string>,
    claimed: Map<string, string>,
    describe: (v: unknown) => string
  ): string | undefined {
    const { entries } = this.entriesOf({ key, ord: 0, doc });
    for (const e of entries) {
      if (isWhole(e)) continue;
      const shown = `{ ${this.fields.map((f, j) => `${f}: ${describe(e[j])}`).join(', ')} }`;
      const owner = claimed.get(shown);
      if (owner !== undefined && owner !== key) return shown;
      claimed.set(shown, key);
      const probes: Probe[] = this.fields.map((_, j) => ({ v: e[j] }));
      for (const x of this.walk(this.range(probes, probes, true, true))) {
        const owner = entryKey(x);
        if (!isWhole(x) && owner !== key && !exclude.has(owner)) return shown;
      }
    }
    return undefined;
  }

  /** The entries between two bounds over the leading key components. */
  range(low: Probe[], high: Probe[], lowInclusive: boolean, highInclusive: boolean): KeyRange {
    return { low: { probes: low, side: lowInclusive ? -1 : 1 }, high: { probes: high, side: highInclusive ? 1 : -1 } };
  }

  /** How many entries a range holds, counting no further than `cap`: O(log n + min(count, cap)). */
  countRange(range: KeyRange, cap: number): number {
    let n = 0;
    if (cap <= 0) return 0;
    for (const _ of this.walk(range)) if (++n >= cap) break;
    return n;
  }

  /** The entries of a range in key order (descending when `reverse`), found by one O(log n) seek. */
  *walk(range: KeyRange, reverse = false): Generator<Entry> {
    if (range.empty) return;
    const { low, high } = range;
    const reused: TreeKey[] = [];
    if (!reverse) {
      for (const [e] of this.tree.entries(low, reused) as IterableIterator<[Entry, undefined]>) {
        if (high && entryBoundCmp(e, high) > 0) return;
        yield e;
      }
    } else {
      for (const [e] of this.tree.entriesReversed(high, reused) as IterableIterator<[Entry, undefined]>) {
        if (low && entryBoundCmp(e, low) < 0) return;
        yield e;
      }
    }
  }
}
