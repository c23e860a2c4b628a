import { CloudBaseError } from '../errors';

/**
 * The failures CloudBase's database answers with. wx-server-sdk maps `code` to `errCode` through its
 * TCB_ERR_CODE table (DATABASE_REQUEST_FAILED -502001, DATABASE_INVALID_OPERRATOR -502002,
 * DATABASE_COLLECTION_NOT_EXIST -502005, INVALID_PARAM -501007; any other code -501001).
 */
const TAIL = 'Please check your request, but if the problem persists, contact us.';
const sentence = (detail: string): string => detail.replace(/\.+$/, '');

export const dbErrors = {
  collectionNotExist: (): CloudBaseError =>
    // Wording as production reports it (errCode -502005).
    new CloudBaseError(
      'DATABASE_COLLECTION_NOT_EXIST',
      '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.'
    ),
  collectionExists: (): CloudBaseError =>
    new CloudBaseError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceUnavailable.ResourceExist] Table exist. ${TAIL}`),
  duplicateKey: (collection: string, index: string, key: string): CloudBaseError =>
    new CloudBaseError(
      'DATABASE_REQUEST_FAILED',
      `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}. ${TAIL}`
    ),
  requestFailed: (detail: string): CloudBaseError =>
    new CloudBaseError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${sentence(detail)}. ${TAIL}`),
  invalidOperator: (detail: string): CloudBaseError =>
    new CloudBaseError('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] ${sentence(detail)}. ${TAIL}`),
  invalidParam: (detail: string): CloudBaseError => new CloudBaseError('INVALID_PARAM', detail),
  /** node-sdk's runTransaction retries on exactly this code. */
  transactionConflict: (): CloudBaseError =>
    new CloudBaseError(
      'DATABASE_TRANSACTION_CONFLICT',
      `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ${TAIL}`
    ),
  /** A plain write to a document an open transaction has written (production: TransactionBusy). */
  transactionBusy: (): CloudBaseError =>
    new CloudBaseError(
      'DATABASE_TRANSACTION_CONFLICT',
      `[ResourceUnavailable.TransactionBusy] Transaction is busy. ${TAIL}`
    ),
  /** Wording as production reports an expired or unknown transaction (errCode -501001). */
  transactionNotExist: (): CloudBaseError =>
    new CloudBaseError(
      'DATABASE_TRANSACTION_FAIL',
      `[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. ${TAIL}`
    )
};
