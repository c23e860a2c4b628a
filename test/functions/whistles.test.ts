// 三吹哨三报到 through the local cloud: whistles, check-ins on time and late, reports, withdrawals,
// the two-way evaluation, permissions for every role, and bad input that writes nothing.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { CaseDetail, Page, WhistleTask } from '../../typings/cases';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
const town = staffOf(ORG.xinshancun);
const community = staffOf(ORG.pingan);
const justice = staffOf('dept-justice');
const police = staffOf('dept-police');
const housing = staffOf('dept-housing');

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
// Request counts are for warm instances; some tests move the clock past the reference cache window.
beforeEach(async () => {
  await cloud.call('cases', { action: 'mine' }, 'warm-up');
  await cloud.call('ratings', { action: 'rate', caseId: 'none', satisfaction: 'satisfied' }, 'warm-up');
});

const lastInvocation = async () => (await cloud.invocations(1))[0];
// who, load, update-if-unchanged — plus the assessment counters' one increment (issue 5's hook in caseFlow).
const ACTION_REQUESTS = 4;

/** A labour case starts at the town (新山村街道), which may whistle departments. */
async function townCase(): Promise<string> {
  return (await submitOk(cloud, 'resident-1', { category: 'labor' })).caseId;
}

async function whistled(
  departmentIds = ['dept-justice', 'dept-police'],
  extra: Record<string, unknown> = {}
): Promise<{ caseId: string; detail: CaseDetail }> {
  const caseId = await townCase();
  const detail = await actOk(cloud, town, 'whistle', {
    caseId,
    departmentIds,
    reason: '涉及劳动保障与治安，需部门协同',
    ...extra
  });
  return { caseId, detail };
}

/** The whole stored state a refusal must leave alone, as the district sees it. */
const snapshot = (caseId: string) => actOk(cloud, staffOf(ORG.district), 'detail', { caseId });

