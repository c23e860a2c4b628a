// 全程跟踪督办: what the deadline sweeper does to one case at `now`. Every watched item (a unit's
// reply duty, a whistle's check-in or result, an owed evaluation, an on-site visit) gets a reminder
// before it falls due, an overdue mark when it does, a 督办 item raised to the unit above its owner,
// and, by rule, the case goes up a level when its handler stays late. What was done is kept by item
// key (kind, owner, due time) on the case, so a second run sends nothing twice, and a new due time
// (extension, transfer, pause) makes a new item.
import { addWorkingDays } from './calendar';
import {
  actorRef,
  arrivalPatch,
  hallOf,
  type CaseContext,
  type CaseRecord,
  type ClockState,
  type Notice,
  type SupervisionItem,
  type TimelineEntry,
  type Whistle
} from './case';
import { listDuties } from './duties';
import { CLOCK_KINDS, LEVELS, type ClockKind, type Level } from './enums';
import { CLOCK_KIND_LABELS, hallName } from './labels';
import { DEFAULT_OVERSIGHT_LIMITS, NOT_PAUSED, resumePatch, supervisorOf, type OversightLimits } from './delays';
import { getUnit, scopePath, type Units } from './org';
import { escalationTarget } from './routing';
import { MINUTE_MS, SHANGHAI_OFFSET_MS } from './time';

/** Auto-escalation: a case at `level` whose handler is still late on `kinds` this many working days past due goes one level up. */
export interface EscalationRule {
  level: Level;
  afterWorkingDays: number;
  kinds: ClockKind[];
}

/** Admin-editable (config document 'supervision'); defaults below. The extension cap and pause allowance: oversight.ts. */
export interface SupervisionRules extends OversightLimits {
  remindBeforeMinutes: Record<ClockKind, number>;
  escalations: EscalationRule[];
}

/**
 * DEFAULTS of ours, not published Dadukou rules: remind 10 minutes before a whistle check-in,
 * an hour before a visit, a day before resolution and follow-up, 4 hours before the rest; a
 * community case unresolved 3 working days past due goes to its town, a town case after 5 to the district.
 */
export const DEFAULT_SUPERVISION_RULES: SupervisionRules = {
  remindBeforeMinutes: {
    firstResponse: 240,
    acceptReply: 240,
    resolveReply: 1440,
    followUp: 1440,
    whistleCheckIn: 10,
    whistleResult: 240,
    evaluate: 240,
    evaluateWhistle: 240,
    visit: 60
  },
  escalations: [
    { level: 'community', afterWorkingDays: 3, kinds: ['acceptReply', 'resolveReply'] },
    { level: 'town', afterWorkingDays: 5, kinds: ['acceptReply', 'resolveReply'] }
  ],
  ...DEFAULT_OVERSIGHT_LIMITS
};

/** A whole number of working days within [0, max], else the default. */
const days = (v: unknown, max: number, dflt: number): number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max ? (v as number) : dflt;

/** Rules from a stored config merged over the defaults; unusable entries are dropped. */
export function supervisionRules(stored: unknown): SupervisionRules {
  const s = (stored ?? {}) as Partial<SupervisionRules>;
  const remind = { ...DEFAULT_SUPERVISION_RULES.remindBeforeMinutes };
  for (const k of CLOCK_KINDS) {
    const v = s.remindBeforeMinutes?.[k];
    if (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 7 * 1440) remind[k] = v as number;
  }
  const escalations = Array.isArray(s.escalations)
    ? s.escalations.filter(
        (r) =>
          r &&
          LEVELS.indexOf(r.level) >= 0 &&
          Number.isInteger(r.afterWorkingDays) &&
          r.afterWorkingDays >= 0 &&
          Array.isArray(r.kinds) &&
          r.kinds.every((k) => CLOCK_KINDS.indexOf(k) >= 0)
      )
    : DEFAULT_SUPERVISION_RULES.escalations;
  return {
    remindBeforeMinutes: remind,
    escalations,
    extensionCapWorkingDays: days(s.extensionCapWorkingDays, 250, DEFAULT_OVERSIGHT_LIMITS.extensionCapWorkingDays),
    pauseFreeWorkingDays: days(s.pauseFreeWorkingDays, 250, DEFAULT_OVERSIGHT_LIMITS.pauseFreeWorkingDays)
  };
}

