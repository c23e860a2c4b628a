// 全程跟踪督办 with time travel: the local cloud's clock moves, the `deadlines` timer trigger fires,
// and reminders, overdue marks, 督办 items and auto-escalation come at the right times, once.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import { addWorkingDays, addWorkingMs, makeCalendar } from '../../domain/calendar';
import { rawFind } from '../support/rawDb';
import type { CaseDetail, Page, SubmitResponse, SupervisedCase, SweepReport } from '../../typings/cases';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
const MIN = 60_000;
const HOUR = 60 * MIN;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

async function clockNow(): Promise<number> {
  const res = await cloud.request('GET', '/__emulator/clock');
  return new Date((res.body as { now: string }).now).getTime();
}

/** Moves the local cloud's clock forward to `at` (never back). */
async function advanceTo(at: Date | number): Promise<void> {
  const delta = new Date(at).getTime() - (await clockNow());
  if (delta > 0) await cloud.advanceClock(delta);
}

async function sweep(): Promise<SweepReport> {
  const res = (await cloud.trigger('deadlines')) as { ok: boolean; result: SweepReport };
  expect(res.ok).toBe(true);
  return res.result;
}

/** Messages about one case (its code is in every message), by template. */
async function messages(code: string, templateId?: string) {
  return (await cloud.outbox()).filter(
    (m) => JSON.stringify(m.data).includes(code) && (!templateId || m.templateId === templateId)
  );
}

const detail = (caseId: string): Promise<CaseDetail> => actOk(cloud, staffOf(ORG.district), 'detail', { caseId });

// One case, one clock, in order: each step depends on the time the step before moved to, so the
// scenario is a single test.
test('a community case crosses its deadlines: a reminder, overdue marks and 督办 items, auto-escalation, then acting closes the items; each once', async () => {
  const filed = await submitOk(cloud, 'resident-1', { communityId: ORG.ganghua });
  const { caseId, code } = filed;
  const due = new Date(filed.responseDueAt);

  // Nothing is sent long before the deadline.
  await sweep();
  expect(await messages(code, 'TPL_CASE_DUE')).toHaveLength(0);

  // A reminder comes within 4 hours of the response deadline, once.
  await advanceTo(due.getTime() - 3 * HOUR);
  await sweep();
  const reminders = await messages(code, 'TPL_CASE_DUE');
  // First response (谁登记谁回复) and acceptance are both owed by the community at that time.
  expect(reminders.length).toBe(2);
  expect(reminders.every((m) => m.touser === staffOf(ORG.ganghua))).toBe(true);
  expect(JSON.stringify(reminders[0].data)).toMatch(/到期/);
  await sweep();
  await Promise.all([sweep(), sweep()]);
  expect(await messages(code, 'TPL_CASE_DUE')).toHaveLength(2);
  expect((await detail(caseId)).case.responseOverdue).toBe(false);

  // Past the deadline: overdue marks on the timeline, and a 督办 item to the town and the district, once.
  await advanceTo(due.getTime() + MIN);
  const [a, b] = await Promise.all([sweep(), sweep()]);
  await sweep();
  const overdue = await detail(caseId);
  expect(overdue.case.responseOverdue).toBe(true);
  expect(overdue.timeline.filter((e) => e.type === 'overdue')).toHaveLength(2);
  expect(overdue.timeline.find((e) => e.type === 'overdue')).toMatchObject({ actor: 'system' });
  expect(overdue.supervision.map((s) => s.supervisorId)).toEqual([ORG.xinshancun, ORG.xinshancun]);
  expect(await messages(code, 'TPL_CASE_DUE')).toHaveLength(4);
  expect((await messages(code, 'TPL_CASE_SUPERVISED')).map((m) => m.touser)).toEqual([
    staffOf(ORG.xinshancun),
    staffOf(ORG.xinshancun)
  ]);
  expect(a.overdue + b.overdue).toBeGreaterThanOrEqual(2);
  for (const unit of [ORG.xinshancun, ORG.district]) {
    const list = await cloud.call<Result<Page<SupervisedCase>>>('cases', { action: 'supervision' }, staffOf(unit));
    expect(list.ok).toBe(true);
    expect(list.ok && list.data.items.find((i) => i.caseId === caseId)?.supervision.length).toBe(2);
  }
  const other = await cloud.call<Result<Page<SupervisedCase>>>('cases', { action: 'supervision' }, staffOf(ORG.bajiao));
  expect(other.ok).toBe(true);
  expect(other.ok && other.data.items.map((i) => i.caseId)).not.toContain(caseId);

  // Still unaccepted 3 working days past due: auto-escalated to the town, by rule, once.
  const escalateAt = addWorkingDays(due, 3, makeCalendar());
  await advanceTo(escalateAt.getTime() - HOUR);
  await sweep();
  expect((await detail(caseId)).case.unitId).toBe(ORG.ganghua);
  await advanceTo(escalateAt.getTime() + MIN);
  await Promise.all([sweep(), sweep()]);
  const escalated = await detail(caseId);
  // Still overdue: the community registered it and still owes the first reply (谁登记谁回复).
  expect(escalated.case).toMatchObject({
    unitId: ORG.xinshancun,
    level: 'town',
    status: 'submitted',
    responseOverdue: true
  });
  expect(escalated.timeline.filter((e) => e.type === 'autoEscalate')).toHaveLength(1);
  expect(escalated.timeline[escalated.timeline.length - 1].note).toMatch(/自动上报/);
  // The community's items are gone with it: their 督办 items close, the first-response duty stays overdue.
  expect(escalated.supervision.map((s) => s.kind)).toEqual(['firstResponse']);
  expect((await messages(code, 'TPL_CASE_REPLIED')).map((m) => m.touser)).toContain('resident-1');
  expect((await messages(code, 'TPL_CASE_ASSIGNED')).map((m) => m.touser)).toContain(staffOf(ORG.xinshancun));

  // Acting on the case closes the 督办 items: the town's acceptance is the first reply too.
  const accepted = await actOk(cloud, staffOf(ORG.xinshancun), 'accept', { caseId, note: '街道已受理' });
  expect(accepted.case.responseOverdue).toBe(false);
  expect(accepted.supervision).toEqual([]);
  const list = await cloud.call<Result<Page<SupervisedCase>>>(
    'cases',
    { action: 'supervision' },
    staffOf(ORG.district)
  );
  expect(list.ok).toBe(true);
  expect(list.ok && list.data.items.map((i) => i.caseId)).not.toContain(caseId);
});

