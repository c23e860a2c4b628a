// 三吹哨三报到: a town or the district whistles district departments onto a case (镇街吹哨部门报到).
// Each department checks in (报到) within minutes, reports its result, and the two sides evaluate
// each other: the whistler scores the department (谁吹哨谁评价), the department says whether the
// whistle was reasonable, so careless whistling shows. Whistles live on the case document.
import { addWorkingDays } from './calendar';
import {
  cleanText,
  decided,
  hallOf,
  type Actor,
  type CaseContext,
  type CaseRecord,
  type Decision,
  type Notice,
  type StaffActor,
  type Whistle
} from './case';
import { fail, type Failure } from './errors';
import { WHISTLE_ROLE_LABELS } from './labels';
import { accessIndex, checkWhistler, mayWithdrawWhistle, whistleOwner } from './access';
import { getUnit, type Units } from './org';
import { MINUTE_MS } from './time';

/** Pinggu's rule, where 吹哨报到 began: a department reports in within 30 minutes of a town's whistle. */
export const DEFAULT_CHECK_IN_MINUTES = 30;
/** Working days a department has from its whistle to report a result (our default). */
export const RESULT_WORKING_DAYS = 3;
/** Working days after the report within which both evaluations are owed (our default). */
export const EVALUATE_WORKING_DAYS = 3;
/** Departments per whistle: one leads, the rest cooperate. */
export const MAX_DEPARTMENTS = 5;

export type WhistleAction =
  | { type: 'whistle'; departmentIds: string[]; reason: string; checkInMinutes?: number }
  | { type: 'checkIn' }
  | { type: 'report'; result: string }
  | { type: 'withdrawWhistle'; departmentId: string; reason: string }
  | { type: 'evaluate'; departmentId: string; responseScore: number; resultScore: number; comment?: string }
  | { type: 'evaluateWhistle'; reasonable: boolean; comment?: string };

/** A whistle still in force: not withdrawn. */
export function isActive(w: Whistle): boolean {
  return w.withdrawnAt === null;
}

/** Whistles blocking resolution: in force and without a reported result. */
export function pendingWhistles(c: Pick<CaseRecord, 'whistles'>): Whistle[] {
  return (c.whistles ?? []).filter((w) => isActive(w) && w.reportedAt === null);
}

/** The department's whistle in force on the case (the latest one), or undefined. */
export function activeWhistleOf(c: Pick<CaseRecord, 'whistles'>, departmentId: string): Whistle | undefined {
  const list = c.whistles ?? [];
  for (let i = list.length - 1; i >= 0; i--)
    if (list[i].departmentId === departmentId && isActive(list[i])) return list[i];
  return undefined;
}

/** The department's whistle to show: the one in force, or else its latest (withdrawn ones stay as history). */
export function shownWhistleOf(c: Pick<CaseRecord, 'whistles'>, departmentId: string): Whistle | undefined {
  return (
    activeWhistleOf(c, departmentId) ?? [...(c.whistles ?? [])].reverse().find((w) => w.departmentId === departmentId)
  );
}

/** Whether a unit may be whistled onto the case: a department without a whistle in force there; null when it may. */
export function checkWhistleTarget(
  c: Pick<CaseRecord, 'whistles'>,
  departmentId: string,
  units: Units
): Failure | null {
  if (getUnit(departmentId, units)?.kind !== 'department') return fail('NOT_A_DEPARTMENT', departmentId);
  if (getUnit(departmentId, units)?.inactive) return fail('UNIT_INACTIVE', departmentId);
  if (activeWhistleOf(c, departmentId)) return fail('ALREADY_WHISTLED', departmentId);
  return null;
}

const isScore = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5;

type Act<T extends WhistleAction['type']> = Extract<WhistleAction, { type: T }>;

/** Decides a whistle action at `now` (who, state, payload); nothing changes on a refusal. */
export function decideWhistle(
  c: CaseRecord,
  action: WhistleAction,
  actor: Actor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.kind !== 'staff') return fail('NOT_STAFF');
  switch (action.type) {
    case 'whistle':
      return decideWhistleCall(c, action, actor, now, ctx);
    case 'checkIn':
      return decideCheckIn(c, actor, now, ctx);
    case 'report':
      return decideReport(c, action, actor, now, ctx);
    case 'evaluateWhistle':
      return decideEvaluateWhistle(c, action, actor, now, ctx);
    case 'withdrawWhistle':
      return decideWithdrawWhistle(c, action, actor, now, ctx);
    case 'evaluate':
      return decideEvaluate(c, action, actor, now, ctx);
  }
}

const deptName = (id: string, ctx: CaseContext): string => getUnit(id, ctx.units)?.name ?? id;
const replaced = (c: CaseRecord, old: Whistle, w: Whistle): Whistle[] =>
  (c.whistles ?? []).map((x) => (x === old ? w : x));
