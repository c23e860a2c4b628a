// THE access rule (domain/access.ts) on each kind of access, and what it lets each unit do.
import {
  accessIndex,
  caseAccess,
  checkWhistler,
  isOwnCase,
  mayReadCase,
  mayWithdrawWhistle,
  seesHandling,
  seesHiddenPhotos,
  seesPhone,
  staffGate,
  whistleOwner
} from '../../domain/access';
import { openCase, type Actor, type CaseRecord } from '../../domain/case';
import { decide, type AnyCaseAction } from '../../domain/caseState';
import { staffActions } from '../../domain/staffActions';
import {
  BAQIAO,
  ctx,
  DEPT_JUSTICE,
  DISTRICT,
  GANGHUA,
  PINGAN,
  routingRules,
  sh,
  units,
  XINSHANCUN,
  YUEJINCUN,
  YUEXIN
} from './fixtures';

const staff = (unitId: string, staffId = `staff-${unitId}`): Actor => ({ kind: 'staff', staffId, unitId });
const t0 = sh('2026-11-16 09:00'); // a Monday

function opened(category = 'neighbor', reporterId = 'r1'): CaseRecord {
  const o = openCase({ category, communityId: PINGAN, reporterId, at: t0 }, routingRules, ctx);
  if (!o.ok) throw new Error(o.code);
  return o.record;
}

function apply(c: CaseRecord, action: AnyCaseAction, actor: Actor, at = t0): CaseRecord {
  const d = decide(c, action, actor, at, ctx);
  if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
  return { ...c, ...d.patch };
}

const access = (c: CaseRecord, unitId: string) => caseAccess(unitId, c, units);

describe('caseAccess: each kind', () => {
  const c = opened(); // at 平安社区

  test.each([
    [PINGAN, 'handling'],
    [XINSHANCUN, 'chain'],
    [DISTRICT, 'chain'],
    [GANGHUA, null], // another community of the same town
    [YUEJINCUN, null], // another town
    [DEPT_JUSTICE, null], // a department never whistled
    ['no-such-unit', null]
  ])('%s → %s', (unitId, expected) => {
    expect(access(c, unitId)).toBe(expected);
  });

  test('whistled: a department while its whistle is in force, none once withdrawn, again when whistled again', () => {
    let x = apply(
      opened('labor'),
      { type: 'whistle', departmentIds: [DEPT_JUSTICE], reason: '欠薪' },
      staff(XINSHANCUN)
    );
    expect(access(x, DEPT_JUSTICE)).toBe('whistled');
    x = apply(x, { type: 'withdrawWhistle', departmentId: DEPT_JUSTICE, reason: '误选' }, staff(XINSHANCUN));
    expect(access(x, DEPT_JUSTICE)).toBeNull();
    x = apply(x, { type: 'whistle', departmentIds: [DEPT_JUSTICE], reason: '重新吹哨' }, staff(XINSHANCUN));
    expect(access(x, DEPT_JUSTICE)).toBe('whistled');
  });

  test('a whistle opens a case to departments only: a unit named in whistledTo gains nothing', () => {
    expect(access({ ...c, whistledTo: [GANGHUA] }, GANGHUA)).toBeNull();
  });

  test('supervisor: a unit holding an open 督办 item reads the case, and may do nothing on it', () => {
    const x = { ...c, supervisors: [BAQIAO] };
    expect(access(x, BAQIAO)).toBe('supervisor');
    expect(staffActions(x, staff(BAQIAO), t0, ctx)).toEqual([]);
    expect(access(x, DISTRICT)).toBe('chain'); // chain first
  });

  test('dispatched: a cadre of the community where it happened, sent on site by the town, until the visit is recorded', () => {
    const cadre: Actor = { kind: 'staff', staffId: 'cadre-1', unitId: PINGAN };
    let x = apply(
      opened('labor'),
      { type: 'dispatch', staffOpenid: 'cadre-1', staffUnitId: PINGAN, visitBy: sh('2026-11-16 12:00') },
      staff(XINSHANCUN)
    );
    expect(caseAccess(PINGAN, x, units, 'cadre-1')).toBe('dispatched');
    expect(caseAccess(PINGAN, x, units, 'staff-other')).toBeNull(); // the person, not the unit
    x = apply(x, { type: 'onsiteCheckIn', dispatchId: 'd1', at: { latitude: 29.48, longitude: 106.48 } }, cadre);
    x = apply(x, { type: 'recordVisit', dispatchId: 'd1', note: '已到场' }, cadre);
    expect(caseAccess(PINGAN, x, units, 'cadre-1')).toBeNull();
    // Nobody else may be sent from outside the case's chain and its community.
    expect(
      decide(
        x,
        { type: 'dispatch', staffOpenid: 'c2', staffUnitId: GANGHUA, visitBy: sh('2026-11-16 12:00') },
        staff(XINSHANCUN),
        t0,
        ctx
      )
    ).toMatchObject({ ok: false, code: 'CADRE_OUT_OF_SCOPE' });
  });

  test('the community where it happened does not reach a case the town handles', () => {
    const x = opened('labor');
    expect(x.unitId).toBe(XINSHANCUN);
    expect(access(x, PINGAN)).toBeNull();
  });

  test('access follows the job: after a transfer the former unit and its town lose it, the new chain gains it', () => {
    const x = apply(opened(), { type: 'transfer', toUnitId: YUEXIN, reason: '事发地在跃新社区' }, staff(PINGAN));
    expect([PINGAN, XINSHANCUN, YUEXIN, YUEJINCUN, DISTRICT].map((id) => access(x, id))).toEqual([
      null,
      null,
      'handling',
      'chain',
      'chain'
    ]);
    expect(x.scopeIds).toEqual([YUEXIN, YUEJINCUN, DISTRICT]);
  });

  test('after escalation the community no longer reaches the town’s case', () => {
    const x = apply(opened(), { type: 'escalate', reason: '需街道协调' }, staff(PINGAN));
    expect([PINGAN, XINSHANCUN, DISTRICT].map((id) => access(x, id))).toEqual([null, 'handling', 'chain']);
  });
});

