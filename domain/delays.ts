// Two people for delays: extensions (the supervising unit decides) and pauses while waiting for the
// resident (挂起: the clock stops, for a capped working time unless the unit above approves). Whoever
// asks never decides.
import { addWorkingDays, addWorkingMs, extendByPause, workingMsBetween, type Calendar } from './calendar';
import {
  cleanText,
  decided,
  hallOf,
  type CaseContext,
  type CaseRecord,
  type Decision,
  type Extension,
  type Notice,
  type StaffActor
} from './case';
import { fail } from './errors';
import { parentOf, type Units } from './org';
import { DAY_MS, SHANGHAI_OFFSET_MS } from './time';

/** Longest extension one request may ask for, in working days (our default). */
export const MAX_EXTENSION_DAYS = 30;

/**
 * Two people for delays, admin-editable (config document 'supervision'). Defaults of ours:
 * - extensionCapWorkingDays: granted extensions of one case add up to at most this (15);
 * - pauseFreeWorkingDays: a case's pauses stop its clock for at most this much working time in
 *   total (5 working days) unless the unit above approved them.
 */
export interface OversightLimits {
  extensionCapWorkingDays: number;
  pauseFreeWorkingDays: number;
}
export const DEFAULT_OVERSIGHT_LIMITS: OversightLimits = { extensionCapWorkingDays: 15, pauseFreeWorkingDays: 5 };

const limitsOf = (ctx: CaseContext): OversightLimits => ctx.oversight ?? DEFAULT_OVERSIGHT_LIMITS;

export type DelayAction =
  | { type: 'requestExtension'; days: number; reason: string }
  | { type: 'decideExtension'; grant: boolean; note?: string }
  | { type: 'pause'; reason: string }
  | { type: 'resume'; note?: string }
  | { type: 'decidePause'; grant: boolean; note?: string };

type Act<T extends DelayAction['type']> = Extract<DelayAction, { type: T }>;

/** Who supervises a unit: its parent; the district supervises itself (its 综治中心). */
export function supervisorOf(unitId: string, units: Units): string {
  return parentOf(unitId, units)?.id ?? unitId;
}

/** The extension awaiting a decision, if any. */
export function pendingExtension(c: Pick<CaseRecord, 'extensions'>): Extension | undefined {
  const list = c.extensions ?? [];
  const last = list[list.length - 1];
  return last && last.status === 'pending' ? last : undefined;
}

/** Working days of extension granted on a case so far. */
export function grantedExtensionDays(c: Pick<CaseRecord, 'extensions'>): number {
  return (c.extensions ?? []).reduce((sum, e) => sum + (e.status === 'granted' ? e.days : 0), 0);
}

/** The working time unapproved pauses may still stop the case's clock (ms, ≥ 0). */
export function pauseAllowanceLeftMs(c: Pick<CaseRecord, 'pauseUsedMs'>, limits: OversightLimits): number {
  return Math.max(0, limits.pauseFreeWorkingDays * DAY_MS - (c.pauseUsedMs ?? 0));
}

/** The pause awaiting the unit above: a running unapproved pause, or a pause asked for once the allowance was used. */
export function pendingPause(
  c: Pick<CaseRecord, 'pausedAt' | 'pauseUntil' | 'pausedBy' | 'pauseRequest'>
): { by: string | null } | null {
  if (c.pauseRequest) return { by: c.pauseRequest.by };
  if (c.pausedAt && c.pauseUntil) return { by: c.pausedBy ?? null };
  return null;
}

/** The fields of a case that is not paused. */
export const NOT_PAUSED: Partial<CaseRecord> = {
  pausedAt: null,
  pauseReason: null,
  pausedBy: null,
  pauseUntil: null,
  pauseRequest: null
};

/**
 * The pause ends at `now`: deadlines pushed back by the working time paused, counted up to
 * `pauseUntil` at most while the unit above has not approved (that time is the allowance used).
 */
export function resumePatch(c: CaseRecord, now: Date, cal: Calendar): Partial<CaseRecord> {
  const from = c.pausedAt;
  if (!from) return {};
  const capped = c.pauseUntil && new Date(c.pauseUntil).getTime() < now.getTime();
  const end = capped ? new Date(c.pauseUntil!) : now;
  const push = (d: Date) => extendByPause(d, from, end, cal);
  const patch: Partial<CaseRecord> = { ...NOT_PAUSED };
  if (c.pauseUntil) patch.pauseUsedMs = (c.pauseUsedMs ?? 0) + Math.max(0, workingMsBetween(from, end, cal));
  if (!c.firstReplyAt) patch.firstResponseDueAt = push(c.firstResponseDueAt);
  if (!c.acceptedAt) patch.responseDueAt = push(c.responseDueAt);
  if (!c.resolvedAt) patch.resolveDueAt = push(c.resolveDueAt);
  if (c.whistles?.length) {
    patch.whistles = c.whistles.map((w) =>
      w.withdrawnAt || w.reportedAt
        ? w
        : {
            ...w,
            checkInDueAt: w.checkedInAt ? w.checkInDueAt : push(w.checkInDueAt),
            resultDueAt: push(w.resultDueAt)
          }
    );
  }
  return patch;
}