describe('whistle deadlines', () => {
  test('a department is reminded 10 minutes before its check-in is due, then marked late and supervised by the district', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-2', { category: 'labor' });
    const d = await actOk(cloud, staffOf(ORG.xinshancun), 'whistle', {
      caseId,
      departmentIds: ['dept-hrss'],
      reason: '欠薪，需人社局到场'
    });
    const checkInDue = new Date(d.whistles[0].checkInDueAt).getTime();
    // 11 minutes before: too early for the reminder; 5 minutes before: inside the 10-minute window.
    await advanceTo(checkInDue - 11 * MIN);
    await sweep();
    expect(await messages(code, 'TPL_CASE_DUE')).toEqual([]);
    await advanceTo(checkInDue - 5 * MIN);
    await sweep();
    expect((await messages(code, 'TPL_CASE_DUE')).map((m) => m.touser)).toEqual([staffOf('dept-hrss')]);
    await advanceTo(checkInDue + MIN);
    await sweep();
    await sweep();
    const after = await detail(caseId);
    expect(after.whistles[0].overdue.checkIn).toBe(true);
    expect(after.supervision).toEqual([
      expect.objectContaining({ kind: 'whistleCheckIn', ownerUnitId: 'dept-hrss', supervisorId: ORG.district })
    ]);
    // To the district's staff (another test here binds a second member).
    const [district] = (await rawFind<{ staffOpenids: string[] }>(cloud, 'units', { _id: ORG.district }))!;
    expect(district.staffOpenids).toContain(staffOf(ORG.district));
    expect((await messages(code, 'TPL_CASE_SUPERVISED')).map((m) => m.touser).sort()).toEqual(
      [...district.staffOpenids].sort()
    );
    // The late check-in closes the item.
    const late = await actOk(cloud, staffOf('dept-hrss'), 'checkIn', { caseId });
    expect(late.whistles[0].checkInLate).toBe(true);
    expect(late.supervision).toEqual([]);
  });
});