/** When an unapproved pause ends by itself (its allowance used), or null. */
function pauseLapsesAt(c: Pick<CaseRecord, 'pausedAt' | 'pauseUntil'>): Date | null {
  return c.pausedAt && c.pauseUntil ? new Date(c.pauseUntil) : null;
}

/** One watched item: its owner must act by dueAt. */
export interface ClockItem {
  key: string;
  kind: ClockKind;
  unitId: string; // owner
  dueAt: Date;
  ref: string | null; // department or dispatch it is about
  openid?: string; // a dispatched cadre: reminded personally
}

const FAR_FUTURE = new Date(8.64e15);

/** The open items of a case; none while it is paused (挂起). */
export function clockItems(c: CaseRecord): ClockItem[] {
  if (c.pausedAt) return [];
  const open = c.status !== 'closed' && c.status !== 'rejected';
  const out: ClockItem[] = [];
  // FAR_FUTURE: every duty that can fall due, whatever the time (the follow-up visit included).
  for (const d of listDuties(c, FAR_FUTURE)) {
    if (d.owner === 'unit' && d.unitId && d.doneAt === null && d.kind !== 'rate')
      out.push(clockItem(d.kind, d.unitId, d.dueAt, null));
  }
  out.push(...whistleClockItems(c));
  for (const d of c.dispatches ?? [])
    if (open && !d.visit) out.push(clockItem('visit', d.unitId, d.visitBy, d.id, d.staffOpenid));
  return out;
}

function clockItem(kind: ClockKind, unitId: string, dueAt: Date, ref: string | null, openid?: string): ClockItem {
  const item: ClockItem = {
    key: `${kind}:${unitId}:${ref ?? '-'}:${new Date(dueAt).getTime()}`,
    kind,
    unitId,
    dueAt: new Date(dueAt),
    ref
  };
  if (openid) item.openid = openid;
  return item;
}

/** The whistles' part of clockItems: check-ins and results owed while open, then both evaluations. */
function whistleClockItems(c: Pick<CaseRecord, 'status' | 'pausedAt' | 'whistles'>): ClockItem[] {
  if (c.pausedAt) return [];
  const open = c.status !== 'closed' && c.status !== 'rejected';
  const out: ClockItem[] = [];
  for (const w of c.whistles ?? []) {
    if (w.withdrawnAt) continue;
    if (open && !w.checkedInAt) out.push(clockItem('whistleCheckIn', w.departmentId, w.checkInDueAt, w.departmentId));
    else if (open && !w.reportedAt) out.push(clockItem('whistleResult', w.departmentId, w.resultDueAt, w.departmentId));
    if (w.reportedAt && w.evaluateDueAt) {
      if (!w.evaluation) out.push(clockItem('evaluate', w.byUnitId, w.evaluateDueAt, w.departmentId));
      if (!w.whistleEvaluation) out.push(clockItem('evaluateWhistle', w.departmentId, w.evaluateDueAt, w.departmentId));
    }
  }
  return out;
}

/** Which of a whistle's duties are overdue now: the items the sweeper watches (none while paused or withdrawn, or once closed). */
export function whistleOverdue(
  c: Pick<CaseRecord, 'status' | 'pausedAt' | 'whistles'>,
  w: Whistle,
  now: Date
): { checkIn: boolean; result: boolean; evaluation: boolean; whistleEvaluation: boolean } {
  const late = new Set(
    w.withdrawnAt
      ? []
      : whistleClockItems(c)
          .filter((i) => i.ref === w.departmentId && i.dueAt.getTime() < now.getTime())
          .map((i) => i.kind)
  );
  return {
    checkIn: late.has('whistleCheckIn'),
    result: late.has('whistleResult'),
    evaluation: late.has('evaluate'),
    whistleEvaluation: late.has('evaluateWhistle')
  };
}