/** The department side (check in, report, evaluate the whistle): the actor's own whistle in force. */
const ownWhistle = (c: CaseRecord, actor: StaffActor): Whistle | Failure =>
  activeWhistleOf(c, actor.unitId) ?? fail('NOT_WHISTLED', actor.unitId);

/** 吹哨: the town or district handling the case names up to five departments and a check-in time. */
function decideWhistleCall(
  c: CaseRecord,
  action: Act<'whistle'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  // Only the town or district handling the case now (access.ts): never a former holder.
  const denied = checkWhistler(actor.unitId, c, ctx.units);
  const actorUnit = getUnit(actor.unitId, ctx.units);
  if (denied || !actorUnit) return denied ?? fail('WHISTLE_NOT_ALLOWED', actor.unitId);
  if (c.status !== 'submitted' && c.status !== 'accepted') return fail('ILLEGAL_TRANSITION', `${c.status} → whistle`);
  const reason = cleanText(action.reason);
  if (!reason) return fail('FIELD_REQUIRED', 'reason');
  const ids = action.departmentIds;
  if (!Array.isArray(ids) || ids.length === 0) return fail('FIELD_REQUIRED', 'departmentIds');
  if (ids.length > MAX_DEPARTMENTS) return fail('FIELD_INVALID', 'departmentIds');
  const minutes = action.checkInMinutes ?? DEFAULT_CHECK_IN_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 24 * 60)
    return fail('FIELD_INVALID', 'reportWithinMinutes');
  for (let i = 0; i < ids.length; i++) {
    const bad = checkWhistleTarget(c, ids[i], ctx.units);
    if (bad) return bad;
    if (ids.indexOf(ids[i]) !== i) return fail('ALREADY_WHISTLED', ids[i]);
  }
  const whistles = c.whistles ?? [];
  // The first named leads, unless a department already leads the case.
  const hasLead = whistles.some((w) => isActive(w) && w.role === 'lead');
  const added: Whistle[] = ids.map((id, i) => ({
    departmentId: id,
    role: !hasLead && i === 0 ? 'lead' : 'cooperate',
    byUnitId: actorUnit.id,
    byStaffId: actor.staffId,
    reason,
    at: now,
    checkInDueAt: new Date(now.getTime() + minutes * MINUTE_MS),
    checkedInAt: null,
    checkInLate: null,
    resultDueAt: addWorkingDays(now, RESULT_WORKING_DAYS, ctx.calendar),
    reportedAt: null,
    result: null,
    evaluateDueAt: null,
    withdrawnAt: null,
    withdrawReason: null,
    evaluation: null,
    whistleEvaluation: null
  }));
  const next = [...whistles, ...added];
  const names = added.map((w) => `${deptName(w.departmentId, ctx)}（${WHISTLE_ROLE_LABELS[w.role]}）`).join('、');
  const notify: Notice[] = added.map((w) => ({
    to: 'unit',
    unitId: w.departmentId,
    event: 'whistled',
    note: `吹哨：请${minutes}分钟内报到`
  }));
  return decided(
    c,
    'whistle',
    actor,
    now,
    { whistles: next, whistledTo: accessIndex({ unitId: c.unitId, whistles: next }, ctx.units).whistledTo },
    `${hallOf(actorUnit.id, ctx)}吹哨，请${names}在${minutes}分钟内报到。原因：${reason}`,
    notify,
    { departments: ids.join(','), minutes }
  );
}

/** 报到: the whistled department checks in, on time or late by so many minutes. */
function decideCheckIn(c: CaseRecord, actor: StaffActor, now: Date, ctx: CaseContext): Decision {
  const w = ownWhistle(c, actor);
  if ('ok' in w) return w;
  if (w.checkedInAt) return fail('ALREADY_CHECKED_IN');
  const late = now.getTime() > w.checkInDueAt.getTime();
  const lateBy = Math.ceil((now.getTime() - w.checkInDueAt.getTime()) / MINUTE_MS);
  const name = deptName(w.departmentId, ctx);
  return decided(
    c,
    'checkIn',
    actor,
    now,
    { whistles: replaced(c, w, { ...w, checkedInAt: now, checkInLate: late }) },
    `${name}已报到${late ? `（超时${lateBy}分钟）` : '（按时）'}`,
    [{ to: 'unit', unitId: w.byUnitId, event: 'replied', note: `${name}已报到` }],
    { departmentId: w.departmentId, late }
  );
}

