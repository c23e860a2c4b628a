// The audit log: one `auditLog` document per admin action (who, when, what), never updated or deleted
// by the functions. Written right after the action's own write succeeded, in the same request.
import { database, settle } from './cloud';
import { COLLECTIONS } from './collections';

export type AuditAction =
  | 'setup.bootstrap'
  | 'setup.seed'
  | 'setup.seedDemo'
  | 'proactive.run'
  | 'setup.setRules'
  | 'account.createInvite'
  | 'account.unbind'
  | 'account.setRole'
  | 'account.setHead'
  | 'org.renameUnit'
  | 'org.addUnit'
  | 'org.setUnitActive'
  | 'org.confirmGuess'
  | 'org.deleteUnit'
  | 'stats.reconcile'
  | 'deadlines.sweep'
  | 'partners.createKey'
  | 'partners.revokeKey'
  | 'partners.setWebhook'
  | 'webhooks.deliver'
  | 'sharing.exportDay';

export interface AuditEntry {
  _id: string;
  at: Date;
  /** The admin's openid; null for setup.bootstrap, run from the console without one. */
  by: string | null;
  action: AuditAction;
  /** What the action touched: a staffId (an openid in entries before staff ids), a unit id, a day, a rule set list. */
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

/** One page of the log, newest first, keyset-paged on (at, _id) through the at_desc index (one request). */
export async function listAudit(
  cursor: { key: number; id: string } | null,
  limit: number
): Promise<{ items: AuditEntry[]; next: { key: number; id: string } | null }> {
  const db = database();
  const _ = db.command;
  const at = cursor ? new Date(cursor.key) : null;
  const query = db.collection(COLLECTIONS.auditLog);
  const res = await settle(
    (at ? query.where(_.or([{ at: _.lt(at) }, { at, _id: _.lt(cursor?.id ?? '') }])) : query)
      .orderBy('at', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1)
      .get()
  );
  const docs = res.data as AuditEntry[];
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: docs.length > limit && last ? { key: new Date(last.at).getTime(), id: last._id } : null };
}