describe('extensions and pauses (挂起)', () => {
  test('the clock stops while paused: nothing falls overdue, and resuming pushes the deadlines back', async () => {
    const res = await submitOk(cloud, 'resident-3', { communityId: ORG.bajiaoCommunity });
    const community = staffOf(ORG.bajiaoCommunity);
    await actOk(cloud, community, 'reply', { caseId: res.caseId, text: '已收到，请补充材料' });
    const paused = await actOk(cloud, community, 'pause', { caseId: res.caseId, reason: '请补充租赁合同照片' });
    expect(paused.paused).toMatchObject({ reason: '请补充租赁合同照片' });
    expect(await act(cloud, community, 'pause', { caseId: res.caseId, reason: '再挂' })).toMatchObject({
      ok: false,
      code: 'ALREADY_PAUSED'
    });
    expect((await messages(res.code, 'TPL_CASE_REPLIED')).map((m) => m.touser)).toContain('resident-3');
    await cloud.advanceClock(4 * 86_400_000);
    await sweep();
    const during = await detail(res.caseId);
    expect(during.case.responseOverdue).toBe(false);
    expect(during.timeline.filter((e) => e.type === 'overdue')).toHaveLength(0);
    const resumed = await actOk(cloud, community, 'resume', { caseId: res.caseId, note: '材料已补齐' });
    expect(new Date(resumed.case.responseDueAt).getTime()).toBeGreaterThan(new Date(res.responseDueAt).getTime());
    expect(resumed.paused).toBeNull();
    expect(await act(cloud, community, 'resume', { caseId: res.caseId })).toMatchObject({
      ok: false,
      code: 'NOT_PAUSED'
    });
  });

  test('a handler asks for an extension; only the supervising unit grants or refuses it', async () => {
    const { caseId } = await submitOk(cloud, 'resident-1');
    const community = staffOf(ORG.pingan);
    expect(await act(cloud, community, 'requestExtension', { caseId, days: 5, reason: '需鉴定' })).toMatchObject({
      ok: false,
      code: 'CASE_NOT_ACCEPTED'
    });
    const accepted = await actOk(cloud, community, 'accept', { caseId });
    await actOk(cloud, community, 'requestExtension', { caseId, days: 5, reason: '需等待房屋鉴定结果' });
    expect(await act(cloud, community, 'requestExtension', { caseId, days: 2, reason: '再延' })).toMatchObject({
      ok: false,
      code: 'EXTENSION_PENDING'
    });
    expect(await act(cloud, community, 'decideExtension', { caseId, grant: true })).toMatchObject({
      ok: false,
      code: 'NOT_SUPERVISOR'
    });
    expect(await act(cloud, staffOf(ORG.district), 'decideExtension', { caseId, grant: true })).toMatchObject({
      ok: false,
      code: 'NOT_SUPERVISOR'
    });
    const granted = await actOk(cloud, staffOf(ORG.xinshancun), 'decideExtension', {
      caseId,
      grant: true,
      note: '同意'
    });
    expect(granted.extensions[0]).toMatchObject({ status: 'granted', days: 5 });
    const before = new Date(accepted.case.resolveDueAt);
    expect(granted.case.resolveDueAt).toBe(addWorkingDays(before, 5, makeCalendar()).toISOString());
    expect(await act(cloud, staffOf(ORG.xinshancun), 'decideExtension', { caseId, grant: false })).toMatchObject({
      ok: false,
      code: 'NO_EXTENSION_PENDING'
    });
    // Granted extensions add up to 15 working days at most (config document 'supervision').
    expect(await act(cloud, community, 'requestExtension', { caseId, days: 11, reason: '再延' })).toMatchObject({
      ok: false,
      code: 'EXTENSION_CAP_REACHED'
    });
    await actOk(cloud, community, 'requestExtension', { caseId, days: 10, reason: '再延两周' });
    const refused = await actOk(cloud, staffOf(ORG.xinshancun), 'decideExtension', {
      caseId,
      grant: false,
      note: '理由不充分'
    });
    expect(refused.extensions[1].status).toBe('refused');
    expect(refused.case.resolveDueAt).toBe(granted.case.resolveDueAt);
    expect(await act(cloud, community, 'requestExtension', { caseId, days: 31, reason: 'x' })).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
  });
});