const isOpen = (c: CaseRecord): boolean => c.status === 'submitted' || c.status === 'accepted';
const hhmm = (d: Date): string =>
  new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ');
const notHandler = (actor: StaffActor, c: CaseRecord) => fail('OUT_OF_SCOPE', `${actor.unitId} on case of ${c.unitId}`);

/** The handling unit asks its supervisor for more working days, within the per-case cap. */
export function decideRequestExtension(
  c: CaseRecord,
  action: Act<'requestExtension'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.unitId !== c.unitId) return notHandler(actor, c);
  if (c.status !== 'accepted') return fail(c.status === 'submitted' ? 'CASE_NOT_ACCEPTED' : 'ILLEGAL_TRANSITION');
  if (pendingExtension(c)) return fail('EXTENSION_PENDING');
  if (!Number.isInteger(action.days) || action.days < 1 || action.days > MAX_EXTENSION_DAYS)
    return fail('FIELD_INVALID', 'days');
  const cap = limitsOf(ctx).extensionCapWorkingDays;
  if (grantedExtensionDays(c) + action.days > cap)
    return fail('EXTENSION_CAP_REACHED', `${grantedExtensionDays(c)} + ${action.days} > ${cap}`);
  const reason = cleanText(action.reason);
  if (!reason) return fail('FIELD_REQUIRED', 'reason');
  const ext: Extension = {
    byUnitId: c.unitId,
    byStaffId: actor.staffId,
    days: action.days,
    reason,
    at: now,
    status: 'pending',
    decidedAt: null,
    decidedBy: null,
    note: null
  };
  const sup = supervisorOf(c.unitId, ctx.units);
  return decided(
    c,
    'requestExtension',
    actor,
    now,
    { extensions: [...(c.extensions ?? []), ext] },
    `${hallOf(c.unitId, ctx)}申请延期${action.days}个工作日，原因：${reason}`,
    [{ to: 'unit', unitId: sup, event: 'extension', note: `延期申请待审批：${action.days}个工作日` }]
  );
}

/** The supervisor grants or refuses the pending extension; whoever asked never decides. */
export function decideExtensionRequest(
  c: CaseRecord,
  action: Act<'decideExtension'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  const ext = pendingExtension(c);
  if (actor.unitId !== supervisorOf(c.unitId, ctx.units)) return fail('NOT_SUPERVISOR');
  if (!ext || !isOpen(c)) return fail('NO_EXTENSION_PENDING');
  // Two people: whoever asked never decides (on a district case, another district staff member does).
  if (ext.byStaffId === actor.staffId) return fail('OWN_REQUEST');
  if (typeof action.grant !== 'boolean') return fail('FIELD_INVALID', 'grant');
  const cap = limitsOf(ctx).extensionCapWorkingDays;
  if (action.grant && grantedExtensionDays(c) + ext.days > cap)
    return fail('EXTENSION_CAP_REACHED', `${grantedExtensionDays(c)} + ${ext.days} > ${cap}`);
  const note = cleanText(action.note);
  const status = action.grant ? 'granted' : 'refused';
  const done: Extension = { ...ext, status, decidedAt: now, decidedBy: actor.staffId, note };
  const patch: Partial<CaseRecord> = { extensions: (c.extensions ?? []).map((e) => (e === ext ? done : e)) };
  if (action.grant) patch.resolveDueAt = addWorkingDays(c.resolveDueAt, ext.days, ctx.calendar);
  const verdict = action.grant ? `同意延期${ext.days}个工作日` : '不同意延期';
  return decided(
    c,
    'decideExtension',
    actor,
    now,
    patch,
    `${hallOf(actor.unitId, ctx)}${verdict}${note ? `：${note}` : ''}`,
    [{ to: 'unit', unitId: c.unitId, event: 'extension', note: action.grant ? '延期申请已同意' : '延期申请未同意' }],
    { granted: action.grant }
  );
}

