// The reporter's own actions on their case: 补充材料 while it waits for material (it resumes the
// case), 催办 once the unit is late or near its deadline (the unit and the one above are told; it
// counts in the unit's figures), 撤回 before acceptance. Who may act is access.ts's rule.
import { shanghaiDay } from './time';
import { workingMsBetween } from './calendar';
import { cleanText, decided, hallOf, type Actor, type CaseContext, type CaseRecord, type Decision } from './case';
import { resumePatch, supervisorOf } from './delays';
import { fail } from './errors';
import { isOwnCase, mayActAsReporter } from './access';
import { coRatingRefusal, type CoRatedCase } from './merge';
import { MAX_PHOTOS } from './limits';

export const RESIDENT_ACTIONS = ['supplement', 'urge', 'withdraw'] as const;
export type ResidentActionType = (typeof RESIDENT_ACTIONS)[number];

export type ResidentAction =
  | { type: 'supplement'; text: string; photos?: readonly string[] }
  | { type: 'urge' }
  | { type: 'withdraw'; reason: string };

/** Photos a case may hold in all, the reporter's supplements included. */
export const MAX_CASE_PHOTOS = 3 * MAX_PHOTOS;

/** Where an urge starts to be allowed in the resolve time: its last quarter. */
const URGE_FROM_SHARE = 0.75;

/** One urge of the reporter: counted against the unit holding the case then. */
export interface Urge {
  at: Date;
  unitId: string;
}

const isOpen = (c: CaseRecord): boolean => c.status === 'submitted' || c.status === 'accepted';

/** Whether the case waits for the reporter's material: paused (挂起), or a pause waiting for approval. */
export function waitsForMaterial(c: Pick<CaseRecord, 'status' | 'pausedAt' | 'pauseRequest'>): boolean {
  return (c.status === 'submitted' || c.status === 'accepted') && (!!c.pausedAt || !!c.pauseRequest);
}

/**
 * When the reporter may urge next (null: not while open and unpaused). Due: the response deadline
 * passed (not accepted), or the last quarter of the working time from acceptance to the resolve
 * deadline began. At most once a working day: after an urge, not before the next working day.
 */
export function urgeCheck(
  c: CaseRecord,
  now: Date,
  ctx: CaseContext
): null | 'URGE_TOO_EARLY' | 'URGE_ONCE_A_DAY' | 'URGE_WHILE_PAUSED' {
  if (c.pausedAt || c.pauseRequest) return 'URGE_WHILE_PAUSED';
  const t = now.getTime();
  let due: boolean;
  if (!c.acceptedAt) due = t > new Date(c.responseDueAt).getTime();
  else {
    const from = new Date(c.acceptedAt);
    const to = new Date(c.resolveDueAt);
    const total = workingMsBetween(from, to, ctx.calendar);
    due = t >= to.getTime() || workingMsBetween(from, now, ctx.calendar) >= URGE_FROM_SHARE * total;
  }
  if (!due) return 'URGE_TOO_EARLY';
  const last = (c.urges ?? [])[(c.urges ?? []).length - 1];
  if (last && !workingDayBetween(new Date(last.at), now, ctx)) return 'URGE_ONCE_A_DAY';
  return null;
}

/** Whether a working day starts after `from` and no later than `to` (Shanghai dates). */
function workingDayBetween(from: Date, to: Date, ctx: CaseContext): boolean {
  for (let d = shanghaiDay(from) + 1; d <= shanghaiDay(to); d++) if (ctx.calendar.workday(d)) return true;
  return false;
}

/** What the case waits on its reporter for (消息中心): their material (待补充), their rating (待评价), or nothing. */
export function residentTodo(c: Pick<CaseRecord, 'status' | 'pausedAt' | 'pauseRequest'>): 'material' | 'rate' | null {
  if (waitsForMaterial(c)) return 'material';
  return c.status === 'resolved' ? 'rate' : null;
}

/** Whether this resident may rate the case now: its reporter once resolved, or a merged case's reporter (merge.ts). */
export function mayRate(c: Pick<CaseRecord, 'status' | 'reporterId'> & CoRatedCase, openid: string): boolean {
  return (isOwnCase(c, { kind: 'resident', openid }) && c.status === 'resolved') || coRatingRefusal(c, openid) === null;
}

/** What the reporter may do on the case now (the buttons the case page shows); none for anyone else. */
export function reporterActions(c: CaseRecord, actor: Actor, now: Date, ctx: CaseContext): ResidentActionType[] {
  if (!mayActAsReporter(c, actor) || c.withdrawnAt || !isOpen(c)) return [];
  const out: ResidentActionType[] = [];
  if (waitsForMaterial(c)) out.push('supplement');
  else if (urgeCheck(c, now, ctx) === null) out.push('urge');
  if (c.status === 'submitted' && !c.acceptedAt) out.push('withdraw');
  return out;
}

/** Decides one of the reporter's actions at `now`; nothing changes on a refusal. */
export function decideResident(
  c: CaseRecord & { photos?: readonly string[] },
  action: ResidentAction,
  actor: Actor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (!mayActAsReporter(c, actor)) return fail('REPORTER_ONLY');
  if (c.withdrawnAt) return fail('CASE_WITHDRAWN');
  const hall = hallOf(c.unitId, ctx);
  switch (action.type) {
    case 'supplement': {
      if (!waitsForMaterial(c)) return fail('NOT_WAITING_FOR_MATERIAL');
      const text = cleanText(action.text);
      if (!text) return fail('FIELD_REQUIRED', 'text');
      const photos = action.photos ?? [];
      if ((c.photos ?? []).length + photos.length > MAX_CASE_PHOTOS) return fail('TOO_MANY_PHOTOS');
      // The material came: the pause (or the pause asked for) ends, deadlines pushed back by the time paused.
      const patch = c.pausedAt ? resumePatch(c, now, ctx.calendar) : { pauseRequest: null };
      const shots = photos.length ? `（附照片${photos.length}张）` : '';
      return decided(
        c,
        'supplement',
        actor,
        now,
        patch,
        `群众补充材料${shots}：${text}；恢复办理，办理时限相应顺延`,
        [{ to: 'unit', unitId: c.unitId, event: 'replied', note: '群众已补充材料，恢复办理' }],
        { photos: photos.length }
      );
    }
    case 'urge': {
      if (!isOpen(c)) return fail('ILLEGAL_TRANSITION', `${c.status} → urge`);
      const refused = urgeCheck(c, now, ctx);
      if (refused) return fail(refused);
      const up = supervisorOf(c.unitId, ctx.units);
      const tell = [{ to: 'unit' as const, unitId: c.unitId, event: 'urged' as const, note: '群众催办，请尽快办理' }];
      if (up !== c.unitId) tell.push({ to: 'unit', unitId: up, event: 'urged', note: `群众催办：${hall}` });
      return decided(
        c,
        'urge',
        actor,
        now,
        { urges: [...(c.urges ?? []), { at: now, unitId: c.unitId }] },
        `群众催办，已提醒${hall}${up !== c.unitId ? `及${hallOf(up, ctx)}` : ''}`,
        tell
      );
    }
    case 'withdraw': {
      if (c.status !== 'submitted' || c.acceptedAt) return fail('WITHDRAW_AFTER_ACCEPTANCE');
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      return decided(
        c,
        'withdraw',
        actor,
        now,
        { status: 'closed', closedAt: now, withdrawnAt: now, pausedAt: null, pauseRequest: null },
        `群众撤回诉求，原因：${reason}`,
        [{ to: 'unit', unitId: c.unitId, event: 'retracted', note: '群众已撤回诉求' }]
      );
    }
  }
}
