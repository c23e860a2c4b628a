// Every text someone else will read passes security.msgSecCheck (v2) before anything is stored:
// each text field below, at a moment its action would succeed, refuses a word of the local cloud's
// risky list with CONTENT_RISKY and leaves the stored documents exactly as they were; the same call
// with clean text succeeds. Each text-bearing call costs exactly one msgSecCheck; other calls none.
import fs from 'node:fs';
import { expect } from '@jest/globals';
import path from 'node:path';
import { act, newCase, ORG, staffOf, submitOk } from '../support/cases';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { POINTS_COLLECTIONS as C } from '../../server/repos/points';
import type { Result } from '../../typings/result';
import { PINGAN, pointsOk, preparePoints, readAll, secondStaffOf } from './pointsHelpers';

/** The first word of the local cloud's own risky list (emulator/risky-words.txt). */
const RISKY = fs
  .readFileSync(path.join(__dirname, '../../emulator/risky-words.txt'), 'utf8')
  .split('\n')
  .map((w) => w.trim())
  .find((w) => w && !w.startsWith('#'))!;

const community = staffOf(ORG.pingan);
const ganghua = staffOf(ORG.ganghua);
const town = staffOf(ORG.xinshancun);
const district = staffOf(ORG.district);
const justice = staffOf('dept-justice');
const police = staffOf('dept-police');

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
  await preparePoints(cloud);
}, 60_000);
afterAll(() => cloud?.stop());

/** security.msgSecCheck calls the local cloud has answered so far. */
async function secChecks(): Promise<number> {
  const stats = (await cloud.request('GET', '/__emulator/stats')).body as { openapi?: Record<string, number> };
  return stats.openapi?.['security.msgSecCheck'] ?? 0;
}

type Fields = Record<string, unknown>;
interface Guarded {
  fn: string;
  action: string;
  as: string;
  /** The call's fields with `text` in the field under test. */
  fields: (text: string) => Fields;
  clean: string;
  /** What the call would change: read before and after the refused call. */
  stored: () => Promise<unknown>;
}

/** What the tests read back from an answer: the ids they go on with. */
interface Answer {
  caseId: string;
  awardId: string;
  itemId: string;
  dispatches: Array<{ dispatchId: string }>;
}

/** The risky call is refused and writes nothing; the clean one succeeds; one msgSecCheck each. */
async function guarded(label: string, g: Guarded): Promise<Answer> {
  const before = await g.stored();
  const checks = await secChecks();
  const refused = await cloud.call<Result<unknown>>(
    g.fn,
    { action: g.action, ...g.fields(`${g.clean}${RISKY}`) },
    g.as
  );
  expect({ label, res: refused }).toMatchObject({
    label,
    res: { ok: false, code: 'CONTENT_RISKY', message: expect.stringMatching(/不当信息/) }
  });
  expect(await g.stored()).toEqual(before);
  expect(await secChecks()).toBe(checks + 1);
  const done = await cloud.call<Result<unknown>>(g.fn, { action: g.action, ...g.fields(g.clean) }, g.as);
  expect({ label, res: done }).toMatchObject({ label, res: { ok: true } });
  expect(await secChecks()).toBe(checks + 2);
  return (done as { data: Answer }).data;
}

/** A call without free text: it must cost no content check. */
async function quiet(fn: string, action: string, fields: Fields, as: string): Promise<Answer> {
  const checks = await secChecks();
  const res = await cloud.call<Result<unknown>>(fn, { action, ...fields }, as);
  expect({ action, res }).toMatchObject({ action, res: { ok: true } });
  expect({ action, checks: await secChecks() }).toEqual({ action, checks });
  return (res as { data: Answer }).data;
}

const oneCase = (caseId: string) => async () => (await readAll(cloud, 'cases', { _id: caseId }))[0];
const clockNow = async () =>
  new Date(((await cloud.request('GET', '/__emulator/clock')).body as { now: string }).now).getTime();

