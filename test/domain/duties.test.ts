import { openCase, type CaseRecord } from '../../domain/case';
import { listDuties, nextDueAt, overdueFlags } from '../../domain/duties';
import { ctx, eod, PINGAN, routingRules, sh, YUEXIN } from './fixtures';

function filed(): CaseRecord {
  const o = openCase(
    { category: 'neighbor', communityId: PINGAN, reporterId: 'u1', at: sh('2026-03-09 10:00') },
    routingRules,
    ctx
  );
  if (!o.ok) throw new Error(o.code);
  return o.record; // first response and acceptance due end of 03-10, resolution end of 03-16
}
const accepted = (): CaseRecord => ({
  ...filed(),
  status: 'accepted',
  acceptedAt: sh('2026-03-09 11:00'),
  firstReplyAt: sh('2026-03-09 11:00'),
  resolveDueAt: eod('2026-03-16')
});
const resolved = (): CaseRecord => ({ ...accepted(), status: 'resolved', resolvedAt: sh('2026-03-10 10:00') });
const kinds = (c: CaseRecord, now: Date) => listDuties(c, now).map((d) => d.kind);

describe('listDuties', () => {
  it('a new case owes a first response (registering unit) and acceptance (handling unit)', () => {
    expect(listDuties(filed(), sh('2026-03-10 12:00'))).toEqual([
      {
        kind: 'firstResponse',
        owner: 'unit',
        unitId: PINGAN,
        dueAt: eod('2026-03-10'),
        doneAt: null,
        overdue: false,
        late: false
      },
      {
        kind: 'acceptReply',
        owner: 'unit',
        unitId: PINGAN,
        dueAt: eod('2026-03-10'),
        doneAt: null,
        overdue: false,
        late: false
      }
    ]);
  });

  it('marks open duties overdue one millisecond after 24:00', () => {
    expect(overdueFlags(filed(), eod('2026-03-10'))).toMatchObject({ any: false });
    expect(overdueFlags(filed(), sh('2026-03-11 00:00'))).toEqual({
      firstResponse: true,
      accept: true,
      resolve: false,
      followUp: false,
      any: true
    });
  });

  it('tells late from overdue', () => {
    const c = {
      ...filed(),
      status: 'accepted' as const,
      acceptedAt: sh('2026-03-11 09:00'),
      firstReplyAt: sh('2026-03-11 09:00')
    };
    const [first, accept] = listDuties(c, sh('2026-03-11 10:00'));
    expect(first).toMatchObject({ doneAt: sh('2026-03-11 09:00'), late: true, overdue: false });
    expect(accept).toMatchObject({ late: true, overdue: false });
    expect(overdueFlags(c, sh('2026-03-11 10:00')).any).toBe(false);
  });

  it('an accepted case owes its resolution', () => {
    expect(kinds(accepted(), sh('2026-03-12 10:00'))).toEqual(['firstResponse', 'acceptReply', 'resolveReply']);
    expect(overdueFlags(accepted(), sh('2026-03-17 00:00'))).toMatchObject({ resolve: true, any: true });
  });

  it('a resolved case waits 7 days for the resident, then owes a visit', () => {
    const c = resolved();
    expect(kinds(c, sh('2026-03-12 10:00'))).toEqual(['firstResponse', 'acceptReply', 'resolveReply', 'rate']);
    const later = listDuties(c, sh('2026-03-18 10:00'));
    expect(later[3]).toMatchObject({
      kind: 'rate',
      owner: 'reporter',
      unitId: null,
      dueAt: sh('2026-03-17 10:00'),
      overdue: true
    });
    expect(later[4]).toMatchObject({ kind: 'followUp', unitId: PINGAN, dueAt: sh('2026-03-20 10:00'), overdue: false });
    expect(overdueFlags(c, sh('2026-03-18 10:00')).any).toBe(false); // the resident's rating is no unit's fault
    expect(overdueFlags(c, sh('2026-03-21 10:00'))).toMatchObject({ followUp: true, any: true });
  });

  it('records who closed the case', () => {
    const byResident = {
      ...resolved(),
      status: 'closed' as const,
      rating: 'satisfied' as const,
      ratedBy: 'resident' as const,
      ratedAt: sh('2026-03-11 10:00')
    };
    expect(listDuties(byResident, sh('2026-04-01')).map((d) => d.doneAt !== null)).toEqual([true, true, true, true]);
    const byVisit = {
      ...resolved(),
      status: 'closed' as const,
      rating: 'basic' as const,
      ratedBy: 'followUp' as const,
      ratedAt: sh('2026-03-18 10:00')
    };
    const duties = listDuties(byVisit, sh('2026-04-01'));
    expect(duties.map((d) => d.kind)).toEqual(['firstResponse', 'acceptReply', 'resolveReply', 'rate', 'followUp']);
    expect(duties[3]).toMatchObject({ doneAt: null, overdue: true });
    expect(duties[4]).toMatchObject({ doneAt: sh('2026-03-18 10:00'), overdue: false, late: false });
  });

  it('a rejected case only owed the first response', () => {
    const c = {
      ...filed(),
      status: 'rejected' as const,
      firstReplyAt: sh('2026-03-09 12:00'),
      closedAt: sh('2026-03-09 12:00')
    };
    expect(kinds(c, sh('2026-04-01'))).toEqual(['firstResponse']);
    expect(overdueFlags(c, sh('2026-04-01')).any).toBe(false);
  });

  it('after a transfer the registering unit still owes the first response', () => {
    const c = { ...filed(), unitId: YUEXIN, responseDueAt: eod('2026-03-11') };
    const [first, accept] = listDuties(c, sh('2026-03-11 10:00'));
    expect(first).toMatchObject({ unitId: PINGAN, overdue: true });
    expect(accept).toMatchObject({ unitId: YUEXIN, overdue: false });
  });
});

describe('nextDueAt', () => {
  it('is the earliest open unit duty', () => {
    expect(nextDueAt(filed(), sh('2026-03-09 12:00'))).toEqual(eod('2026-03-10'));
    expect(nextDueAt(accepted(), sh('2026-03-09 12:00'))).toEqual(eod('2026-03-16'));
    expect(nextDueAt(resolved(), sh('2026-03-12 12:00'))).toBeNull();
  });
});
