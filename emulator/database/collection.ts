/** A collection's committed documents in memory, in natural (insertion) order, with its indexes. */
import { EJSON } from 'bson';
import { dbErrors } from './errors';
import { SortedIndex, type IndexDeclaration } from './indexes';
import type { Doc, Rec } from './values';

/** The map key of an `_id`: strings as they are, anything else (numbers, ObjectIds) as canonical EJSON. */
export function idKey(id: unknown): string {
  return typeof id === 'string' ? `s${id}` : `e${EJSON.stringify({ id }, { relaxed: false })}`;
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : EJSON.stringify({ v }, { relaxed: true }).slice(5, -1);
}

/** One document's change in a committed batch. */
export interface Change {
  key: string;
  old: Rec | undefined;
  /** The new record, or undefined for a delete. */
  rec: Rec | undefined;
}

export class Collection {
  /** Map order is insertion order: a replaced document keeps its place, as its ordinal does. */
  readonly records = new Map<string, Rec>();
  readonly indexes: SortedIndex[];

  constructor(
    readonly name: string,
    declarations: IndexDeclaration[]
  ) {
    this.indexes = declarations
      .filter((d) => d.collection === name && d.fields.length > 0)
      .map((d) => new SortedIndex(d));
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): Rec | undefined {
    return this.records.get(key);
  }

  /** Fills the collection from storage (records arrive in ordinal order), then builds the indexes once. */
  load(recs: Rec[]): void {
    for (const rec of recs) this.records.set(rec.key, rec);
    for (const index of this.indexes) index.load(this.records.values());
  }

  /**
   * Throws the duplicate-key error a unique index raises if these documents were stored (their keys'
   * current versions being replaced), checking them against each other too.
   */
  checkUnique(docs: Array<{ key: string; doc: Doc }>): void {
    const exclude = new Set(docs.map((d) => d.key));
    for (const index of this.indexes) {
      if (!index.decl.unique) continue;
      const claimed = new Map<string, string>();
      for (const { key, doc } of docs) {
        const dup = index.duplicateOf(doc, key, exclude, claimed, describe);
        if (dup) throw dbErrors.duplicateKey(this.name, index.name, dup);
      }
    }
  }

  /** Applies a validated batch to the records and the indexes. */
  apply(changes: Change[]): void {
    for (const { key, rec } of changes) {
      if (rec) this.records.set(key, rec);
      else this.records.delete(key);
    }
    const removed = changes.flatMap((c) => (c.old ? [c.old] : []));
    const added = changes.flatMap((c) => (c.rec ? [c.rec] : []));
    for (const index of this.indexes) index.update(removed, added);
  }
}