describe('cases: every text field', () => {
  test('submit: the description and the address', async () => {
    const location = { latitude: 29.4841, longitude: 106.4821, address: '平安社区3栋' };
    const form = newCase({ location });
    const mine = () => readAll(cloud, 'cases', { reporterId: 'resident-1' });
    await guarded('cases.submit.description', {
      fn: 'cases',
      action: 'submit',
      as: 'resident-1',
      stored: mine,
      clean: form.description,
      fields: (description) => ({ ...form, description, requestId: `${form.requestId}-d` })
    });
    await guarded('cases.submit.location.address', {
      fn: 'cases',
      action: 'submit',
      as: 'resident-1',
      stored: mine,
      clean: location.address,
      fields: (address) => ({ ...form, location: { ...location, address } })
    });
  });

  test('accept, reply, pause, resume, requestExtension, decideExtension, recordVisit, resolve, rate', async () => {
    // Its own case, so the test runs alone.
    const location = { latitude: 29.4841, longitude: 106.4821, address: '平安社区3栋' };
    const a = (await submitOk(cloud, 'resident-1', { location })).caseId;
    const stored = oneCase(a);
    await guarded('cases.accept.note', {
      fn: 'cases',
      action: 'accept',
      as: community,
      stored,
      clean: '已受理，将尽快上门',
      fields: (note) => ({ caseId: a, note })
    });
    await guarded('cases.reply.text', {
      fn: 'cases',
      action: 'reply',
      as: community,
      stored,
      clean: '已与楼上住户沟通',
      fields: (text) => ({ caseId: a, text })
    });
    await guarded('cases.pause.reason', {
      fn: 'cases',
      action: 'pause',
      as: community,
      stored,
      clean: '请补充噪音录音',
      fields: (reason) => ({ caseId: a, reason })
    });
    await guarded('cases.resume.note', {
      fn: 'cases',
      action: 'resume',
      as: community,
      stored,
      clean: '材料已补齐',
      fields: (note) => ({ caseId: a, note })
    });
    await guarded('cases.requestExtension.reason', {
      fn: 'cases',
      action: 'requestExtension',
      as: community,
      stored,
      clean: '需等待物业调取监控',
      fields: (reason) => ({ caseId: a, days: 3, reason })
    });
    await guarded('cases.decideExtension.note', {
      fn: 'cases',
      action: 'decideExtension',
      as: town,
      stored,
      clean: '同意延期',
      fields: (note) => ({ caseId: a, grant: true, note })
    });
    const visitBy = new Date((await clockNow()) + 2 * 3600_000).toISOString();
    const sent = await quiet('cases', 'dispatch', { caseId: a, staffOpenid: community, visitBy }, town);
    const dispatchId = sent.dispatches[0].dispatchId;
    await quiet('cases', 'onsiteCheckIn', { caseId: a, dispatchId, latitude: 29.4842, longitude: 106.4821 }, community);
    await guarded('cases.recordVisit.note', {
      fn: 'cases',
      action: 'recordVisit',
      as: community,
      stored,
      clean: '已上门调解',
      fields: (note) => ({ caseId: a, dispatchId, note })
    });
    await guarded('cases.resolve.result', {
      fn: 'cases',
      action: 'resolve',
      as: community,
      stored,
      clean: '双方达成一致，夜间十点后不再装修',
      fields: (result) => ({ caseId: a, result })
    });
    await guarded('ratings.rate.comment', {
      fn: 'ratings',
      action: 'rate',
      as: 'resident-1',
      stored,
      clean: '社区处理及时',
      fields: (comment) => ({ caseId: a, satisfaction: 'satisfied', comment })
    });
  });

  test('transfer, escalate, reassign, reject', async () => {
    const { caseId } = await submitOk(cloud, 'resident-3');
    const stored = oneCase(caseId);
    await guarded('cases.transfer.reason', {
      fn: 'cases',
      action: 'transfer',
      as: community,
      stored,
      clean: '事发地在钢花社区',
      fields: (reason) => ({ caseId, toUnitId: ORG.ganghua, reason })
    });
    await guarded('cases.escalate.reason', {
      fn: 'cases',
      action: 'escalate',
      as: ganghua,
      stored,
      clean: '涉及多个小区',
      fields: (reason) => ({ caseId, reason })
    });
    await guarded('cases.reassign.reason', {
      fn: 'cases',
      action: 'reassign',
      as: district,
      stored,
      clean: '事发地实为平安社区',
      fields: (reason) => ({ caseId, toUnitId: ORG.pingan, reason })
    });
    await guarded('cases.reject.reason', {
      fn: 'cases',
      action: 'reject',
      as: community,
      stored,
      clean: '与已受理诉求重复',
      fields: (reason) => ({ caseId, reason })
    });
  });

  test('whistle, report, evaluate, evaluateWhistle, withdrawWhistle', async () => {
    const { caseId } = await submitOk(cloud, 'resident-1', { category: 'labor' });
    const stored = oneCase(caseId);
    await guarded('cases.whistle.reason', {
      fn: 'cases',
      action: 'whistle',
      as: town,
      stored,
      clean: '涉及劳动保障与治安',
      fields: (reason) => ({ caseId, departmentIds: ['dept-justice', 'dept-police'], reason })
    });
    await quiet('cases', 'checkIn', { caseId }, justice);
    await guarded('cases.report.result', {
      fn: 'cases',
      action: 'report',
      as: justice,
      stored,
      clean: '已督促企业支付欠薪',
      fields: (result) => ({ caseId, result })
    });
    await guarded('ratings.evaluate.comment', {
      fn: 'ratings',
      action: 'evaluate',
      as: town,
      stored,
      clean: '响应迅速',
      fields: (comment) => ({ caseId, departmentId: 'dept-justice', responseScore: 5, resultScore: 4, comment })
    });
    await guarded('ratings.evaluateWhistle.comment', {
      fn: 'ratings',
      action: 'evaluateWhistle',
      as: justice,
      stored,
      clean: '吹哨及时',
      fields: (comment) => ({ caseId, reasonable: true, comment })
    });
    await guarded('cases.withdrawWhistle.reason', {
      fn: 'cases',
      action: 'withdrawWhistle',
      as: town,
      stored,
      clean: '治安问题已由社区民警处理',
      fields: (reason) => ({ caseId, departmentId: 'dept-police', reason })
    });
    expect(police).toBeTruthy();
  });
});