describe('whistle', () => {
  test('a town whistles two departments: the first leads, each gets it in its queue and a message; 3 requests (+1 counter)', async () => {
    const { caseId, detail } = await whistled();
    expect((await lastInvocation()).dbRequests).toBeLessThanOrEqual(ACTION_REQUESTS);
    expect(detail.whistles.map((w) => [w.departmentId, w.role])).toEqual([
      ['dept-justice', 'lead'],
      ['dept-police', 'cooperate']
    ]);
    const w = detail.whistles[0];
    expect(new Date(w.checkInDueAt).getTime() - new Date(w.at).getTime()).toBe(30 * 60_000);
    expect(detail.timeline[detail.timeline.length - 1]).toMatchObject({
      type: 'whistle',
      actor: `staff:${ORG.xinshancun}`
    });
    expect(detail.timeline[detail.timeline.length - 1].note).toMatch(/30分钟内报到/);

    const queue = await cloud.call<Result<Page<WhistleTask>>>('cases', { action: 'whistles' }, justice);
    expect(queue.ok && queue.data.items.find((i) => i.caseId === caseId)?.whistle).toMatchObject({
      role: 'lead',
      checkedInAt: ''
    });
    expect((await lastInvocation()).dbRequests).toBeLessThanOrEqual(2);
    const outbox = await cloud.outbox();
    expect(outbox.filter((m) => m.templateId === 'TPL_CASE_WHISTLED').map((m) => m.touser)).toEqual(
      expect.arrayContaining([justice, police])
    );
    // The department reads the case it was whistled onto, but not the resident's phone.
    const seen = await actOk(cloud, justice, 'detail', { caseId });
    expect(seen.case.contactPhone).toBe('138****1234');
  });

  test('the district may whistle too, with its own check-in time', async () => {
    const caseId = (await submitOk(cloud, 'resident-2', { category: 'medical' })).caseId;
    const d = await actOk(cloud, staffOf(ORG.district), 'whistle', {
      caseId,
      departmentIds: ['dept-health'],
      reason: '医疗纠纷需卫健委到场',
      reportWithinMinutes: 60
    });
    expect(new Date(d.whistles[0].checkInDueAt).getTime() - new Date(d.whistles[0].at).getTime()).toBe(60 * 60_000);
  });

  test('check-in on time, then late, each recorded as such', async () => {
    const { caseId } = await whistled();
    const onTime = await actOk(cloud, justice, 'checkIn', { caseId });
    expect((await lastInvocation()).dbRequests).toBeLessThanOrEqual(ACTION_REQUESTS);
    expect(onTime.whistles.find((w) => w.departmentId === 'dept-justice')).toMatchObject({ checkInLate: false });
    expect(onTime.timeline[onTime.timeline.length - 1].note).toMatch(/按时/);
    await cloud.advanceClock(45 * 60_000);
    const queue = await cloud.call<Result<Page<WhistleTask>>>('cases', { action: 'whistles', pending: true }, police);
    expect(queue.ok && queue.data.items.find((i) => i.caseId === caseId)?.whistle.overdue.checkIn).toBe(true);
    const late = await actOk(cloud, police, 'checkIn', { caseId });
    expect(late.whistles.find((w) => w.departmentId === 'dept-police')).toMatchObject({ checkInLate: true });
    expect(late.timeline[late.timeline.length - 1].note).toMatch(/超时1[5-6]分钟/);
    expect(await act(cloud, police, 'checkIn', { caseId })).toMatchObject({ ok: false, code: 'ALREADY_CHECKED_IN' });
  });

  test('the case cannot be resolved until every whistled department has reported or been withdrawn', async () => {
    const { caseId } = await whistled();
    await actOk(cloud, town, 'accept', { caseId });
    expect(await act(cloud, town, 'resolve', { caseId, result: '已调解' })).toMatchObject({
      ok: false,
      code: 'WHISTLES_PENDING'
    });
    expect(await act(cloud, justice, 'report', { caseId, result: '已提供法律援助' })).toMatchObject({
      ok: false,
      code: 'NOT_CHECKED_IN'
    });
    await actOk(cloud, justice, 'checkIn', { caseId });
    const reported = await actOk(cloud, justice, 'report', { caseId, result: '已提供法律援助' });
    expect((await lastInvocation()).dbRequests).toBeLessThanOrEqual(ACTION_REQUESTS);
    expect(reported.whistles[0].reportedAt).not.toBe('');
    expect(await act(cloud, justice, 'report', { caseId, result: '再报' })).toMatchObject({
      ok: false,
      code: 'ALREADY_REPORTED'
    });
    expect(await act(cloud, town, 'resolve', { caseId, result: '已调解' })).toMatchObject({
      ok: false,
      code: 'WHISTLES_PENDING'
    });
    const withdrawn = await actOk(cloud, town, 'withdrawWhistle', {
      caseId,
      departmentId: 'dept-police',
      reason: '经核实无治安问题'
    });
    expect((await lastInvocation()).dbRequests).toBeLessThanOrEqual(ACTION_REQUESTS);
    expect(withdrawn.whistles[1].withdrawnAt).not.toBe('');
    expect(
      await act(cloud, town, 'withdrawWhistle', { caseId, departmentId: 'dept-justice', reason: '已反馈' })
    ).toMatchObject({ ok: false, code: 'WHISTLE_NOT_ACTIVE' });
    expect((await actOk(cloud, town, 'resolve', { caseId, result: '已调解' })).case.status).toBe('resolved');
    expect(await act(cloud, police, 'checkIn', { caseId })).toMatchObject({ ok: false, code: 'NOT_WHISTLED' });
  });

  test('withdrawing the lead hands the lead on; the department may be whistled again after a withdrawal', async () => {
    const { caseId } = await whistled();
    const d = await actOk(cloud, town, 'withdrawWhistle', { caseId, departmentId: 'dept-justice', reason: '误选部门' });
    expect(d.whistles.map((w) => w.role)).toEqual(['lead', 'lead']);
    expect(d.whistles[1]).toMatchObject({ departmentId: 'dept-police', role: 'lead' });
    const again = await actOk(cloud, town, 'whistle', { caseId, departmentIds: ['dept-justice'], reason: '重新吹哨' });
    expect(again.whistles[2]).toMatchObject({ departmentId: 'dept-justice', role: 'cooperate' });
  });
});