describe('two people for delays', () => {
  const district2 = 'staff-district-2';
  const DAY = 86_400_000;

  beforeAll(async () => {
    // A second member of the district's staff, bound through an admin's invite.
    const inv = await cloud.call<Result<{ code: string }>>(
      'account',
      { action: 'createInvite', unitId: ORG.district, role: 'staff' },
      'admin-1'
    );
    if (!inv.ok) throw new Error(inv.code);
    expect(await cloud.call('account', { action: 'redeemInvite', code: inv.data.code }, district2)).toMatchObject({
      ok: true
    });
  });

  test('on a district case, whoever asked for an extension cannot grant it; another district staff member does', async () => {
    const { caseId } = await submitOk(cloud, 'resident-2', { major: true });
    const district = staffOf(ORG.district);
    await actOk(cloud, district, 'accept', { caseId });
    await actOk(cloud, district, 'requestExtension', { caseId, days: 5, reason: '需等待司法鉴定' });
    expect(await act(cloud, district, 'decideExtension', { caseId, grant: true })).toMatchObject({
      ok: false,
      code: 'OWN_REQUEST'
    });
    const granted = await actOk(cloud, district2, 'decideExtension', { caseId, grant: true });
    expect(granted.extensions[0]).toMatchObject({ status: 'granted', days: 5 });
  });

  test('an unapproved pause stops the clock 5 working days at most: then the sweeper restarts it', async () => {
    const { caseId } = await submitOk(cloud, 'resident-3', { communityId: ORG.ganghua });
    const community = staffOf(ORG.ganghua);
    const accepted = await actOk(cloud, community, 'accept', { caseId });
    const paused = await actOk(cloud, community, 'pause', { caseId, reason: '请补充鉴定材料' });
    expect(paused.allowedActions.map((a) => a.type)).toContain('resume');
    const raw = (await rawFind<{ pausedAt: string; pauseUntil: string }>(cloud, 'cases', { _id: caseId }))![0];
    const cal = makeCalendar();
    expect(new Date(raw.pauseUntil).toISOString()).toBe(
      addWorkingMs(new Date(raw.pausedAt), 5 * DAY, cal).toISOString()
    );
    // Three weeks later (well past the 5 working days), the sweeper has run: the case runs again.
    await advanceTo(new Date(raw.pauseUntil).getTime() + 10 * DAY);
    await sweep();
    const after = await detail(caseId);
    expect(after.paused).toBeNull();
    expect(after.timeline.filter((e) => e.type === 'pauseLapsed')).toHaveLength(1);
    // Pushed back by exactly the 5 working days the pause was allowed, not by the time it lasted.
    expect(after.case.resolveDueAt).toBe(
      addWorkingMs(new Date(accepted.case.resolveDueAt), 5 * DAY, cal).toISOString()
    );
    expect(after.case.resolveOverdue).toBe(true);
  });

  test('the unit above approves a long pause (never whoever paused): the clock stays stopped', async () => {
    const { caseId } = await submitOk(cloud, 'resident-1', { major: true });
    const district = staffOf(ORG.district);
    const accepted = await actOk(cloud, district, 'accept', { caseId });
    await actOk(cloud, district, 'pause', { caseId, reason: '等待当事人补充证据' });
    expect(await act(cloud, staffOf(ORG.xinshancun), 'decidePause', { caseId, grant: true })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND'
    });
    expect(await act(cloud, district, 'decidePause', { caseId, grant: true })).toMatchObject({
      ok: false,
      code: 'OWN_REQUEST'
    });
    const approved = await actOk(cloud, district2, 'decidePause', { caseId, grant: true, note: '同意' });
    expect(approved.paused).not.toBeNull();
    const raw = (await rawFind<{ pausedAt: string; pauseUntil: string | null }>(cloud, 'cases', { _id: caseId }))![0];
    expect(raw.pauseUntil).toBeNull();
    await advanceTo((await clockNow()) + 14 * DAY);
    await sweep();
    const during = await detail(caseId);
    expect(during.paused).not.toBeNull();
    expect(during.case.resolveOverdue).toBe(false);
    const resumed = await actOk(cloud, district, 'resume', { caseId });
    expect(new Date(resumed.case.resolveDueAt).getTime()).toBeGreaterThan(
      addWorkingMs(new Date(accepted.case.resolveDueAt), 5 * DAY, makeCalendar()).getTime()
    );
  });
});

