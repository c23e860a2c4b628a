// Two people for delays (oversight.ts), on fixed dates (2026-11-16 is a Monday; no holidays until
// 2027): whoever asks for an extension never grants it, extensions are capped per case, and pauses
// stop the clock for a capped working time unless the unit above approves.
import { openCase, type Actor, type CaseContext, type CaseRecord } from '../../domain/case';
import { decide, type AnyCaseAction } from '../../domain/caseState';
import { DEFAULT_OVERSIGHT_LIMITS, grantedExtensionDays } from '../../domain/delays';
import {
  clockItems,
  DEFAULT_SUPERVISION_RULES,
  deriveClock,
  supervisionRules,
  sweepCase
} from '../../domain/supervision';
import { DAY_MS } from '../../domain/time';
import { ctx, DISTRICT, eod, PINGAN, routingRules, sh, XINSHANCUN } from './fixtures';

const staff = (unitId: string, n = 1): Actor => ({
  kind: 'staff',
  staffId: `staff-${unitId}${n > 1 ? `-${n}` : ''}`,
  unitId
});
const rules = DEFAULT_SUPERVISION_RULES;
const t0 = sh('2026-11-16 09:00');

function opened(major = false): CaseRecord {
  const o = openCase({ category: 'neighbor', communityId: PINGAN, reporterId: 'r1', major, at: t0 }, routingRules, ctx);
  if (!o.ok) throw new Error(o.code);
  return o.record;
}

function apply(c: CaseRecord, action: AnyCaseAction, actor: Actor, now: Date, context: CaseContext = ctx): CaseRecord {
  const d = decide(c, action, actor, now, context);
  if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
  return { ...c, ...d.patch };
}

const code = (c: CaseRecord, action: AnyCaseAction, actor: Actor, now: Date, context: CaseContext = ctx) => {
  const d = decide(c, action, actor, now, context);
  return d.ok ? 'ok' : d.code;
};

/** A community case accepted at 09:30: resolve by the end of Monday 23 Nov. */
const accepted = () => apply(opened(), { type: 'accept' }, staff(PINGAN), sh('2026-11-16 09:30'));
/** A district case (major), accepted by the district's first staff member. */
const districtCase = () => apply(opened(true), { type: 'accept' }, staff(DISTRICT), sh('2026-11-16 09:30'));