/** The rule that escalates this case's handler for an item, if any applies. */
function escalationRuleFor(c: CaseRecord, item: ClockItem, rules: SupervisionRules): EscalationRule | undefined {
  if (item.unitId !== c.unitId) return undefined;
  return rules.escalations.find((r) => r.level === c.level && r.kinds.indexOf(item.kind) >= 0);
}

/** When an overdue item escalates the case, or null when no rule (or no unit above) applies. */
function escalatesAt(c: CaseRecord, item: ClockItem, rules: SupervisionRules, ctx: CaseContext): Date | null {
  const rule = escalationRuleFor(c, item, rules);
  if (!rule || !escalationTarget(c.unitId, ctx.units)) return null;
  return addWorkingDays(item.dueAt, rule.afterWorkingDays, ctx.calendar);
}

/** The next instant the sweeper has something to do on this case, or null: what the `sweep` index holds. */
export function nextSweepAt(c: CaseRecord, rules: SupervisionRules, ctx: CaseContext): Date | null {
  const clock = c.clock ?? { reminded: [], overdue: [] };
  let best: number | null = null;
  const consider = (t: number) => (best = best === null || t < best ? t : best);
  const lapse = pauseLapsesAt(c);
  if (lapse) consider(lapse.getTime());
  for (const item of clockItems(c)) {
    const due = item.dueAt.getTime();
    if (clock.overdue.indexOf(item.key) >= 0) {
      const at = escalatesAt(c, item, rules, ctx);
      if (at) consider(at.getTime());
      continue;
    }
    const lead = rules.remindBeforeMinutes[item.kind] * MINUTE_MS;
    consider(lead > 0 && clock.reminded.indexOf(item.key) < 0 ? due - lead : due);
  }
  return best === null ? null : new Date(best);
}

/** The top of the organisation (the district), which sees every 督办 item. */
function rootOf(unitId: string, units: Units): string {
  return getUnit(unitId, units) ? scopePath(unitId, units).slice(-1)[0] : unitId;
}

export interface ClockFields {
  clock: ClockState;
  supervision: SupervisionItem[];
  supervisors: string[];
  sweepAt: Date | null;
}

/**
 * The fields derived after any change: 督办 items whose item is done (or re-timed) close, the
 * sweeper's memory keeps only open items, and the 督办 list index names the supervising units and the district.
 */
export function deriveClock(c: CaseRecord, now: Date, rules: SupervisionRules, ctx: CaseContext): ClockFields {
  const keys = new Set(clockItems(c).map((i) => i.key));
  const old = c.clock ?? { reminded: [], overdue: [] };
  const clock = { reminded: old.reminded.filter((k) => keys.has(k)), overdue: old.overdue.filter((k) => keys.has(k)) };
  const supervision = (c.supervision ?? []).map((s) =>
    s.closedAt === null && !keys.has(s.key) ? { ...s, closedAt: now } : s
  );
  const supervisors: string[] = [];
  for (const s of supervision) {
    if (s.closedAt !== null) continue;
    for (const id of [s.supervisorId, rootOf(s.supervisorId, ctx.units)])
      if (supervisors.indexOf(id) < 0) supervisors.push(id);
  }
  return { clock, supervision, supervisors, sweepAt: nextSweepAt({ ...c, clock }, rules, ctx) };
}

export interface SweepOutcome {
  patch: Partial<CaseRecord>;
  timeline: TimelineEntry[];
  notify: Notice[];
}

const hhmm = (d: Date): string =>
  new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ');