describe('the district 综治中心', () => {
  test('reassigns any open case to any handling unit; nobody else may', async () => {
    const { caseId } = await submitOk(cloud, 'resident-2');
    const move = { caseId, toUnitId: ORG.bajiaoCommunity, reason: '事发地实为五一社区' };
    expect(await act(cloud, staffOf(ORG.xinshancun), 'reassign', move)).toMatchObject({
      ok: false,
      code: 'DISTRICT_ONLY'
    });
    expect(await act(cloud, staffOf(ORG.pingan), 'reassign', move)).toMatchObject({ ok: false, code: 'DISTRICT_ONLY' });
    expect(await act(cloud, staffOf(ORG.district), 'reassign', { ...move, toUnitId: 'dept-police' })).toMatchObject({
      ok: false,
      code: 'REASSIGN_TARGET_INVALID'
    });
    expect(await act(cloud, staffOf(ORG.district), 'reassign', { ...move, toUnitId: 'nowhere' })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_UNIT'
    });
    const moved = await actOk(cloud, staffOf(ORG.district), 'reassign', move);
    expect(moved.case).toMatchObject({ unitId: ORG.bajiaoCommunity, status: 'submitted' });
    // Across towns, and the new unit sees it in its queue.
    const q = await cloud.call<Result<Page<{ caseId: string }>>>(
      'cases',
      { action: 'queue' },
      staffOf(ORG.bajiaoCommunity)
    );
    expect(q.ok && q.data.items.map((i) => i.caseId)).toContain(caseId);
    const up = await actOk(cloud, staffOf(ORG.district), 'reassign', {
      caseId,
      toUnitId: ORG.district,
      reason: '区级直接办理'
    });
    expect(up.case).toMatchObject({ level: 'district' });
  });

  test('sees every overdue item in its overdue queue, and nothing else, to the last page', async () => {
    type Row = { caseId: string; responseOverdue: boolean; resolveOverdue: boolean };
    /** Every page of the district's overdue queue, following nextCursor to the end. */
    async function overdueQueue(): Promise<Row[]> {
      const rows: Row[] = [];
      let cursor: string | null = null;
      do {
        const res: Result<Page<Row>> = await cloud.call(
          'cases',
          { action: 'queue', overdue: true, ...(cursor ? { cursor } : {}) },
          staffOf(ORG.district)
        );
        if (!res.ok) throw new Error(res.code);
        rows.push(...res.data.items);
        cursor = res.data.nextCursor;
      } while (cursor);
      return rows;
    }
    // Seeded across the district: more than a page that will fall overdue (communities, towns, the
    // district), and cases that will not (answered in time, closed, paused).
    const lateFiled: SubmitResponse[] = [];
    const homes = [ORG.pingan, ORG.ganghua, ORG.bajiaoCommunity];
    for (let i = 0; i < 21; i++) lateFiled.push(await submitOk(cloud, `overdue-${i}`, { communityId: homes[i % 3] }));
    lateFiled.push(await submitOk(cloud, 'overdue-town', { category: 'labor' }));
    lateFiled.push(await submitOk(cloud, 'overdue-district', { major: true }));
    const late = lateFiled.map((c) => c.caseId);
    const onTime: string[] = [];
    const answered = await submitOk(cloud, 'ontime-1', { communityId: ORG.ganghua });
    await actOk(cloud, staffOf(ORG.ganghua), 'accept', { caseId: answered.caseId });
    onTime.push(answered.caseId);
    const closed = await submitOk(cloud, 'ontime-2');
    await actOk(cloud, staffOf(ORG.pingan), 'reject', { caseId: closed.caseId, reason: '重复提交' });
    onTime.push(closed.caseId);
    const paused = await submitOk(cloud, 'ontime-3');
    await actOk(cloud, staffOf(ORG.pingan), 'reply', { caseId: paused.caseId, text: '已收到，请补充材料' });
    await actOk(cloud, staffOf(ORG.pingan), 'pause', { caseId: paused.caseId, reason: '请补充材料' });
    onTime.push(paused.caseId);
    // Just past every response deadline of the seeded cases (long before a resolve deadline), and a case filed after.
    await advanceTo(Math.max(...lateFiled.map((c) => Date.parse(c.responseDueAt))) + MIN);
    const fresh = await submitOk(cloud, 'ontime-4');
    onTime.push(fresh.caseId);

    const rows = await overdueQueue();
    const ids = rows.map((r) => r.caseId);
    expect(new Set(ids).size).toBe(ids.length); // each once across pages
    expect(rows.every((r) => r.responseOverdue || r.resolveOverdue)).toBe(true);
    // Nothing seeded is missing, nothing seeded on time is there.
    expect(late.filter((id) => !ids.includes(id))).toEqual([]);
    expect(onTime.filter((id) => ids.includes(id))).toEqual([]);
    // And the same set as the stored cases with a duty of some unit past due, whatever else this file left.
    const now = new Date(await clockNow());
    const stored = (await rawFind<{ _id: string }>(cloud, 'cases', { scopeIds: ORG.district, dueAt: { $lt: now } }))!;
    expect([...ids].sort()).toEqual(stored.map((c) => c._id).sort());
  });
});