describe('extensions: two people', () => {
  test('on a district case, whoever asked cannot decide; another district staff member does', () => {
    const c = apply(
      districtCase(),
      { type: 'requestExtension', days: 3, reason: '需鉴定' },
      staff(DISTRICT),
      sh('2026-11-16 10:00')
    );
    expect(c.extensions?.[0]).toMatchObject({ byUnitId: DISTRICT, byStaffId: `staff-${DISTRICT}`, status: 'pending' });
    expect(code(c, { type: 'decideExtension', grant: true }, staff(DISTRICT), sh('2026-11-16 11:00'))).toBe(
      'OWN_REQUEST'
    );
    expect(code(c, { type: 'decideExtension', grant: false }, staff(DISTRICT), sh('2026-11-16 11:00'))).toBe(
      'OWN_REQUEST'
    );
    const granted = apply(c, { type: 'decideExtension', grant: true }, staff(DISTRICT, 2), sh('2026-11-16 11:00'));
    expect(granted.extensions?.[0]).toMatchObject({ status: 'granted', decidedBy: `staff-${DISTRICT}-2` });
  });

  test('on a community case the town decides, the community never', () => {
    const c = apply(
      accepted(),
      { type: 'requestExtension', days: 3, reason: '需鉴定' },
      staff(PINGAN),
      sh('2026-11-16 10:00')
    );
    expect(code(c, { type: 'decideExtension', grant: true }, staff(PINGAN, 2), sh('2026-11-16 11:00'))).toBe(
      'NOT_SUPERVISOR'
    );
    expect(code(c, { type: 'decideExtension', grant: true }, staff(XINSHANCUN), sh('2026-11-16 11:00'))).toBe('ok');
  });

  test('granted days are capped per case (15 by default): a request that would pass the cap is refused', () => {
    expect(DEFAULT_OVERSIGHT_LIMITS.extensionCapWorkingDays).toBe(15);
    let c = accepted();
    for (const days of [10, 5]) {
      c = apply(c, { type: 'requestExtension', days, reason: '需鉴定' }, staff(PINGAN), sh('2026-11-16 10:00'));
      c = apply(c, { type: 'decideExtension', grant: true }, staff(XINSHANCUN), sh('2026-11-16 11:00'));
    }
    expect(grantedExtensionDays(c)).toBe(15);
    expect(c.resolveDueAt).toEqual(eod('2026-12-14')); // 23 Nov + 15 working days
    expect(code(c, { type: 'requestExtension', days: 1, reason: '再延' }, staff(PINGAN), sh('2026-11-16 12:00'))).toBe(
      'EXTENSION_CAP_REACHED'
    );
  });

  test('refused requests do not use the cap; the cap comes from the config (and binds the grant too)', () => {
    const tight: CaseContext = { ...ctx, oversight: { extensionCapWorkingDays: 3, pauseFreeWorkingDays: 5 } };
    let c = apply(
      accepted(),
      { type: 'requestExtension', days: 3, reason: '需鉴定' },
      staff(PINGAN),
      sh('2026-11-16 10:00'),
      tight
    );
    c = apply(c, { type: 'decideExtension', grant: false }, staff(XINSHANCUN), sh('2026-11-16 11:00'), tight);
    expect(
      code(c, { type: 'requestExtension', days: 4, reason: '需鉴定' }, staff(PINGAN), sh('2026-11-16 12:00'), tight)
    ).toBe('EXTENSION_CAP_REACHED');
    // Asked under the default cap, decided after an admin lowered it: the grant is refused, a refusal is not.
    c = apply(c, { type: 'requestExtension', days: 4, reason: '需鉴定' }, staff(PINGAN), sh('2026-11-16 12:00'));
    expect(code(c, { type: 'decideExtension', grant: true }, staff(XINSHANCUN), sh('2026-11-16 13:00'), tight)).toBe(
      'EXTENSION_CAP_REACHED'
    );
    expect(code(c, { type: 'decideExtension', grant: false }, staff(XINSHANCUN), sh('2026-11-16 13:00'), tight)).toBe(
      'ok'
    );
  });

  test('the cap and the pause allowance are read from the supervision config, defaults where unusable', () => {
    expect(supervisionRules({ extensionCapWorkingDays: 20, pauseFreeWorkingDays: 3 })).toMatchObject({
      extensionCapWorkingDays: 20,
      pauseFreeWorkingDays: 3
    });
    for (const bad of [-1, 1.5, '10', 1000, null]) {
      expect(supervisionRules({ extensionCapWorkingDays: bad, pauseFreeWorkingDays: bad })).toMatchObject({
        extensionCapWorkingDays: 15,
        pauseFreeWorkingDays: 5
      });
    }
  });
});