/** 报结果: the department, checked in, reports its result; both evaluations fall due from here. */
function decideReport(c: CaseRecord, action: Act<'report'>, actor: StaffActor, now: Date, ctx: CaseContext): Decision {
  const w = ownWhistle(c, actor);
  if ('ok' in w) return w;
  if (!w.checkedInAt) return fail('NOT_CHECKED_IN');
  if (w.reportedAt) return fail('ALREADY_REPORTED');
  const result = cleanText(action.result);
  if (!result) return fail('FIELD_REQUIRED', 'result');
  const evaluateDueAt = addWorkingDays(now, EVALUATE_WORKING_DAYS, ctx.calendar);
  const name = deptName(w.departmentId, ctx);
  return decided(
    c,
    'report',
    actor,
    now,
    { whistles: replaced(c, w, { ...w, reportedAt: now, result, evaluateDueAt }) },
    `${name}反馈办理结果：${result}`,
    [{ to: 'unit', unitId: w.byUnitId, event: 'replied', note: `${name}已反馈结果，请评价` }],
    { departmentId: w.departmentId, late: now.getTime() > w.resultDueAt.getTime() }
  );
}

/** The department says whether the whistle was reasonable, once it has reported. */
function decideEvaluateWhistle(
  c: CaseRecord,
  action: Act<'evaluateWhistle'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  const w = ownWhistle(c, actor);
  if ('ok' in w) return w;
  if (!w.reportedAt) return fail('NOT_REPORTED_YET');
  if (w.whistleEvaluation) return fail('ALREADY_EVALUATED');
  if (typeof action.reasonable !== 'boolean') return fail('FIELD_INVALID', 'reasonable');
  const comment = cleanText(action.comment);
  const whistleEvaluation = { reasonable: action.reasonable, comment, at: now, by: actor.staffId };
  return decided(
    c,
    'evaluateWhistle',
    actor,
    now,
    { whistles: replaced(c, w, { ...w, whistleEvaluation }) },
    `${deptName(w.departmentId, ctx)}评价本次吹哨：${action.reasonable ? '合理' : '不合理'}${comment ? `（${comment}）` : ''}`,
    [],
    { departmentId: w.departmentId, reasonable: action.reasonable }
  );
}

/**
 * Withdrawal: the whistler or a unit above it, or the handling chain once the whistler no longer
 * handles the case (access.ts), so a case never gets stuck; a reported whistle is done, not withdrawn.
 */
function decideWithdrawWhistle(
  c: CaseRecord,
  action: Act<'withdrawWhistle'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  const w = activeWhistleOf(c, action.departmentId);
  if (!w) return fail('NOT_WHISTLED', action.departmentId);
  if (!mayWithdrawWhistle(actor.unitId, c, w, ctx.units)) return fail('NOT_WHISTLER');
  if (w.reportedAt) return fail('WHISTLE_NOT_ACTIVE');
  const reason = cleanText(action.reason);
  if (!reason) return fail('FIELD_REQUIRED', 'reason');
  let next = replaced(c, w, { ...w, withdrawnAt: now, withdrawReason: reason });
  // A withdrawn lead hands the lead to the next department still in force.
  if (w.role === 'lead') {
    const heir = next.find((x) => isActive(x) && x.role === 'cooperate');
    if (heir) next = next.map((x) => (x === heir ? { ...x, role: 'lead' } : x));
  }
  const whistledTo = accessIndex({ unitId: c.unitId, whistles: next }, ctx.units).whistledTo;
  return decided(
    c,
    'withdrawWhistle',
    actor,
    now,
    { whistles: next, whistledTo },
    `${hallOf(actor.unitId, ctx)}撤回对${deptName(w.departmentId, ctx)}的吹哨，原因：${reason}`,
    [{ to: 'unit', unitId: w.departmentId, event: 'withdrawn', note: '吹哨已撤回，无需报到' }]
  );
}

/** 谁吹哨谁评价: the whistler, or the holder once the whistler no longer handles the case, scores the department. */
function decideEvaluate(
  c: CaseRecord,
  action: Act<'evaluate'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  const w = activeWhistleOf(c, action.departmentId);
  if (!w) return fail('NOT_WHISTLED', action.departmentId);
  if (actor.unitId !== whistleOwner(c, w, ctx.units)) return fail('NOT_WHISTLER');
  if (!w.reportedAt) return fail('NOT_REPORTED_YET');
  if (w.evaluation) return fail('ALREADY_EVALUATED');
  if (!isScore(action.responseScore) || !isScore(action.resultScore)) return fail('SCORE_INVALID');
  const comment = cleanText(action.comment);
  const { responseScore, resultScore } = action;
  const evaluation = { responseScore, resultScore, comment, at: now, by: actor.staffId };
  return decided(
    c,
    'evaluate',
    actor,
    now,
    { whistles: replaced(c, w, { ...w, evaluation }) },
    `${hallOf(actor.unitId, ctx)}评价${deptName(w.departmentId, ctx)}：响应${responseScore}分，办理${resultScore}分${comment ? `（${comment}）` : ''}`,
    [{ to: 'unit', unitId: w.departmentId, event: 'replied', note: '吹哨单位已评价' }],
    { departmentId: w.departmentId, responseScore, resultScore }
  );
}