describe('网上吹哨网下报到', () => {
  test('a cadre is dispatched, checks in on site with the distance recorded, and records the visit', async () => {
    const location = { latitude: 29.4841, longitude: 106.4821, address: '平安社区3栋' };
    const { caseId } = await submitOk(cloud, 'resident-1', { location });
    const town = staffOf(ORG.xinshancun);
    const cadre = staffOf(ORG.pingan);
    const visitBy = new Date((await clockNow()) + 2 * HOUR).toISOString();
    expect(await act(cloud, town, 'dispatch', { caseId, staffOpenid: 'resident-2', visitBy })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF_TARGET'
    });
    expect(
      await act(cloud, town, 'dispatch', { caseId, staffOpenid: staffOf(ORG.bajiaoCommunity), visitBy })
    ).toMatchObject({ ok: false, code: 'CADRE_OUT_OF_SCOPE' });
    expect(
      await act(cloud, town, 'dispatch', {
        caseId,
        staffOpenid: cadre,
        visitBy: new Date((await clockNow()) - HOUR).toISOString()
      })
    ).toMatchObject({ ok: false, code: 'VISIT_TIME_INVALID' });
    expect(await act(cloud, 'resident-1', 'dispatch', { caseId, staffOpenid: cadre, visitBy })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    const sent = await actOk(cloud, town, 'dispatch', { caseId, staffOpenid: cadre, visitBy });
    expect((await cloud.invocations(1))[0].dbRequests).toBeLessThanOrEqual(4);
    const dispatchId = sent.dispatches[0].dispatchId;
    expect((await cloud.outbox()).some((m) => m.touser === cadre && JSON.stringify(m.data).includes('到现场'))).toBe(
      true
    );

    expect(
      await act(cloud, staffOf(ORG.ganghua), 'onsiteCheckIn', {
        caseId,
        dispatchId,
        latitude: 29.48,
        longitude: 106.48
      })
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(
      await act(cloud, town, 'onsiteCheckIn', { caseId, dispatchId, latitude: 29.48, longitude: 106.48 })
    ).toMatchObject({ ok: false, code: 'NOT_DISPATCHED' });
    expect(await act(cloud, cadre, 'recordVisit', { caseId, dispatchId, note: '已上门' })).toMatchObject({
      ok: false,
      code: 'NOT_ON_SITE'
    });
    expect(await act(cloud, cadre, 'onsiteCheckIn', { caseId, dispatchId, latitude: 91, longitude: 0 })).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
    // About 111 m north of the case location.
    const here = await actOk(cloud, cadre, 'onsiteCheckIn', {
      caseId,
      dispatchId,
      latitude: 29.4851,
      longitude: 106.4821
    });
    expect(here.dispatches[0].mine).toBe(true);
    expect(here.dispatches[0].checkIn).toMatchObject({ late: false });
    expect(here.dispatches[0].checkIn?.distanceM).toBeGreaterThanOrEqual(110);
    expect(here.dispatches[0].checkIn?.distanceM).toBeLessThanOrEqual(112);
    expect(here.timeline[here.timeline.length - 1].note).toMatch(/距诉求地点11\d米/);
    expect(
      await act(cloud, cadre, 'onsiteCheckIn', { caseId, dispatchId, latitude: 29.4851, longitude: 106.4821 })
    ).toMatchObject({ ok: false, code: 'ALREADY_CHECKED_IN' });
    const visited = await actOk(cloud, cadre, 'recordVisit', {
      caseId,
      dispatchId,
      note: '已上门调解，双方同意各让一步'
    });
    expect(visited.dispatches[0].visit).toMatchObject({ note: '已上门调解，双方同意各让一步' });
    expect(await act(cloud, cadre, 'recordVisit', { caseId, dispatchId, note: '再记' })).toMatchObject({
      ok: false,
      code: 'VISIT_RECORDED'
    });
  });
});

test('the sweeper cannot be run by a resident, staff or a call without OPENID; an admin runs it', async () => {
  expect(await cloud.call('deadlines', { action: 'sweep' }, 'resident-1')).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
  expect(await cloud.call('deadlines', { action: 'sweep' }, staffOf(ORG.district))).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
  expect(await cloud.call('deadlines', { Type: 'Timer' }, 'resident-1')).toMatchObject({
    ok: false,
    code: 'UNKNOWN_ACTION'
  });
  expect(await cloud.call('deadlines', { action: 'sweep' })).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
  expect(await cloud.call('deadlines', { action: 'sweep' }, 'admin-1')).toMatchObject({ ok: true });
});