/** 挂起: the clock stops for what is left of the allowance; once it is used, only after the unit above approves. */
export function decidePause(
  c: CaseRecord,
  action: Act<'pause'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.unitId !== c.unitId) return notHandler(actor, c);
  if (!isOpen(c)) return fail('ILLEGAL_TRANSITION', `${c.status} → pause`);
  if (c.pausedAt || c.pauseRequest) return fail('ALREADY_PAUSED');
  const reason = cleanText(action.reason);
  if (!reason) return fail('FIELD_REQUIRED', 'reason');
  const hall = hallOf(c.unitId, ctx);
  const sup = supervisorOf(c.unitId, ctx.units);
  const free = limitsOf(ctx).pauseFreeWorkingDays;
  const left = pauseAllowanceLeftMs(c, limitsOf(ctx));
  if (left <= 0) {
    // The allowance is used up: the clock runs on until the unit above approves the pause.
    return decided(
      c,
      'pause',
      actor,
      now,
      { pauseRequest: { at: now, by: actor.staffId, reason } },
      `${hall}申请挂起（本案未经批准的挂起已满${free}个工作日，须经${hallOf(sup, ctx)}批准后停止计时），原因：${reason}`,
      [{ to: 'unit', unitId: sup, event: 'extension', note: '挂起申请待审批' }],
      { needsApproval: true }
    );
  }
  const until = addWorkingMs(now, left, ctx.calendar);
  return decided(
    c,
    'pause',
    actor,
    now,
    { pausedAt: now, pauseReason: reason, pausedBy: actor.staffId, pauseUntil: until },
    `${hall}挂起办理，等待群众补充材料：${reason}（未经${hallOf(sup, ctx)}批准，最迟${hhmm(until)}恢复计时）`,
    [
      { to: 'reporter', event: 'replied' },
      { to: 'unit', unitId: sup, event: 'extension', note: `挂起超过${free}个工作日须经审批` }
    ]
  );
}

/** The handling unit resumes (deadlines pushed back by the time paused), or withdraws its pause request. */
export function decideResume(
  c: CaseRecord,
  action: Act<'resume'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.unitId !== c.unitId) return notHandler(actor, c);
  const hall = hallOf(c.unitId, ctx);
  if (!c.pausedAt && c.pauseRequest)
    return decided(c, 'resume', actor, now, { pauseRequest: null }, `${hall}撤回挂起申请`, []);
  if (!c.pausedAt) return fail('NOT_PAUSED');
  const note = cleanText(action.note);
  return decided(
    c,
    'resume',
    actor,
    now,
    resumePatch(c, now, ctx.calendar),
    `${hall}恢复办理${note ? `：${note}` : ''}，办理时限相应顺延`,
    [{ to: 'reporter', event: 'replied' }]
  );
}

/** The unit above decides a pause (on a district case, another district staff member); never whoever paused. */
export function decidePauseRequest(
  c: CaseRecord,
  action: Act<'decidePause'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.unitId !== supervisorOf(c.unitId, ctx.units)) return fail('NOT_SUPERVISOR');
  const pending = pendingPause(c);
  if (!pending || !isOpen(c)) return fail('NO_PAUSE_PENDING');
  if (pending.by === actor.staffId) return fail('OWN_REQUEST');
  if (typeof action.grant !== 'boolean') return fail('FIELD_INVALID', 'grant');
  const note = cleanText(action.note);
  const by = `${hallOf(actor.unitId, ctx)}${action.grant ? '同意挂起' : '不同意挂起'}${note ? `：${note}` : ''}`;
  const tell = (n: string): Notice[] => [{ to: 'unit', unitId: c.unitId, event: 'extension', note: n }];
  const req = c.pauseRequest;
  if (action.grant) {
    // Approved: the pause stops the clock until it is resumed, and uses none of the allowance.
    const patch: Partial<CaseRecord> = req
      ? { pauseRequest: null, pausedAt: now, pauseReason: req.reason, pausedBy: req.by, pauseUntil: null }
      : { pauseUntil: null };
    return decided(c, 'decidePause', actor, now, patch, `${by}，挂起期间停止计时`, tell('挂起已获批准'), {
      granted: true
    });
  }
  if (req)
    return decided(c, 'decidePause', actor, now, { pauseRequest: null }, by, tell('挂起申请未获批准'), {
      granted: false
    });
  return decided(
    c,
    'decidePause',
    actor,
    now,
    resumePatch(c, now, ctx.calendar),
    `${by}，恢复办理，办理时限相应顺延`,
    tell('挂起未获批准，已恢复计时'),
    { granted: false }
  );
}