describe('accessIndex: the queue indexes from the same rule', () => {
  test('scopeIds is the holder’s path; whistledTo the departments with a whistle in force', () => {
    let x = apply(
      opened('labor'),
      { type: 'whistle', departmentIds: [DEPT_JUSTICE, 'dept-police'], reason: '欠薪' },
      staff(XINSHANCUN)
    );
    expect(accessIndex(x, units)).toEqual({
      scopeIds: [XINSHANCUN, DISTRICT],
      whistledTo: [DEPT_JUSTICE, 'dept-police']
    });
    x = apply(x, { type: 'withdrawWhistle', departmentId: DEPT_JUSTICE, reason: '误选' }, staff(XINSHANCUN));
    expect(x.whistledTo).toEqual(['dept-police']);
    expect(accessIndex(x, units).whistledTo).toEqual(['dept-police']);
  });
});

describe('nobody judges their own work', () => {
  const own = opened('neighbor', 'staff-pingan-2'); // filed by a PINGAN staff member as a resident
  const filer = staff(PINGAN, 'staff-pingan-2');

  test('isOwnCase: the filer, as staff or as a resident', () => {
    expect(isOwnCase(own, filer)).toBe(true);
    expect(isOwnCase(own, { kind: 'resident', openid: 'staff-pingan-2' })).toBe(true);
    expect(isOwnCase(own, staff(PINGAN))).toBe(false);
    expect(isOwnCase(own, { kind: 'system' })).toBe(false);
  });

  test('staffGate: own case first, then access', () => {
    expect(staffGate(own, filer, units)).toEqual({ ok: false, code: 'OWN_CASE' });
    expect(staffGate(own, staff(GANGHUA), units)).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' });
    expect(staffGate(own, staff(PINGAN), units)).toBeNull();
    expect(staffGate(own, staff(PINGAN), units, 'staff-pingan-2')).toEqual({ ok: false, code: 'OWN_CASE' }); // sending the filer on site
    expect(staffGate(own, { kind: 'resident', openid: 'staff-pingan-2' }, units)).toBeNull();
  });
});

