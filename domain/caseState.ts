// The case state machine. A cloud function does: load → decide → persist `patch` (where version
// matches) → append `timeline` → send `notify`. Re-handling (重办) keeps status 'accepted' and
// increments `round` instead of adding a 'reopened' status: queues and duties stay the same.
import {
  arrivalPatch,
  cleanText,
  decided,
  hallOf,
  RATING_WINDOW_MS,
  type Actor,
  type CaseContext,
  type CaseRecord,
  type Decision,
  type Notice,
  type TimelineEntry
} from './case';
import { computeDeadlines } from './deadlines';
import {
  CASE_ACTIONS,
  isOneOf,
  OVERSIGHT_ACTIONS,
  SATISFACTIONS,
  WHISTLE_ACTIONS,
  type CaseActionType,
  type CaseStatus,
  type Satisfaction
} from './enums';
import { fail, type ErrorCode, type Failure } from './errors';
import { hallName } from './labels';
import { caseAccess, inHandlingChain, mayActAsReporter, staffGate } from './access';
import { getUnit } from './org';
import { checkTransfer, escalationTarget } from './routing';
import { applyRating } from './caseRating';
import { ratesByCall } from './channel';
import { decideOversight, type OversightAction } from './oversight';
import { decideWhistle, pendingWhistles, type WhistleAction } from './whistles';
import { decideResident, RESIDENT_ACTIONS, type ResidentAction } from './residentActions';

export type CaseAction =
  | { type: 'accept'; message?: string }
  | { type: 'reply'; text: string }
  | { type: 'transfer'; toUnitId: string; reason: string }
  | { type: 'escalate'; reason: string }
  | { type: 'resolve'; summary: string; photos?: readonly string[] }
  | { type: 'reject'; reason: string }
  // raterUnitId: the unit the reporter is bound to as staff, looked up by the server (null for a resident).
  | { type: 'rate'; satisfaction: Satisfaction; comment?: string; raterUnitId?: string | null }
  | { type: 'followUp'; satisfaction: Satisfaction; note: string };

export { RATING_WINDOW_MS };
export type { Decision };

/** Every action a person takes on an existing case. */
export type AnyCaseAction = CaseAction | WhistleAction | OversightAction | ResidentAction;

/** status × action → true (allowed) or the code refusing it. */
export const TRANSITIONS: Readonly<Record<CaseStatus, Readonly<Record<CaseActionType, true | ErrorCode>>>> = {
  submitted: {
    accept: true,
    reply: true,
    transfer: true,
    escalate: true,
    reject: true,
    resolve: 'CASE_NOT_ACCEPTED',
    rate: 'CASE_NOT_RESOLVED',
    followUp: 'CASE_NOT_RESOLVED'
  },
  accepted: {
    reply: true,
    transfer: true,
    escalate: true,
    resolve: true,
    accept: 'CASE_NOT_ACCEPTABLE',
    reject: 'ILLEGAL_TRANSITION',
    rate: 'CASE_NOT_RESOLVED',
    followUp: 'CASE_NOT_RESOLVED'
  },
  resolved: {
    reply: true,
    rate: true,
    followUp: true,
    accept: 'CASE_NOT_ACCEPTABLE',
    transfer: 'ILLEGAL_TRANSITION',
    escalate: 'ILLEGAL_TRANSITION',
    resolve: 'ILLEGAL_TRANSITION',
    reject: 'ILLEGAL_TRANSITION'
  },
  closed: {
    accept: 'CASE_NOT_ACCEPTABLE',
    reply: 'CASE_CLOSED',
    transfer: 'CASE_CLOSED',
    escalate: 'CASE_CLOSED',
    resolve: 'CASE_CLOSED',
    reject: 'CASE_CLOSED',
    rate: 'ALREADY_RATED',
    followUp: 'CASE_CLOSED'
  },
  rejected: {
    accept: 'CASE_NOT_ACCEPTABLE',
    reply: 'ILLEGAL_TRANSITION',
    transfer: 'ILLEGAL_TRANSITION',
    escalate: 'ILLEGAL_TRANSITION',
    resolve: 'ILLEGAL_TRANSITION',
    reject: 'ILLEGAL_TRANSITION',
    rate: 'ILLEGAL_TRANSITION',
    followUp: 'ILLEGAL_TRANSITION'
  }
};

