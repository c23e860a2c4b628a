import type { ClientErrorCode, ErrorCode } from '../domain/errors';

export type { ClientErrorCode, ErrorCode };

/** The contract of every cloud function: `{ action, ...fields }` in, one of these out. */
export type Ok<T> = { ok: true; data: T };
/** A refusal: a code of the one table (domain/errors.ts), or one the mini-program makes itself. */
export type Fail = { ok: false; code: ErrorCode | ClientErrorCode; message: string; detail?: string };
export type Result<T> = Ok<T> | Fail;