describe('whistles', () => {
  test('checkWhistler: a town or the district in the handling chain; a community never; a former town never', () => {
    const atTown = opened('labor');
    expect(checkWhistler(XINSHANCUN, atTown, units)).toBeNull();
    expect(checkWhistler(DISTRICT, atTown, units)).toBeNull();
    expect(checkWhistler(XINSHANCUN, opened(), units)).toBeNull(); // its community's case
    expect(checkWhistler(PINGAN, opened(), units)).toMatchObject({ code: 'WHISTLE_NOT_ALLOWED' });
    expect(checkWhistler(DEPT_JUSTICE, atTown, units)).toMatchObject({ code: 'WHISTLE_NOT_ALLOWED' });
    const moved = apply(
      atTown,
      { type: 'transfer', toUnitId: YUEJINCUN, reason: '事发地在跃进村街道' },
      staff(XINSHANCUN)
    );
    expect(checkWhistler(XINSHANCUN, moved, units)).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(checkWhistler(YUEJINCUN, moved, units)).toBeNull();
  });

  test('owner and withdrawal: the whistler’s chain while it handles the case, the handling chain once it does not', () => {
    const c = apply(
      opened(),
      { type: 'whistle', departmentIds: [DEPT_JUSTICE], reason: '需司法所' },
      staff(XINSHANCUN)
    );
    const w = c.whistles![0];
    expect(whistleOwner(c, w, units)).toBe(XINSHANCUN);
    expect([PINGAN, XINSHANCUN, DISTRICT, YUEJINCUN].map((id) => mayWithdrawWhistle(id, c, w, units))).toEqual([
      false,
      true,
      true,
      false
    ]);

    const moved = apply(c, { type: 'transfer', toUnitId: YUEXIN, reason: '事发地在跃新社区' }, staff(PINGAN));
    expect(whistleOwner(moved, w, units)).toBe(YUEXIN);
    expect([XINSHANCUN, YUEXIN, YUEJINCUN, DISTRICT].map((id) => mayWithdrawWhistle(id, moved, w, units))).toEqual([
      false,
      true,
      true,
      true
    ]);
  });
});

describe('the phone', () => {
  const c = { ...opened(), anonymous: false };
  test('in clear for the reporter and the handling unit; masked for the chain', () => {
    expect(seesPhone(c, { kind: 'resident', openid: 'r1' })).toBe(true);
    expect(seesPhone(c, staff(PINGAN))).toBe(true);
    expect(seesPhone(c, staff(XINSHANCUN))).toBe(false);
    expect(seesPhone(c, { kind: 'resident', openid: 'r2' })).toBe(false);
  });
  test('anonymous: in clear for the reporter only', () => {
    const a = { ...c, anonymous: true };
    expect(seesPhone(a, { kind: 'resident', openid: 'r1' })).toBe(true);
    expect(seesPhone(a, staff(PINGAN))).toBe(false);
    expect(seesPhone(a, staff(DISTRICT))).toBe(false);
  });
});

describe('reading a case (what server/caseViews.ts builds views for)', () => {
  const c = opened();
  const admin = { kind: 'admin', openid: 'admin-1' } as const;
  const resident = (openid: string) => ({ kind: 'resident', openid }) as const;

  test('the reporter, an admin, and staff the case reaches read it; nobody else', () => {
    expect(mayReadCase(c, resident('r1'), units)).toBe(true);
    expect(mayReadCase(c, admin, units)).toBe(true);
    expect([PINGAN, XINSHANCUN, DISTRICT].map((u) => mayReadCase(c, staff(u), units))).toEqual([true, true, true]);
    expect(mayReadCase(c, resident('r2'), units)).toBe(false);
    expect([GANGHUA, YUEJINCUN, DEPT_JUSTICE].map((u) => mayReadCase(c, staff(u), units))).toEqual([
      false,
      false,
      false
    ]);
    // Staff who filed it as residents read it too, whatever their unit.
    expect(mayReadCase({ ...c, reporterId: 'staff-x' }, staff(GANGHUA, 'staff-x'), units)).toBe(true);
  });

  test('a resident who follows the case reads it; following reaches no staff beyond their unit', () => {
    const followed = { ...c, followerIds: ['r2'] };
    expect(mayReadCase(followed, resident('r2'), units)).toBe(true);
    expect(mayReadCase(followed, resident('r3'), units)).toBe(false);
    expect(mayReadCase({ ...c, followerIds: ['staff-y'] }, staff(GANGHUA, 'staff-y'), units)).toBe(false);
  });

  test('how it is handled is for staff and admins; residents read the timeline', () => {
    expect(seesHandling(staff(XINSHANCUN))).toBe(true);
    expect(seesHandling(admin)).toBe(true);
    expect(seesHandling(resident('r1'))).toBe(false);
  });

  test('photos the media check reported risky: the handling unit only', () => {
    expect(seesHiddenPhotos(c, staff(PINGAN))).toBe(true);
    expect(seesHiddenPhotos(c, staff(XINSHANCUN))).toBe(false);
    expect(seesHiddenPhotos(c, admin)).toBe(false);
    expect(seesHiddenPhotos(c, resident('r1'))).toBe(false);
  });

  test('an admin sees the phone masked, unless they filed the case', () => {
    const p = { ...c, anonymous: false };
    expect(seesPhone(p, admin)).toBe(false);
    expect(seesPhone({ ...p, reporterId: 'admin-1' }, admin)).toBe(true);
  });
});