describe('two-way evaluation (谁吹哨谁评价)', () => {
  test('evaluating before the department has reported is refused, and writes nothing', async () => {
    const { caseId } = await whistled(['dept-justice']);
    const before = await snapshot(caseId);
    expect(
      await act(
        cloud,
        town,
        'evaluate',
        { caseId, departmentId: 'dept-justice', responseScore: 5, resultScore: 4 },
        'ratings'
      )
    ).toMatchObject({ ok: false, code: 'NOT_REPORTED_YET' });
    expect(await act(cloud, justice, 'evaluateWhistle', { caseId, reasonable: true }, 'ratings')).toMatchObject({
      ok: false,
      code: 'NOT_REPORTED_YET'
    });
    expect(await snapshot(caseId)).toEqual(before);
  });

  test('each side evaluates once, after the report', async () => {
    const { caseId } = await whistled(['dept-justice']);
    await actOk(cloud, justice, 'checkIn', { caseId });
    await actOk(cloud, justice, 'report', { caseId, result: '已出具法律意见书' });
    const owed = await snapshot(caseId);
    expect(owed.whistles[0].evaluateDueAt).not.toBe('');
    const e = await actOk(
      cloud,
      town,
      'evaluate',
      { caseId, departmentId: 'dept-justice', responseScore: 5, resultScore: 4, comment: '响应迅速' },
      'ratings'
    );
    expect((await lastInvocation()).dbRequests).toBeLessThanOrEqual(ACTION_REQUESTS);
    expect(e.whistles[0].evaluation).toMatchObject({ responseScore: 5, resultScore: 4, comment: '响应迅速' });
    expect(
      await act(
        cloud,
        town,
        'evaluate',
        { caseId, departmentId: 'dept-justice', responseScore: 1, resultScore: 1 },
        'ratings'
      )
    ).toMatchObject({ ok: false, code: 'ALREADY_EVALUATED' });
    const w = await actOk(
      cloud,
      justice,
      'evaluateWhistle',
      { caseId, reasonable: false, comment: '属社区可自行调解事项' },
      'ratings'
    );
    expect(w.whistles[0].whistleEvaluation).toMatchObject({ reasonable: false });
    expect(w.timeline[w.timeline.length - 1].note).toMatch(/不合理/);
    expect(await act(cloud, justice, 'evaluateWhistle', { caseId, reasonable: true }, 'ratings')).toMatchObject({
      ok: false,
      code: 'ALREADY_EVALUATED'
    });
  });

  test('an owed evaluation shows overdue when late', async () => {
    const { caseId: id } = await whistled(['dept-police']);
    await actOk(cloud, police, 'checkIn', { caseId: id });
    await actOk(cloud, police, 'report', { caseId: id, result: '已出警处置' });
    await cloud.advanceClock(10 * 86_400_000);
    const d = await snapshot(id);
    expect(d.whistles[0].overdue).toMatchObject({ evaluation: true, whistleEvaluation: true, checkIn: false });
  });

  test('who may evaluate: only the whistler scores, only the department judges the whistle', async () => {
    const { caseId: id } = await whistled(['dept-housing']);
    await actOk(cloud, housing, 'checkIn', { caseId: id });
    await actOk(cloud, housing, 'report', { caseId: id, result: '已督促物业整改' });
    const score = { caseId: id, departmentId: 'dept-housing', responseScore: 4, resultScore: 4 };
    expect(await act(cloud, staffOf(ORG.district), 'evaluate', score, 'ratings')).toMatchObject({
      ok: false,
      code: 'NOT_WHISTLER'
    });
    expect(await act(cloud, housing, 'evaluate', score, 'ratings')).toMatchObject({ ok: false, code: 'NOT_WHISTLER' });
    expect(await act(cloud, 'resident-1', 'evaluate', score, 'ratings')).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    expect(await act(cloud, town, 'evaluateWhistle', { caseId: id, reasonable: true }, 'ratings')).toMatchObject({
      ok: false,
      code: 'NOT_WHISTLED'
    });
    expect(await act(cloud, justice, 'evaluateWhistle', { caseId: id, reasonable: true }, 'ratings')).toMatchObject({
      ok: false,
      code: 'NOT_WHISTLED'
    });
  });
});

