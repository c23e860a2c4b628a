/**
 * In-memory secondary indexes built from `database/indexes.json` declarations: one sorted array of
 * entries per index, like a B-tree's leaves. Entries are ordered by key tuple, then insertion ordinal.
 * Arrays are indexed element by element (multikey) and also whole, so an index lookup always yields a
 * superset of the matching documents; the query is re-checked on each candidate.
 */
import { compareValues, pathLeaves, typeRank, type Doc, type Rec } from './values';

export interface IndexDeclaration {
  collection: string;
  name: string;
  fields: Array<{ field: string; direction: 1 | -1 }>;
  unique?: boolean;
}

interface Entry {
  readonly k: unknown[];
  readonly ord: number;
  readonly key: string;
  /** A whole-array key, kept only so that equality to an array finds the document. */
  readonly whole: boolean;
}

/** One bound component: an exact value, or the start/end of a type bracket (ranges never cross types). */
export type Probe = { v: unknown } | { rankMin: number } | { rankMax: number };

const MAX_ENTRIES_PER_DOC = 1000;

function probeCmp(e: unknown, p: Probe): number {
  if ('v' in p) return compareValues(e, p.v);
  const r = typeRank(e);
  if ('rankMin' in p) return r < p.rankMin ? -1 : 1;
  return r <= p.rankMax ? -1 : 1;
}

function keyCmp(k: unknown[], probes: Probe[]): number {
  for (let i = 0; i < probes.length; i++) {
    const c = probeCmp(k[i], probes[i]);
    if (c) return c;
  }
  return 0;
}

function entryCmp(a: Entry, b: Entry): number {
  for (let i = 0; i < a.k.length; i++) {
    const c = compareValues(a.k[i], b.k[i]);
    if (c) return c;
  }
  return a.ord - b.ord || Number(a.whole) - Number(b.whole);
}

/** Normalises a key value: missing is indexed as null, as MongoDB does. */
function norm(v: unknown): unknown {
  return v === undefined ? null : v;
}

export class SortedIndex {
  readonly fields: string[];
  private entries: Entry[] = [];
  /** Documents with an array on an indexed path: the index then cannot serve a sort. */
  private multikeyDocs = 0;

  constructor(readonly decl: IndexDeclaration) {
    this.fields = decl.fields.map((f) => f.field);
  }

  get name(): string {
    return this.decl.name;
  }

  get multikey(): boolean {
    return this.multikeyDocs > 0;
  }

  get size(): number {
    return this.entries.length;
  }

  private entriesOf(rec: { key: string; ord: number; doc: Doc }): { entries: Entry[]; multikey: boolean } {
    let multikey = false;
    let tuples: Array<{ k: unknown[]; whole: boolean }> = [{ k: [], whole: false }];
    for (const field of this.fields) {
      const found = pathLeaves(rec.doc, field);
      multikey ||= found.multikey;
      const values: Array<{ v: unknown; whole: boolean }> = [];
      const seen = new Set<unknown>();
      for (const leaf of found.leaves) {
        const v = norm(leaf);
        if (v !== null && typeof v === 'object') values.push({ v, whole: false });
        else if (!seen.has(v)) {
          seen.add(v);
          values.push({ v, whole: false });
        }
      }
      if (values.length === 0) values.push({ v: null, whole: false });
      for (const arr of found.arrays) values.push({ v: arr, whole: true });
      const next: Array<{ k: unknown[]; whole: boolean }> = [];
      for (const t of tuples) {
        for (const { v, whole } of values) {
          if (next.length >= MAX_ENTRIES_PER_DOC) break;
          next.push({ k: [...t.k, v], whole: t.whole || whole });
        }
      }
      tuples = next;
    }
    return { entries: tuples.map((t) => ({ k: t.k, ord: rec.ord, key: rec.key, whole: t.whole })), multikey };
  }