describe('pauses: at most 5 working days without the unit above', () => {
  // Paused Monday 16 Nov 10:00: without approval the clock runs again at Monday 23 Nov 10:00.
  const paused = () =>
    apply(accepted(), { type: 'pause', reason: '等待补充材料' }, staff(PINGAN), sh('2026-11-16 10:00'));
  const stored = (c: CaseRecord, now: Date) => ({ ...c, ...deriveClock(c, now, rules, ctx) });

  test('an unapproved pause ends when its allowance is used: the sweeper restarts the clock, deadlines pushed by 5 working days only', () => {
    const c = stored(paused(), sh('2026-11-16 10:00'));
    expect(c.pauseUntil).toEqual(sh('2026-11-23 10:00'));
    expect(c.sweepAt).toEqual(sh('2026-11-23 10:00'));
    expect(sweepCase(c, sh('2026-11-23 09:59'), rules, ctx)).toBeNull();
    // The sweeper comes late (two days after): still only the allowance counts.
    const out = sweepCase(c, sh('2026-11-25 10:00'), rules, ctx)!;
    expect(out.timeline.map((e) => e.action)).toEqual(['pauseLapsed']);
    const after = { ...c, ...out.patch };
    expect(after.pausedAt).toBeNull();
    expect(after.resolveDueAt).toEqual(eod('2026-11-30')); // 23 Nov + 5 working days
    expect(after.pauseUsedMs).toBe(5 * DAY_MS);
    // The clock runs again: its items are back, and the case is overdue on 1 Dec.
    expect(clockItems(after).map((i) => i.kind)).toContain('resolveReply');
  });

  test('resuming after 12 working days without approval pushes the deadlines back by 5', () => {
    const c = apply(paused(), { type: 'resume' }, staff(PINGAN), sh('2026-12-02 10:00'));
    expect(c.resolveDueAt).toEqual(eod('2026-11-30'));
    expect(c.pauseUsedMs).toBe(5 * DAY_MS);
  });

  test('the unit above approves: the clock stays stopped until resumed (12 working days), and the allowance is untouched', () => {
    const ok = apply(
      paused(),
      { type: 'decidePause', grant: true, note: '同意' },
      staff(XINSHANCUN),
      sh('2026-11-17 10:00')
    );
    expect(ok.pauseUntil).toBeNull();
    expect(stored(ok, sh('2026-11-17 10:00')).sweepAt).toBeNull();
    const c = apply(ok, { type: 'resume' }, staff(PINGAN), sh('2026-12-02 10:00'));
    expect(c.resolveDueAt).toEqual(eod('2026-12-09')); // 23 Nov + 12 working days
    expect(c.pauseUsedMs ?? 0).toBe(0);
    expect(code(ok, { type: 'decidePause', grant: true }, staff(XINSHANCUN, 2), sh('2026-11-17 11:00'))).toBe(
      'NO_PAUSE_PENDING'
    );
  });

  test('the unit above refuses: the clock runs again at once', () => {
    const c = apply(
      paused(),
      { type: 'decidePause', grant: false, note: '材料可后补' },
      staff(XINSHANCUN),
      sh('2026-11-17 10:00')
    );
    expect(c.pausedAt).toBeNull();
    expect(c.resolveDueAt).toEqual(eod('2026-11-24')); // one working day paused
  });

  test('only the unit above decides; on a district case another district staff member, never whoever paused', () => {
    expect(code(paused(), { type: 'decidePause', grant: true }, staff(PINGAN, 2), sh('2026-11-17 10:00'))).toBe(
      'NOT_SUPERVISOR'
    );
    expect(code(paused(), { type: 'decidePause', grant: true }, staff(DISTRICT), sh('2026-11-17 10:00'))).toBe(
      'NOT_SUPERVISOR'
    );
    const d = apply(districtCase(), { type: 'pause', reason: '等待鉴定材料' }, staff(DISTRICT), sh('2026-11-16 10:00'));
    expect(code(d, { type: 'decidePause', grant: true }, staff(DISTRICT), sh('2026-11-17 10:00'))).toBe('OWN_REQUEST');
    expect(
      apply(d, { type: 'decidePause', grant: true }, staff(DISTRICT, 2), sh('2026-11-17 10:00')).pauseUntil
    ).toBeNull();
    expect(code(accepted(), { type: 'decidePause', grant: true }, staff(XINSHANCUN), sh('2026-11-17 10:00'))).toBe(
      'NO_PAUSE_PENDING'
    );
  });

  test('once the allowance is used, a pause is a request: the clock runs until the unit above approves it', () => {
    const lapsed = apply(paused(), { type: 'resume' }, staff(PINGAN), sh('2026-12-02 10:00'));
    const asked = apply(lapsed, { type: 'pause', reason: '再次等待材料' }, staff(PINGAN), sh('2026-12-02 11:00'));
    expect(asked.pausedAt).toBeNull();
    expect(asked.pauseRequest).toMatchObject({ by: `staff-${PINGAN}`, reason: '再次等待材料' });
    expect(clockItems(asked).length).toBeGreaterThan(0);
    expect(code(asked, { type: 'pause', reason: 'x' }, staff(PINGAN), sh('2026-12-02 11:30'))).toBe('ALREADY_PAUSED');
    const approved = apply(asked, { type: 'decidePause', grant: true }, staff(XINSHANCUN), sh('2026-12-03 10:00'));
    expect(approved).toMatchObject({
      pausedAt: sh('2026-12-03 10:00'),
      pauseUntil: null,
      pauseRequest: null,
      pauseReason: '再次等待材料'
    });
    expect(clockItems(approved)).toEqual([]);
    // Or the handler withdraws it.
    expect(apply(asked, { type: 'resume' }, staff(PINGAN), sh('2026-12-02 12:00')).pauseRequest).toBeNull();
  });

  test('the allowance is per case, not per pause: a second pause stops the clock only for what is left', () => {
    const first = apply(paused(), { type: 'resume' }, staff(PINGAN), sh('2026-11-19 10:00')); // 3 working days used
    const second = apply(first, { type: 'pause', reason: '再次等待' }, staff(PINGAN), sh('2026-11-20 10:00'));
    expect(second.pauseUntil).toEqual(sh('2026-11-24 10:00')); // 2 working days left
  });
});