describe('permissions for every role', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await whistled(['dept-justice'])).caseId;
  });

  test.each([
    ['resident', 'resident-1', 'NOT_STAFF'],
    ['the community where it happened (the town handles it: it cannot reach the case)', community, 'NOT_FOUND'],
    ['another town', staffOf(ORG.bajiao), 'NOT_FOUND'],
    ['a department', police, 'WHISTLE_NOT_ALLOWED']
  ])('%s cannot whistle', async (_who, openid, code) => {
    expect(
      await act(cloud, openid, 'whistle', { caseId, departmentIds: ['dept-market'], reason: '协助' })
    ).toMatchObject({ ok: false, code });
  });

  test('only the whistled department checks in and reports; only the whistler (or above) withdraws', async () => {
    const { caseId } = await whistled(['dept-justice']); // its own: the district withdraws the whistle
    expect(await act(cloud, town, 'checkIn', { caseId })).toMatchObject({ ok: false, code: 'NOT_WHISTLED' });
    expect(await act(cloud, 'resident-1', 'checkIn', { caseId })).toMatchObject({ ok: false, code: 'NOT_STAFF' });
    expect(await act(cloud, police, 'report', { caseId, result: 'x' })).toMatchObject({
      ok: false,
      code: 'NOT_WHISTLED'
    });
    expect(
      await act(cloud, justice, 'withdrawWhistle', { caseId, departmentId: 'dept-justice', reason: '不想来' })
    ).toMatchObject({ ok: false, code: 'NOT_WHISTLER' });
    const byDistrict = await actOk(cloud, staffOf(ORG.district), 'withdrawWhistle', {
      caseId,
      departmentId: 'dept-justice',
      reason: '区级统筹'
    });
    expect(byDistrict.whistles[0].withdrawnAt).not.toBe('');
  });

  test('a department sees only the whistles it received', async () => {
    const { caseId: id } = await whistled(['dept-market']);
    const mine = await cloud.call<Result<Page<WhistleTask>>>('cases', { action: 'whistles' }, staffOf('dept-market'));
    const other = await cloud.call<Result<Page<WhistleTask>>>(
      'cases',
      { action: 'whistles' },
      staffOf('dept-transport')
    );
    expect(mine.ok && mine.data.items.map((i) => i.caseId)).toContain(id);
    expect(mine.ok && other.ok).toBe(true);
    expect(other.ok && other.data.items.map((i) => i.caseId)).not.toContain(id);
    expect(await act(cloud, staffOf('dept-transport'), 'detail', { caseId: id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND'
    });
    expect(await cloud.call('cases', { action: 'whistles' }, 'resident-1')).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
  });
});

describe('bad input: a clear code, and nothing written', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await whistled(['dept-justice'])).caseId;
  });

  test.each([
    ['whistling the same department twice', () => town, { departmentIds: ['dept-justice'] }, 'ALREADY_WHISTLED'],
    [
      'the same department twice in one whistle',
      () => town,
      { departmentIds: ['dept-police', 'dept-police'] },
      'ALREADY_WHISTLED'
    ],
    ['whistling a unit that is not a department', () => town, { departmentIds: [ORG.pingan] }, 'NOT_A_DEPARTMENT'],
    ['whistling an unknown department', () => town, { departmentIds: ['dept-nowhere'] }, 'NOT_A_DEPARTMENT'],
    ['no departments', () => town, { departmentIds: [] }, 'FIELD_REQUIRED'],
    ['departments of the wrong type', () => town, { departmentIds: 'dept-police' }, 'FIELD_INVALID'],
    [
      'a check-in time out of range',
      () => town,
      { departmentIds: ['dept-police'], reportWithinMinutes: 0 },
      'FIELD_INVALID'
    ],
    ['an empty reason', () => town, { departmentIds: ['dept-police'], reason: '  ' }, 'FIELD_REQUIRED'],
    ['an unknown field', () => town, { departmentIds: ['dept-police'], urgent: true }, 'FIELD_INVALID']
  ])('%s', async (_name, who, fields, code) => {
    const before = await snapshot(caseId);
    const res = await act(cloud, who(), 'whistle', { caseId, reason: '协同处置', ...fields });
    expect(res).toMatchObject({ ok: false, code });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await snapshot(caseId)).toEqual(before);
  });

  test('whistling from a community is refused', async () => {
    const id = (await submitOk(cloud, 'resident-1')).caseId;
    const before = await snapshot(id);
    expect(
      await act(cloud, community, 'whistle', { caseId: id, departmentIds: ['dept-police'], reason: '需要民警' })
    ).toMatchObject({ ok: false, code: 'WHISTLE_NOT_ALLOWED' });
    expect(await snapshot(id)).toEqual(before);
  });

  test('a check-in from a department that was not whistled is refused', async () => {
    const before = await snapshot(caseId);
    expect(await act(cloud, police, 'checkIn', { caseId })).toMatchObject({ ok: false, code: 'NOT_WHISTLED' });
    expect(await snapshot(caseId)).toEqual(before);
  });

  test.each([
    [{ responseScore: 0, resultScore: 3 }, 'SCORE_INVALID'],
    [{ responseScore: 6, resultScore: 3 }, 'SCORE_INVALID'],
    [{ responseScore: 2.5, resultScore: 3 }, 'SCORE_INVALID'],
    [{ responseScore: '5', resultScore: 3 }, 'SCORE_INVALID'],
    [{ resultScore: 3 }, 'SCORE_INVALID']
  ])('scores %j → %s', async (scores, code) => {
    expect(
      await act(cloud, town, 'evaluate', { caseId, departmentId: 'dept-justice', ...scores }, 'ratings')
    ).toMatchObject({ ok: false, code });
  });

  test('a whistle on a closed case is refused', async () => {
    const id = (await submitOk(cloud, 'resident-3', { category: 'labor' })).caseId;
    await actOk(cloud, town, 'reject', { caseId: id, reason: '重复' });
    expect(
      await act(cloud, town, 'whistle', { caseId: id, departmentIds: ['dept-police'], reason: 'x' })
    ).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });
});