describe('points: every text field', () => {
  const claimsOf = (openid: string) => () => readAll(cloud, C.claims, { openid });
  let awardId = '';

  test('claim text; refuse reason', async () => {
    const base = { deedType: 'environment', communityId: PINGAN, requestId: 'content-claim-1' };
    await guarded('points.claim.text', {
      fn: 'points',
      action: 'claim',
      as: 'resident-1',
      stored: claimsOf('resident-1'),
      clean: '清扫小区楼道',
      fields: (text) => ({ ...base, text })
    });
    const second = await pointsOk(cloud, 'resident-1', 'claim', {
      ...base,
      deedType: 'environment',
      requestId: 'content-claim-2',
      text: '帮邻居搬运蜂窝煤'
    });
    const one = async () => (await readAll(cloud, C.claims, { _id: second.claimId }))[0];
    await guarded('points.refuse.reason', {
      fn: 'points',
      action: 'refuse',
      as: community,
      stored: one,
      clean: '照片不清楚，请补充',
      fields: (reason) => ({ claimId: second.claimId, reason })
    });
  });

  test('award reason; objection reason; ruling note', async () => {
    const awards = () => readAll(cloud, C.awards, { communityId: PINGAN });
    const done = await guarded('points.award.reason', {
      fn: 'points',
      action: 'award',
      as: community,
      stored: awards,
      clean: '协助调解邻里纠纷',
      fields: (reason) => ({ openid: 'resident-2', points: 5, reason, requestId: 'content-award-1' })
    });
    awardId = done.awardId;
    const award = async () => ({
      award: (await readAll(cloud, C.awards, { _id: awardId }))[0],
      objections: await readAll(cloud, C.objections, { awardId })
    });
    await guarded('points.object.reason', {
      fn: 'points',
      action: 'object',
      as: 'resident-3',
      stored: award,
      clean: '并未参与调解',
      fields: (reason) => ({ awardId, reason })
    });
    await guarded('points.ruling.note', {
      fn: 'points',
      action: 'ruling',
      as: secondStaffOf(PINGAN),
      stored: award,
      clean: '经核实确有其事',
      fields: (note) => ({ awardId, upheld: false, note })
    });
  });

  test('item name and description, on add and on edit', async () => {
    const items = () => readAll(cloud, C.items, { communityId: PINGAN });
    const base = { op: 'add', communityId: PINGAN, requestId: 'content-item-1', points: 10, stock: 5, monthlyLimit: 2 };
    await guarded('points.items.add.name', {
      fn: 'points',
      action: 'items',
      as: community,
      stored: items,
      clean: '大米',
      fields: (name) => ({ ...base, name })
    });
    const added = await guarded('points.items.add.description', {
      fn: 'points',
      action: 'items',
      as: community,
      stored: items,
      clean: '五常大米5斤',
      fields: (description) => ({ ...base, requestId: 'content-item-2', name: '大米', description })
    });
    const itemId = added.itemId;
    await guarded('points.items.edit.name', {
      fn: 'points',
      action: 'items',
      as: community,
      stored: items,
      clean: '东北大米',
      fields: (name) => ({ op: 'edit', itemId, name })
    });
    await guarded('points.items.edit.description', {
      fn: 'points',
      action: 'items',
      as: community,
      stored: items,
      clean: '东北大米10斤',
      fields: (description) => ({ op: 'edit', itemId, description })
    });
    await quiet('points', 'items', { op: 'restock', itemId, quantity: 3, requestId: 'content-restock-1' }, community);
  });
});

