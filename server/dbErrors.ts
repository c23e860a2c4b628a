// What a failed database request means. wx-server-sdk turns most codes into errCode -501001 and keeps
// the server's message, so the message decides; commit and start errors arrive raw as { code, message }.
// The one place that reads CloudBase's error wording.

/** conflict: someone else holds or changed a document; transient: the request may not have arrived. */
export type DbFailure = 'conflict' | 'duplicate' | 'transient' | 'fatal';

/** A unique key (`_id` or a unique index) already taken. */
export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly index: string,
    cause: string
  ) {
    super(cause);
    this.name = 'DuplicateKeyError';
  }
}

const FATAL_CODES = new Set([-502005, -502002, -502003, -501007, -501005]);

/** What kind of database failure `e` is. */
export function classifyDbError(e: unknown): DbFailure {
  const err = (e ?? {}) as { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown };
  const msg = String(err.errMsg ?? err.message ?? e);
  if (/E11000|duplicate key/i.test(msg)) return 'duplicate';
  if (
    err.code === 'DATABASE_TRANSACTION_CONFLICT' ||
    /TransactionConflict|TransactionBusy|TransactionNotExist|Transaction is conflict|Transaction is busy/i.test(msg)
  ) {
    return 'conflict';
  }
  if (typeof err.errCode === 'number' && FATAL_CODES.has(err.errCode)) return 'fatal';
  if (
    err.code === 'DATABASE_COLLECTION_NOT_EXIST' ||
    err.code === 'INVALID_PARAM' ||
    err.code === 'DATABASE_INVALID_OPERRATOR'
  )
    return 'fatal';
  if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) return 'fatal';
  return 'transient';
}

/** Parses a duplicate-key failure, or null when `e` is something else. */
export function duplicateOf(e: unknown): DuplicateKeyError | null {
  if (e instanceof DuplicateKeyError) return e;
  if (classifyDbError(e) !== 'duplicate') return null;
  const msg = String(
    (e as { errMsg?: unknown; message?: unknown }).errMsg ?? (e as { message?: unknown }).message ?? e
  );
  const m = /collection: (\S+) index: (\S+)/.exec(msg);
  return new DuplicateKeyError(m?.[1] ?? '', m?.[2] ?? '', msg);
}
