// The audit log: one `auditLog` document per admin action (who, when, what), never updated or deleted
// by the functions. Written right after the action's own write succeeded, in the same request.
import { database, settle } from './cloud';
import { COLLECTIONS } from './collections';

export type AuditAction =
  | 'setup.bootstrap'
  | 'setup.seed'
  | 'setup.seedDemo'
  | 'setup.setRules'
  | 'account.createInvite'
  | 'account.unbind'
  | 'stats.reconcile'
  | 'deadlines.sweep';

export interface AuditEntry {
  _id: string;
  at: Date;
  /** The admin's openid; null for setup.bootstrap, run from the console without one. */
  by: string | null;
  action: AuditAction;
  /** What the action touched: an openid, a unit id, a day, a rule set list. */
  target: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one entry (one request). The action already happened when this runs, so a failed write
 * does not turn it into a failure: the entry is logged to the function's log instead, where CloudBase
 * keeps it, and the caller still gets the action's answer.
 */
export async function audit(entry: Omit<AuditEntry, '_id' | 'at'>, now: Date): Promise<void> {
  const data: Omit<AuditEntry, '_id'> = { at: now, ...entry };
  try {
    await settle(database().collection(COLLECTIONS.auditLog).add({ data: data }));
  } catch (e) {
    console.error(
      '[audit] entry not stored',
      JSON.stringify(data),
      (e as { errMsg?: string; message?: string })?.errMsg ?? (e as Error)?.message
    );
  }
}
