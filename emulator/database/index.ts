/**
 * The local cloud's database: answers the `database.*` actions wx-server-sdk (through @cloudbase/node-sdk
 * and @cloudbase/database) sends, as CloudBase does, on top of SQLite.
 */
import { handleAction } from './actions';
import { Engine } from './engine';
import type { IndexDeclaration } from './indexes';
import { Store } from './store';

export type { IndexDeclaration } from './indexes';

export interface DatabaseOptions {
  /** SQLite file path, or ':memory:'. */
  file: string;
  /** Emulated epoch ms (the emulator's clock can be moved forward): server dates and transaction timeouts. */
  now: () => number;
  indexes?: IndexDeclaration[];
}

export interface LocalDatabase {
  /**
   * One SDK action, e.g. 'database.getDocument'; body is the parsed JSON body of the request. Returns the
   * response body fields except requestId. Throws CloudBaseError for expected failures.
   */
  handle(action: string, body: Record<string, unknown>): Record<string, unknown>;
  /** Collection names and document counts, for the control API. */
  collections(): Array<{ name: string; count: number }>;
  /** Documents changed by committed writes so far: tests prove a refusal wrote nothing. */
  committedWrites(): number;
  close(): void;
}

export function openDatabase(opts: DatabaseOptions): LocalDatabase {
  const engine = new Engine(new Store(opts.file), opts.now, opts.indexes ?? []);
  return {
    handle: (action, body) => handleAction(engine, action, body),
    collections: () => engine.list(),
    committedWrites: () => engine.committedWrites,
    close: () => engine.close()
  };
}
