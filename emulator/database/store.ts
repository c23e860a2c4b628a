/**
 * SQLite, the truth on restart: every acknowledged write is in it before the request is answered.
 * In memory (':memory:') there is no restart to serve, so nothing is written at all.
 */
import Database from 'better-sqlite3';

export interface StoredDoc {
  ord: number;
  collection: string;
  key: string;
  body: string;
}

export type StoreWrite =
  | { kind: 'put'; collection: string; key: string; ord: number; body: string }
  | { kind: 'delete'; collection: string; key: string };

export class Store {
  /** Whether writes outlive the process; documents are stringified for it only then. */
  readonly persistent: boolean;
  private readonly db: Database.Database;
  private readonly putStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly addCollectionStmt: Database.Statement;
  private readonly writeBatch: (writes: StoreWrite[]) => void;

  constructor(file: string) {
    this.persistent = file !== ':memory:';
    this.db = new Database(file);
    if (this.persistent) {
      // WAL with synchronous=NORMAL loses nothing when the process is killed (only on power loss).
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (
        ord INTEGER PRIMARY KEY,
        collection TEXT NOT NULL,
        id_key TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (collection, id_key)
      );
    `);
    this.putStmt = this.db.prepare(
      `INSERT INTO documents (ord, collection, id_key, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (collection, id_key) DO UPDATE SET body = excluded.body`
    );
    this.deleteStmt = this.db.prepare('DELETE FROM documents WHERE collection = ? AND id_key = ?');
    this.addCollectionStmt = this.db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)');
    this.writeBatch = this.db.transaction((writes: StoreWrite[]) => {
      for (const w of writes) {
        if (w.kind === 'put') this.putStmt.run(w.ord, w.collection, w.key, w.body);
        else this.deleteStmt.run(w.collection, w.key);
      }
    });
  }

  collections(): string[] {
    return (this.db.prepare('SELECT name FROM collections ORDER BY rowid').all() as Array<{ name: string }>).map(
      (r) => r.name
    );
  }

  /** All documents in insertion order. */
  *documents(): IterableIterator<StoredDoc> {
    const rows = this.db.prepare('SELECT ord, collection, id_key AS key, body FROM documents ORDER BY ord').iterate();
    for (const row of rows) yield row as StoredDoc;
  }

  addCollection(name: string, createdAt: number): void {
    if (this.persistent) this.addCollectionStmt.run(name, createdAt);
  }

  /** Writes a batch atomically (one SQLite transaction). */
  write(writes: StoreWrite[]): void {
    if (this.persistent && writes.length > 0) this.writeBatch(writes);
  }

  close(): void {
    this.db.close();
  }
}
