import { z } from 'zod';
import { adminWith } from '../../../server/admin';
import { listAudit, type AuditEntry } from '../../../server/audit';
import { action } from '../../../server/function';
import { decodeCursor, encodeCursor } from '../../../server/repos/cases';
import { findUnitNames } from '../../../server/repos/units';
import { findUsers, findUsersByStaffIds, type UserDoc } from '../../../server/repos/users';
import type { AuditView } from '../../../typings/admin';
import type { Page } from '../../../typings/cases';

const input = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional()
});

/**
 * Admin only: the audit log, newest first (keyset on at, _id). People are shown by name and staffId:
 * the authors are looked up by openid and the people touched by staffId (entries written before staff
 * ids named them by openid: those are looked up too, and never shown); a unit it touched by its name,
 * looked up for the whole page in one query. Requests: 5 (the admin check and the page at once, then the
 * three name look-ups at once).
 */
export const auditLog = action(input, async ({ cursor, limit }, ctx): Promise<Page<AuditView>> => {
  const { value: page } = await adminWith(ctx, listAudit(decodeCursor(cursor), limit ?? 30));
  const openids = page.items.flatMap((e) => [e.by, e.target]).filter((x): x is string => !!x);
  const targets = page.items.map((e) => e.target).filter((t): t is string => !!t);
  const [byOpenid, byStaffId, units] = await Promise.all([
    findUsers(openids),
    findUsersByStaffIds(targets),
    findUnitNames(targets)
  ]);
  const people = new Map<string, UserDoc>();
  for (const u of byOpenid) people.set(u._id, u);
  const staff = new Map(byStaffId.filter((u) => u.staffId).map((u) => [u.staffId as string, u]));
  return {
    items: page.items.map((e) => view(e, people, staff, units)),
    nextCursor: page.next ? encodeCursor(page.next) : null
  };
});

function view(
  e: AuditEntry,
  people: Map<string, UserDoc>,
  staff: Map<string, UserDoc>,
  units: Map<string, string>
): AuditView {
  const author = e.by ? people.get(e.by) : undefined;
  const touched = staff.get(e.target) ?? people.get(e.target);
  const out: AuditView = {
    id: e._id,
    at: new Date(e.at).toISOString(),
    by: e.by ? { staffId: author?.staffId ?? null, name: author?.name ?? null } : null,
    action: e.action,
    // An old entry's openid target is replaced by the person's staffId (or hidden).
    target: touched && !staff.has(e.target) ? (touched.staffId ?? '—') : e.target
  };
  if (touched) out.targetName = touched.name ?? null;
  else if (units.has(e.target)) out.targetUnitName = units.get(e.target);
  if (e.before !== undefined) out.before = e.before;
  if (e.after !== undefined) out.after = e.after;
  return out;
}