  private lowerBound(pred: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(this.entries[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Builds the index over existing records at once. */
  load(recs: Iterable<Rec>): void {
    const all: Entry[] = [];
    for (const rec of recs) {
      const { entries, multikey } = this.entriesOf(rec);
      if (multikey) this.multikeyDocs++;
      for (const e of entries) all.push(e);
    }
    all.sort(entryCmp);
    this.entries = all;
  }

  /** Batches at least this big are merged in one pass instead of spliced entry by entry. */
  private static readonly MERGE_AT = 32;

  /** Replaces the entries of changed documents: `removed` are their old versions, `added` the new ones. */
  update(removed: Rec[], added: Rec[]): void {
    if (removed.length + added.length < SortedIndex.MERGE_AT) {
      for (const rec of removed) this.remove(rec);
      for (const rec of added) this.add(rec);
      return;
    }
    const gone = new Set(removed.map((r) => r.key));
    for (const rec of removed) if (this.entriesOf(rec).multikey) this.multikeyDocs--;
    const fresh: Entry[] = [];
    for (const rec of added) {
      const { entries, multikey } = this.entriesOf(rec);
      if (multikey) this.multikeyDocs++;
      for (const e of entries) fresh.push(e);
    }
    fresh.sort(entryCmp);
    if (gone.size > 0) this.entries = this.entries.filter((e) => !gone.has(e.key));
    // Each new entry's place by binary search, then one copying pass: m log n comparisons, not n + m.
    const kept = this.entries;
    const merged: Entry[] = new Array(kept.length + fresh.length);
    let from = 0;
    let k = 0;
    for (const e of fresh) {
      let lo = from;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (entryCmp(kept[mid], e) >= 0) hi = mid;
        else lo = mid + 1;
      }
      while (from < lo) merged[k++] = kept[from++];
      merged[k++] = e;
    }
    while (from < kept.length) merged[k++] = kept[from++];
    this.entries = merged;
  }

  private add(rec: Rec): void {
    const { entries, multikey } = this.entriesOf(rec);
    if (multikey) this.multikeyDocs++;
    for (const e of entries) this.entries.splice(this.lowerBound((x) => entryCmp(x, e) >= 0), 0, e);
  }

  private remove(rec: Rec): void {
    const { entries, multikey } = this.entriesOf(rec);
    if (multikey) this.multikeyDocs--;
    for (const e of entries) {
      for (let i = this.lowerBound((x) => entryCmp(x, e) >= 0); i < this.entries.length; i++) {
        const x = this.entries[i];
        if (entryCmp(x, e) !== 0) break;
        if (x.key === e.key) {
          this.entries.splice(i, 1);
          break;
        }
      }
    }
  }

  /**
   * For a unique index: a key tuple `doc` would share with a document other than those in `exclude`,
   * described as MongoDB does (`{ field: value }`); `claimed` collects the batch's own tuples.
   */
  duplicateOf(doc: Doc, key: string, exclude: Set<string>, claimed: Map<string, string>, describe: (v: unknown) => string): string | undefined {
    const { entries } = this.entriesOf({ key, ord: 0, doc });
    for (const e of entries) {
      if (e.whole) continue;
      const shown = `{ ${this.fields.map((f, j) => `${f}: ${describe(e.k[j])}`).join(', ')} }`;
      const owner = claimed.get(shown);
      if (owner !== undefined && owner !== key) return shown;
      claimed.set(shown, key);
      const probes: Probe[] = e.k.map((v) => ({ v }));
      const [start, end] = this.range(probes, probes, true, true);
      for (let i = start; i < end; i++) {
        const x = this.entries[i];
        if (!x.whole && x.key !== key && !exclude.has(x.key)) return shown;
      }
    }
    return undefined;
  }

  /** Entry positions [start, end) between two bounds over the leading key components. */
  range(low: Probe[], high: Probe[], lowInclusive: boolean, highInclusive: boolean): [number, number] {
    const start = this.lowerBound((e) => keyCmp(e.k, low) > (lowInclusive ? -1 : 0));
    const end = this.lowerBound((e) => (highInclusive ? keyCmp(e.k, high) > 0 : keyCmp(e.k, high) >= 0));
    return [start, Math.max(start, end)];
  }

  keyAt(i: number): string {
    return this.entries[i].key;
  }

  tupleAt(i: number): unknown[] {
    return this.entries[i].k;
  }
}
