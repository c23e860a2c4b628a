/** Committed state: collections in memory, SQLite underneath, and the open transactions' bookkeeping. */
import { EJSON } from 'bson';
import { Collection, type Change } from './collection';
import { stringifyDoc } from './ejson';
import { dbErrors } from './errors';
import type { IndexDeclaration } from './indexes';
import { Store, type StoreWrite } from './store';
import { Transactions, type CommittedWrite } from './transactions';
import type { Doc, Rec } from './values';

export interface Write {
  collection: Collection;
  key: string;
  /** The new document, or null to delete. */
  doc: Doc | null;
}

export class Engine {
  private readonly collections = new Map<string, Collection>();
  readonly txs = new Transactions();
  private nextOrd = 1;
  /** Documents written or removed by committed writes so far (rolled-back transactions add nothing). */
  committedWrites = 0;

  constructor(
    private readonly store: Store,
    readonly now: () => number,
    private readonly indexes: IndexDeclaration[]
  ) {
    for (const name of store.collections()) this.collections.set(name, new Collection(name, indexes));
    const byCollection = new Map<string, Rec[]>();
    for (const row of store.documents()) {
      const doc = EJSON.parse(row.body, { relaxed: true }) as Doc;
      let list = byCollection.get(row.collection);
      if (!list) byCollection.set(row.collection, (list = []));
      list.push({ key: row.key, ord: row.ord, doc, json: row.body });
      this.nextOrd = Math.max(this.nextOrd, row.ord + 1);
    }
    for (const [name, recs] of byCollection) {
      let coll = this.collections.get(name);
      if (!coll) this.collections.set(name, (coll = new Collection(name, indexes)));
      coll.load(recs);
    }
  }

  /** A collection that exists, or CloudBase's "collection not exist" failure. */
  collection(name: unknown): Collection {
    if (typeof name !== 'string' || name === '') throw dbErrors.invalidParam('param.collectionName is required');
    const coll = this.collections.get(name);
    if (!coll) throw dbErrors.collectionNotExist();
    return coll;
  }

  createCollection(name: unknown): void {
    if (typeof name !== 'string' || name === '') throw dbErrors.invalidParam('param.collectionName is required');
    if (this.collections.has(name)) throw dbErrors.collectionExists();
    this.store.addCollection(name, this.now());
    this.collections.set(name, new Collection(name, this.indexes));
  }

  list(): Array<{ name: string; count: number }> {
    return [...this.collections.values()].map((c) => ({ name: c.name, count: c.size }));
  }

  /**
   * Applies writes atomically: all reach SQLite (one SQLite transaction) and memory, or none does.
   * A plain write to a document an open transaction holds fails; `by` names the committing transaction.
   */
  commit(writes: Write[], by?: string): void {
    const byCollection = new Map<Collection, Map<string, Doc | null>>();
    for (const w of writes) {
      const holder = this.txs.holder(w.collection.name, w.key);
      if (holder !== undefined && holder !== by) throw dbErrors.transactionBusy();
      let m = byCollection.get(w.collection);
      if (!m) byCollection.set(w.collection, (m = new Map<string, Doc | null>()));
      m.set(w.key, w.doc);
    }
    const stored: StoreWrite[] = [];
    const plan: Array<{ collection: Collection; changes: Change[] }> = [];
    for (const [collection, docs] of byCollection) {
      const puts = [...docs].flatMap(([key, doc]) => (doc ? [{ key, doc }] : []));
      collection.checkUnique(puts);
      const changes: Change[] = [];
      for (const [key, doc] of docs) {
        const old = collection.get(key);
        if (doc) {
          // In memory (nothing stored) the JSON waits for the first read that answers the document whole.
          const json = this.store.persistent ? stringifyDoc(doc) : undefined;
          const rec: Rec = { key, ord: old ? old.ord : this.nextOrd++, doc, json };
          stored.push({ kind: 'put', collection: collection.name, key, ord: rec.ord, body: json ?? '' });
          changes.push({ key, old, rec });
        } else if (old) {
          stored.push({ kind: 'delete', collection: collection.name, key });
          changes.push({ key, old, rec: undefined });
        }
      }
      plan.push({ collection, changes });
    }
    this.store.write(stored);
    this.committedWrites += stored.length;
    const committed: CommittedWrite[] = [];
    for (const { collection, changes } of plan) {
      collection.apply(changes);
      for (const c of changes) committed.push({ collection: collection.name, key: c.key, old: c.old });
    }
    this.txs.committed(committed, by);
  }

  close(): void {
    this.store.close();
  }
}