/** Whether the status allows the action at all (ignoring actor and payload). */
export function canTransition(status: CaseStatus, action: CaseActionType): boolean {
  return TRANSITIONS[status][action] === true;
}

/** Checks the actor: rate is the reporter's; the rest is the handling unit's (reply/escalate: or its chain's, access.ts). */
function authorize(c: CaseRecord, type: CaseActionType, actor: Actor, ctx: CaseContext): Failure | null {
  if (actor.kind === 'system') return fail('FORBIDDEN');
  if (type === 'rate') return mayActAsReporter(c, actor) ? null : fail('NOT_REPORTER');
  if (actor.kind !== 'staff') return fail('NOT_STAFF');
  const access = caseAccess(actor.unitId, c, ctx.units);
  if (access === 'handling') return null;
  if ((type === 'reply' || type === 'escalate') && access === 'chain') return null;
  if (type === 'reply' && access === 'registered') return null; // 谁登记谁回复 (access.ts)
  return fail('OUT_OF_SCOPE', `${actor.unitId} on case of ${c.unitId}`);
}

/** Decides an action on a case at `now`: the patch to persist, one timeline entry and notices, or a refusal code. */
export function decide(c: CaseRecord, action: AnyCaseAction, actor: Actor, now: Date, ctx: CaseContext): Decision {
  const type = action && (action as { type?: unknown }).type;
  // Before any action's own rules: nobody acts on their own case, nor on one they cannot reach.
  const cadre = type === 'dispatch' ? (action as { staffOpenid?: unknown }).staffOpenid : undefined;
  const gated = staffGate(c, actor, ctx.units, typeof cadre === 'string' ? cadre : undefined);
  if (gated) return gated;
  if (isOneOf(WHISTLE_ACTIONS, type)) return decideWhistle(c, action as WhistleAction, actor, now, ctx);
  if (isOneOf(OVERSIGHT_ACTIONS, type)) return decideOversight(c, action as OversightAction, actor, now, ctx);
  if (isOneOf(RESIDENT_ACTIONS, type)) return decideResident(c, action as ResidentAction, actor, now, ctx);
  if (!isOneOf(CASE_ACTIONS, type)) return fail('UNKNOWN_ACTION', String(type));
  return decideCase(c, action as CaseAction, type, actor, now, ctx);
}