describe('access follows the job (issue 10)', () => {
  const yuejincun = staffOf('500104002000'); // 跃进村街道, another town

  test('a town that no longer holds the case cannot whistle onto it; nothing is written', async () => {
    const caseId = await townCase();
    await actOk(cloud, town, 'transfer', { caseId, toUnitId: '500104002000', reason: '用工单位在跃进村街道' });
    const before = await snapshot(caseId);
    expect(await act(cloud, town, 'whistle', { caseId, departmentIds: ['dept-hrss'], reason: '欠薪' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND'
    });
    expect(await snapshot(caseId)).toEqual(before);
    expect(
      (await actOk(cloud, yuejincun, 'whistle', { caseId, departmentIds: ['dept-hrss'], reason: '欠薪' })).whistles
    ).toHaveLength(1);
  });

  test('a former holder’s whistle: the handling chain withdraws it and resolves; the former town can do neither', async () => {
    const { caseId } = await whistled(['dept-justice']);
    await actOk(cloud, town, 'transfer', { caseId, toUnitId: '500104002000', reason: '用工单位在跃进村街道' });
    await actOk(cloud, yuejincun, 'accept', { caseId });
    expect(await act(cloud, yuejincun, 'resolve', { caseId, result: '已调解' })).toMatchObject({
      ok: false,
      code: 'WHISTLES_PENDING'
    });
    expect(
      await act(cloud, town, 'withdrawWhistle', { caseId, departmentId: 'dept-justice', reason: '无需' })
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const d = await actOk(cloud, yuejincun, 'withdrawWhistle', {
      caseId,
      departmentId: 'dept-justice',
      reason: '本街道自行协调'
    });
    expect(d.whistles[0].withdrawnAt).not.toBe('');
    expect((await actOk(cloud, yuejincun, 'resolve', { caseId, result: '已调解' })).case.status).toBe('resolved');
  });

  test('the district (the chain) withdraws a former town’s whistle too', async () => {
    const { caseId } = await whistled(['dept-police']);
    await actOk(cloud, staffOf(ORG.district), 'reassign', {
      caseId,
      toUnitId: '500104002000',
      reason: '改派跃进村街道'
    });
    expect(
      (
        await actOk(cloud, staffOf(ORG.district), 'withdrawWhistle', {
          caseId,
          departmentId: 'dept-police',
          reason: '区级统筹'
        })
      ).whistles[0].withdrawnAt
    ).not.toBe('');
  });

  test('a department whose whistle was withdrawn can no longer read the case, and its queue no longer lists it', async () => {
    const { caseId } = await whistled(['dept-civil-affairs']);
    const civil = staffOf('dept-civil-affairs');
    const listed = async () => {
      const res = await cloud.call<Result<Page<WhistleTask>>>('cases', { action: 'whistles' }, civil);
      if (!res.ok) throw new Error(res.code);
      return res.data.items.map((i) => i.caseId);
    };
    expect((await actOk(cloud, civil, 'detail', { caseId })).case.caseId).toBe(caseId);
    expect(await listed()).toContain(caseId);
    const d = await actOk(cloud, town, 'withdrawWhistle', {
      caseId,
      departmentId: 'dept-civil-affairs',
      reason: '误选部门'
    });
    expect(await act(cloud, civil, 'detail', { caseId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await act(cloud, civil, 'checkIn', { caseId })).toMatchObject({ ok: false, code: 'NOT_WHISTLED' });
    expect(await listed()).not.toContain(caseId);
    // The timeline still shows the whistle and its withdrawal to those who hold the case.
    expect(d.timeline.slice(-2).map((e) => e.type)).toEqual(['whistle', 'withdrawWhistle']);
  });
});
