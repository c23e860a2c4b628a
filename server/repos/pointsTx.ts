// Database plumbing for the points ledger: a typed view of wx-server-sdk transactions and THE retry
// loop (full-jitter backoff) behind both transact() and retrying(). node-sdk retries runTransaction
// only on a commit-time conflict, and a conflict raised by a write inside the callback reaches us as
// errCode -501001: so we retry ourselves.
import { AppError } from '../function';
import { sdk, settle, type Database } from '../cloud';
import { classifyDbError, duplicateOf, type DbFailure } from '../dbErrors';

/** A document inside a transaction. get() answers null for a missing document. */
export interface TxDoc {
  get(): Promise<{ data: unknown }>;
  set(options: { data: object }): Promise<unknown>;
  /** `stats.updated` is 0 when no document has this id. */
  update(options: { data: object }): Promise<{ stats?: { updated?: number } }>;
  remove(): Promise<unknown>;
}

export interface TxCollection {
  doc(id: string): TxDoc;
  add(options: { data: object }): Promise<unknown>;
}

/** The operations CloudBase allows in a transaction: single documents and adds, no queries. */
export interface Tx {
  collection(name: string): TxCollection;
}

interface SdkTransaction extends Tx {
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

let handle: Database | null = null;

/** The database, answering null (not throwing) when a document fetched by id is missing. */
export function pointsDb(): Database {
  if (!handle) handle = sdk().database({ throwOnNotFound: false } as Parameters<ReturnType<typeof sdk>['database']>[0]);
  return handle;
}

export { classifyDbError, duplicateOf, DuplicateKeyError, type DbFailure } from '../dbErrors';

export interface RetryOptions {
  /** Most attempts in all. */
  attempts?: number;
  /** Stop retrying once this much time has passed. */
  budgetMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

// The cap matters under a hot spot: waiters retrying too often spend the requests the winner needs
// to finish (measured in bench/points.bench.ts). The budget stays under the function's 10 s timeout.
const DEFAULTS: Required<RetryOptions> = { attempts: 30, budgetMs: 8000, baseDelayMs: 10, maxDelayMs: 500 };
/** A single request is retried fewer times than a whole transaction. */
const SINGLE: RetryOptions = { attempts: 8 };

/** Full-jitter exponential backoff: contenders spread out instead of colliding again in step. */
function backoff(attempt: number, o: Required<RetryOptions>): Promise<void> {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return new Promise((r) => setTimeout(r, Math.random() * cap));
}

/**
 * THE retry loop: runs `once` again on a conflict or a lost request, with jittered backoff, within the
 * attempts and the time budget. AppErrors, duplicate keys (as DuplicateKeyError) and fatal failures end
 * it at once; running out gives POINTS_BUSY.
 */
async function withRetries<T>(once: () => Promise<T>, options: RetryOptions): Promise<T> {
  const o = { ...DEFAULTS, ...options };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await once();
    } catch (e) {
      if (e instanceof AppError) throw e;
      const kind = classifyDbError(e);
      if (kind === 'duplicate') throw duplicateOf(e) ?? (e as Error);
      if (kind === 'fatal') throw e;
      if (attempt + 1 >= o.attempts || Date.now() - started > o.budgetMs) throw busy(kind, attempt, e);
      await backoff(attempt, o);
    }
  }
}

/** Rolls back, retrying a few times: an open transaction holds its documents until it ends or times out (30 s). */
async function abort(tx: SdkTransaction): Promise<void> {
  for (let i = 0; i < 4; i++) {
    try {
      await tx.rollback();
      return;
    } catch (e) {
      const err = e as { message?: unknown; errMsg?: unknown };
      // Already ended (a write conflict aborts it server-side): nothing left to release.
      if (/TransactionNotExist|does not exist/i.test(String(err.message ?? err.errMsg ?? e))) return;
    }
  }
}

/**
 * Runs `work` in a transaction and commits it, retrying the whole of it on a conflict or a lost
 * request. `work` must be a pure function of what it reads: a retry reads everything again.
 * AppErrors and duplicate keys end it (rolled back); running out gives POINTS_BUSY.
 */
export function transact<T>(work: (tx: Tx) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return withRetries(async () => {
    const tx = (await pointsDb().startTransaction()) as SdkTransaction;
    try {
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (e) {
      await abort(tx);
      throw e;
    }
  }, options);
}

/** Retries a single request on a conflict or a lost request; for reads and idempotent writes only. */
export function retrying<T>(request: () => Promise<T> | void | string, options: RetryOptions = {}): Promise<T> {
  return withRetries(() => settle<T>(request()), { ...SINGLE, ...options });
}

/** Gives up: logged with the last failure, since a misclassified one would otherwise hide behind a busy answer. */
function busy(kind: DbFailure, attempt: number, e: unknown): AppError {
  const detail = `${kind} after ${attempt + 1} attempts`;
  const err = e as { errMsg?: unknown; message?: unknown } | null;
  console.warn(`[points] giving up, ${detail}:`, err?.errMsg ?? err?.message ?? e);
  return new AppError('POINTS_BUSY', detail);
}
