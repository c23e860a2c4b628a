/**
 * Snapshot-isolated transactions, as CloudBase's MongoDB transactions behave:
 * - reads see the committed state as of the transaction's first operation (as in MongoDB, starting a
 *   transaction takes no snapshot yet), plus its own writes;
 * - the first writer of a document holds it until commit or abort: another transaction writing it, or a
 *   transaction writing a document committed by someone else since its snapshot, gets a write conflict
 *   (and is aborted, as MongoDB aborts on WriteConflict); a plain write to a held document fails busy;
 * - commit re-validates and applies all writes at once; a transaction older than 30 s is gone.
 */
import { randomBytes } from 'crypto';
import { dbErrors } from './errors';
import type { Doc, Rec } from './values';

export const TRANSACTION_TIMEOUT_MS = 30_000;

export interface Tx {
  readonly id: string;
  /** Commit sequence number the snapshot was taken at; set by the first operation. */
  snapshot: number | undefined;
  readonly startedAt: number;
  /** Own writes per collection: the new document, or null for a delete. */
  readonly writes: Map<string, Map<string, Doc | null>>;
  /** Committed versions as of the snapshot, kept when someone else overwrote them since (null: absent). */
  readonly preserved: Map<string, Map<string, Rec | null>>;
}

export interface CommittedWrite {
  collection: string;
  key: string;
  /** The record before this write (undefined: the document did not exist). */
  old: Rec | undefined;
}

function nested<V>(m: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map<string, V>()));
  return inner;
}

export class Transactions {
  private seq = 0;
  private readonly active = new Map<string, Tx>();
  /** Sequence number of each document's last committed write, kept while transactions are open. */
  private readonly lastWrite = new Map<string, Map<string, number>>();
  private readonly locks = new Map<string, Map<string, string>>();

  start(nowMs: number): string {
    const id = randomBytes(16).toString('hex');
    this.active.set(id, {
      id,
      snapshot: undefined,
      startedAt: nowMs,
      writes: new Map(),
      preserved: new Map()
    });
    return id;
  }

  /** Aborts transactions that outlived the timeout; called before every request. */
  sweep(nowMs: number): void {
    for (const tx of this.active.values()) {
      if (nowMs - tx.startedAt > TRANSACTION_TIMEOUT_MS) this.end(tx);
    }
  }

  /** An open transaction, or the error production gives for an expired or unknown one. */
  get(id: unknown): Tx {
    const tx = typeof id === 'string' ? this.active.get(id) : undefined;
    if (!tx) throw dbErrors.transactionNotExist();
    return tx;
  }

  /** Takes the transaction's snapshot if this is its first operation. */
  establish(tx: Tx): void {
    if (tx.snapshot === undefined) tx.snapshot = this.seq;
  }

  private end(tx: Tx): void {
    for (const [collection, writes] of tx.writes) {
      const locks = this.locks.get(collection);
      for (const key of writes.keys()) if (locks?.get(key) === tx.id) locks.delete(key);
    }
    this.active.delete(tx.id);
    if (this.active.size === 0) this.lastWrite.clear();
  }

  /**
   * Ends a transaction without applying it. One already ended (committed, expired, or aborted by a
   * write conflict, as MongoDB aborts it) no longer exists: aborting it fails, as in production.
   */
  abort(id: unknown): void {
    this.end(this.get(id));
  }

  /** The transaction holding a document for writing, if any. */
  holder(collection: string, key: string): string | undefined {
    return this.locks.get(collection)?.get(key);
  }

  private conflicts(tx: Tx, collection: string, key: string): boolean {
    const holder = this.holder(collection, key);
    if (holder !== undefined && holder !== tx.id) return true;
    const last = this.lastWrite.get(collection)?.get(key);
    return last !== undefined && tx.snapshot !== undefined && last > tx.snapshot;
  }

  /** Records a write of the transaction, or aborts it with a write conflict. */
  write(tx: Tx, collection: string, key: string, doc: Doc | null): void {
    if (this.conflicts(tx, collection, key)) {
      this.end(tx);
      throw dbErrors.transactionConflict();
    }
    nested(this.locks, collection).set(key, tx.id);
    nested(tx.writes, collection).set(key, doc);
  }

  /** What the transaction sees of one document: own write, else its snapshot's version, else current. */
  read(tx: Tx, collection: string, key: string, current: Rec | undefined): Doc | undefined {
    const own = tx.writes.get(collection);
    if (own?.has(key)) return own.get(key) ?? undefined;
    const kept = tx.preserved.get(collection);
    if (kept?.has(key)) return kept.get(key)?.doc;
    return current?.doc;
  }

  /** Whether the transaction's view of a collection differs from the committed one. */
  diverges(tx: Tx, collection: string): boolean {
    return (tx.writes.get(collection)?.size ?? 0) > 0 || (tx.preserved.get(collection)?.size ?? 0) > 0;
  }

  /** The transaction's view of a whole collection, in natural order. */
  view(tx: Tx, collection: string, committed: Map<string, Rec>): Rec[] {
    const own = tx.writes.get(collection) ?? new Map<string, Doc | null>();
    const kept = tx.preserved.get(collection) ?? new Map<string, Rec | null>();
    const out: Rec[] = [];
    for (const rec of committed.values()) {
      if (own.has(rec.key) || kept.has(rec.key)) continue;
      out.push(rec);
    }
    for (const [key, rec] of kept) if (rec && !own.has(key)) out.push(rec);
    let fresh = Number.MAX_SAFE_INTEGER - own.size;
    for (const [key, doc] of own) {
      if (!doc) continue;
      const base = kept.has(key) ? kept.get(key) : committed.get(key);
      out.push({ key, ord: base ? base.ord : fresh++, doc });
    }
    return out.sort((a, b) => a.ord - b.ord);
  }

  /** The writes a commit applies, after checking nobody else committed them since the snapshot. */
  commitWrites(tx: Tx): Array<{ collection: string; key: string; doc: Doc | null }> {
    const out: Array<{ collection: string; key: string; doc: Doc | null }> = [];
    for (const [collection, writes] of tx.writes) {
      for (const [key, doc] of writes) {
        if (this.conflicts(tx, collection, key)) {
          this.end(tx);
          throw dbErrors.transactionConflict();
        }
        out.push({ collection, key, doc });
      }
    }
    return out;
  }

  /** Ends a transaction after its commit (or its failed commit). */
  finish(tx: Tx): void {
    this.end(tx);
  }

  /**
   * Called after every committed batch (plain or transactional): other open transactions keep the
   * version their snapshot saw, and the write is stamped for later conflict checks.
   */
  committed(writes: CommittedWrite[], by?: string): void {
    this.seq++;
    if (this.active.size === 0) return;
    for (const w of writes) {
      nested(this.lastWrite, w.collection).set(w.key, this.seq);
      for (const tx of this.active.values()) {
        if (tx.id === by || tx.snapshot === undefined) continue;
        const kept = nested(tx.preserved, w.collection);
        if (!kept.has(w.key)) kept.set(w.key, w.old ?? null);
      }
    }
  }
}