describe('the rest', () => {
  test('a follow-up visit note (after 7 days without a rating)', async () => {
    const { caseId } = await submitOk(cloud, 'resident-2');
    await quiet('cases', 'accept', { caseId }, community);
    await guarded('cases.resolve.result#2', {
      fn: 'cases',
      action: 'resolve',
      as: community,
      stored: oneCase(caseId),
      clean: '已调解',
      fields: (result) => ({ caseId, result })
    });
    await cloud.advanceClock(8 * 24 * 3600_000);
    await guarded('ratings.followUp.note', {
      fn: 'ratings',
      action: 'followUp',
      as: community,
      stored: oneCase(caseId),
      clean: '电话回访，群众满意',
      fields: (note) => ({ caseId, satisfaction: 'satisfied', note })
    });
  });

  test('actions without free text cost no content check', async () => {
    const { caseId } = await submitOk(cloud, 'resident-1');
    await quiet('cases', 'mine', {}, 'resident-1');
    await quiet('cases', 'detail', { caseId }, 'resident-1');
    await quiet('cases', 'queue', {}, community);
    await quiet('cases', 'accept', { caseId }, community);
    await quiet('cases', 'supervision', {}, district);
    await quiet('cases', 'whistles', {}, justice);
    await quiet('points', 'balance', {}, 'resident-1');
    await quiet('points', 'claims', {}, 'resident-1');
    await quiet('points', 'notices', { communityId: PINGAN }, 'resident-1');
    await quiet('points', 'shop', { communityId: PINGAN }, 'resident-1');
  });

  test('a text-bearing call without an OPENID is NOT_LOGGED_IN, before any check', async () => {
    const checks = await secChecks();
    expect(await act(cloud, '', 'reply', { caseId: 'x', text: '你好' })).toMatchObject({
      ok: false,
      code: 'NOT_LOGGED_IN'
    });
    expect(
      await cloud.call('points', {
        action: 'claim',
        deedType: 'environment',
        communityId: PINGAN,
        text: '清扫',
        requestId: 'no-openid-1'
      })
    ).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(
      await cloud.call('ratings', { action: 'rate', caseId: 'x', satisfaction: 'satisfied', comment: '好' })
    ).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(await secChecks()).toBe(checks);
  });

  test('every text field of the issue is covered', () => {
    // Read from this file, so the check stands alone: each label names one guarded call above.
    const covered = [...fs.readFileSync(__filename, 'utf8').matchAll(/guarded\(\s*'([^']+)'/g)].map((m) => m[1]);
    expect(new Set(covered)).toEqual(
      new Set([
        'cases.submit.description',
        'cases.submit.location.address',
        'cases.accept.note',
        'cases.reply.text',
        'cases.pause.reason',
        'cases.resume.note',
        'cases.requestExtension.reason',
        'cases.decideExtension.note',
        'cases.recordVisit.note',
        'cases.resolve.result',
        'cases.resolve.result#2',
        'ratings.rate.comment',
        'cases.transfer.reason',
        'cases.escalate.reason',
        'cases.reassign.reason',
        'cases.reject.reason',
        'cases.whistle.reason',
        'cases.report.result',
        'ratings.evaluate.comment',
        'ratings.evaluateWhistle.comment',
        'cases.withdrawWhistle.reason',
        'points.claim.text',
        'points.refuse.reason',
        'points.award.reason',
        'points.object.reason',
        'points.ruling.note',
        'points.items.add.name',
        'points.items.add.description',
        'points.items.edit.name',
        'points.items.edit.description',
        'ratings.followUp.note'
      ])
    );
  });
});