function decideCase(
  c: CaseRecord,
  action: CaseAction,
  type: CaseActionType,
  actor: Actor,
  now: Date,
  ctx: CaseContext
): Decision {
  const denied = authorize(c, type, actor, ctx);
  if (denied) return denied;
  const cell = TRANSITIONS[c.status][type];
  if (cell !== true) return fail(cell, `${c.status} → ${type}`);

  const hall = hallOf(c.unitId, ctx);
  const firstReplyAt = c.firstReplyAt ?? now;
  const done = (patch: Partial<CaseRecord>, line: string, notify: Notice[], data?: TimelineEntry['data']): Decision =>
    decided(c, type, actor, now, patch, line, notify, data);

  switch (action.type) {
    case 'accept': {
      const d = computeDeadlines({ category: c.category, level: c.level, at: now }, ctx.deadlineRules, ctx.calendar);
      const msg = cleanText(action.message);
      return done(
        { status: 'accepted', acceptedAt: now, resolveDueAt: d.resolveDueAt, firstReplyAt, lastReplyAt: now },
        `${hall}已受理您的诉求${msg ? `：${msg}` : ''}`,
        [{ to: 'reporter', event: 'accepted' }]
      );
    }
    case 'reply': {
      const msg = cleanText(action.text);
      if (!msg) return fail('FIELD_REQUIRED', 'text');
      const by = actor.kind === 'staff' ? hallOf(actor.unitId, ctx) : hall;
      return done({ firstReplyAt, lastReplyAt: now }, `${by}回复：${msg}`, [{ to: 'reporter', event: 'replied' }]);
    }
    case 'transfer': {
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      const t = checkTransfer(c.unitId, action.toUnitId, ctx.units);
      if (!t.ok) return t;
      return done(
        { ...arrivalPatch(c, t.to, now, ctx), firstReplyAt, lastReplyAt: now },
        `由${hall}转交${hallName(t.to)}办理，原因：${reason}`,
        [
          { to: 'reporter', event: 'transferred' },
          { to: 'unit', unitId: t.to.id, event: 'assigned' }
        ],
        { fromUnitId: c.unitId, toUnitId: t.to.id }
      );
    }
    case 'escalate': {
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      // The handling unit reports up one level; an ancestor pulls the case up to itself (提级).
      const actorUnit = actor.kind === 'staff' ? actor.unitId : c.unitId;
      const own = actorUnit === c.unitId;
      const target = own ? escalationTarget(c.unitId, ctx.units) : getUnit(actorUnit, ctx.units);
      if (!target) return fail('CANNOT_ESCALATE', c.unitId);
      const line = own
        ? `由${hall}上报${hallName(target)}办理，原因：${reason}`
        : `${hallName(target)}提级办理，原因：${reason}`;
      return done(
        { ...arrivalPatch(c, target, now, ctx), firstReplyAt, lastReplyAt: now },
        line,
        [
          { to: 'reporter', event: 'escalated' },
          { to: 'unit', unitId: target.id, event: 'assigned' }
        ],
        { fromUnitId: c.unitId, toUnitId: target.id }
      );
    }
    case 'resolve': {
      const summary = cleanText(action.summary);
      if (!summary) return fail('FIELD_REQUIRED', 'summary');
      // A whistled department still owes its result: the town coordinates the whole handling.
      const pending = pendingWhistles(c);
      if (pending.length) return fail('WHISTLES_PENDING', pending.map((w) => w.departmentId).join(','));
      return done(
        {
          status: 'resolved',
          resolvedAt: now,
          firstReplyAt,
          lastReplyAt: now,
          rating: null,
          ratedAt: null,
          ratedBy: null
        },
        `${hall}已办结：${summary}`,
        [{ to: 'reporter', event: 'resolved' }]
      );
    }
    case 'reject': {
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      return done(
        { status: 'rejected', closedAt: now, firstReplyAt, lastReplyAt: now },
        `${hall}不予受理，原因：${reason}`,
        [{ to: 'reporter', event: 'rejected' }]
      );
    }
    case 'rate':
    case 'followUp': {
      if (!isOneOf(SATISFACTIONS, action.satisfaction)) return fail('FIELD_INVALID', 'satisfaction');
      const visit = action.type === 'followUp';
      const note = cleanText(visit ? action.note : action.comment);
      if (visit && !note) return fail('FIELD_REQUIRED', 'note');
      if (visit && !ratesByCall(c) && c.resolvedAt && now.getTime() < c.resolvedAt.getTime() + RATING_WINDOW_MS) {
        return fail('FOLLOW_UP_TOO_EARLY');
      }
      const r = applyRating(c, action.satisfaction, visit ? 'followUp' : 'resident', note, now, ctx);
      // Staff of the handling unit's chain rating it as the reporter: kept and shown, not counted in assessment (kpiContributions.ts).
      const raterUnit = action.type === 'rate' ? action.raterUnitId : null;
      if (raterUnit && inHandlingChain(raterUnit, c, ctx.units)) {
        return done(r.patch, `${r.text}（评价人为本单位或上级单位工作人员，不计入考核）`, r.notify, {
          satisfaction: action.satisfaction,
          ratingCounted: false
        });
      }
      return done(r.patch, r.text, r.notify, { satisfaction: action.satisfaction });
    }
  }
}