/** What the sweeper does to a case at `now`: reminders, overdue marks, 督办 items, auto-escalation; null when nothing is due. */
export function sweepCase(c: CaseRecord, now: Date, rules: SupervisionRules, ctx: CaseContext): SweepOutcome | null {
  const reminded = [...(c.clock?.reminded ?? [])];
  const overdue = [...(c.clock?.overdue ?? [])];
  const supervision = [...(c.supervision ?? [])];
  const timeline: TimelineEntry[] = [];
  const notify: Notice[] = [];
  const t = now.getTime();
  const entry = (
    action: TimelineEntry['action'],
    text: string,
    after: Pick<CaseRecord, 'unitId' | 'status' | 'round'>,
    data?: TimelineEntry['data']
  ): TimelineEntry => {
    const e: TimelineEntry = {
      at: now,
      action,
      actor: actorRef({ kind: 'system' }),
      unitId: after.unitId,
      status: after.status,
      round: after.round,
      text
    };
    if (data) e.data = data;
    return e;
  };
  const tell = (item: ClockItem, event: Notice['event'], note: string) => {
    notify.push(
      item.openid ? { to: 'staff', openid: item.openid, event, note } : { to: 'unit', unitId: item.unitId, event, note }
    );
  };

  // An unapproved pause that used up its allowance ends: the clock runs again (oversight.ts).
  const lapse = pauseLapsesAt(c);
  if (lapse && t >= lapse.getTime()) {
    const patch = { ...resumePatch(c, now, ctx.calendar), version: c.version + 1 };
    const sup = hallOf(supervisorOf(c.unitId, ctx.units), ctx);
    return {
      patch,
      timeline: [
        entry(
          'pauseLapsed',
          `${hallOf(c.unitId, ctx)}挂起未经${sup}批准，已达可挂起时长，恢复计时，办理时限相应顺延`,
          c
        )
      ],
      notify: [{ to: 'unit', unitId: c.unitId, event: 'extension', note: '挂起未获批准，已恢复计时' }]
    };
  }

  const items = clockItems(c);
  for (const item of items) {
    const due = item.dueAt.getTime();
    const label = CLOCK_KIND_LABELS[item.kind];
    const owner = hallOf(item.unitId, ctx);
    if (t >= due) {
      if (overdue.indexOf(item.key) >= 0) continue;
      overdue.push(item.key);
      const sup = supervisorOf(item.unitId, ctx.units);
      if (!supervision.some((s) => s.key === item.key && s.closedAt === null)) {
        supervision.push({
          key: item.key,
          kind: item.kind,
          ownerUnitId: item.unitId,
          supervisorId: sup,
          dueAt: item.dueAt,
          raisedAt: now,
          closedAt: null
        });
      }
      timeline.push(
        entry('overdue', `${owner}「${label}」已超期（时限${hhmm(item.dueAt)}），已提请${hallOf(sup, ctx)}督办`, c, {
          kind: item.kind,
          ownerUnitId: item.unitId
        })
      );
      tell(item, 'overdue', `${label}已超期，请尽快办理`);
      notify.push({
        to: 'unit',
        unitId: sup,
        event: 'supervised',
        note: `督办：${getUnit(item.unitId, ctx.units)?.name ?? ''}${label}超期`
      });
    } else if (t >= due - rules.remindBeforeMinutes[item.kind] * MINUTE_MS && reminded.indexOf(item.key) < 0) {
      reminded.push(item.key);
      tell(item, 'reminder', `${label}将于${hhmm(item.dueAt)}到期`);
    }
  }

  let patch: Partial<CaseRecord> = {};
  for (const item of items) {
    if (overdue.indexOf(item.key) < 0) continue;
    const at = escalatesAt(c, item, rules, ctx);
    const target = at && t >= at.getTime() ? escalationTarget(c.unitId, ctx.units) : null;
    if (!target) continue;
    // The unit it leaves stayed late: an on-time miss it keeps (kpiContributions.ts), whoever resolves the case after.
    const lateEscalations = [...(c.lateEscalations ?? []), { unitId: c.unitId, at: now }];
    patch = { ...arrivalPatch(c, target, now, ctx), supervised: true, ...NOT_PAUSED, lateEscalations };
    const after = { ...c, ...patch };
    timeline.push(
      entry(
        'autoEscalate',
        `${hallOf(c.unitId, ctx)}「${CLOCK_KIND_LABELS[item.kind]}」超期未办，按规则自动上报${hallName(target)}办理`,
        after,
        {
          fromUnitId: c.unitId,
          toUnitId: target.id
        }
      )
    );
    notify.push({ to: 'reporter', event: 'escalated' }, { to: 'unit', unitId: target.id, event: 'assigned' });
    break;
  }

  if (timeline.length === 0 && notify.length === 0) return null;
  return { patch: { ...patch, clock: { reminded, overdue }, supervision, version: c.version + 1 }, timeline, notify };
}
