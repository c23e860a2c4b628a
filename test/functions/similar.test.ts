import { randomUUID } from 'node:crypto';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { Result } from '../../typings/result';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

interface SimilarCase {
  caseId: string;
  code: string;
  categoryName: string;
  text: string;
  status: string;
  distanceM: number | null;
  followers: number;
  following: boolean;
}

const here = { latitude: 29.4841, longitude: 106.4821 };
/** ~1.1 km north of `here`. */
const far = { latitude: 29.4941, longitude: 106.4821 };
/** ~110 m north of `here`. */
const near = { latitude: 29.4851, longitude: 106.4821 };

/** A phrase no other test uses, so each test finds only its own cases among the community's. */
const marker = (): string => `编号${randomUUID().slice(0, 8)}`;

async function similar(openid: string, req: Record<string, unknown>): Promise<SimilarCase[]> {
  const res = await cloud.call<Result<{ items: SimilarCase[] }>>('cases', { action: 'similar', ...req }, openid);
  if (!res.ok) throw new Error(`similar failed: ${res.code}`);
  return res.data.items;
}

describe('cases.similar', () => {
  test('answers open cases of the category and community with alike text, in one request, without personal data', async () => {
    const m = marker();
    const alike = await submitOk(cloud, 'sim-a', { description: `${m}小区东门路灯不亮，晚上很黑` });
    const other = await submitOk(cloud, 'sim-b', { description: `${m}小区东门路灯不亮，晚上很黑`, category: 'labor' });
    const unrelated = await submitOk(cloud, 'sim-c', { description: '工资被拖欠三个月了，老板不接电话' });
    const items = await similar('sim-d', {
      communityId: ORG.pingan,
      category: 'neighbor',
      text: `${m}东门的路灯不亮了`
    });
    const ids = items.map((i) => i.caseId);
    expect(ids).toContain(alike.caseId);
    expect(ids).not.toContain(other.caseId);
    expect(ids).not.toContain(unrelated.caseId);
    const found = items.find((i) => i.caseId === alike.caseId);
    expect(Object.keys(found ?? {}).sort()).toEqual(
      ['caseId', 'categoryName', 'code', 'distanceM', 'followers', 'following', 'status', 'text'].sort()
    );
    expect(found).toMatchObject({ code: alike.code, status: 'submitted', distanceM: null, followers: 0 });
    expect(JSON.stringify(items)).not.toMatch(/1381234|sim-a/);
    expect((await cloud.invocations(1))[0].dbRequests).toBe(1);
  });

  test('with both locations, a near case is shown with its distance and a far one is not', async () => {
    const m = marker();
    const text = `${m}垃圾桶满了没人清运，气味很大`;
    const nearCase = await submitOk(cloud, 'sim-e', { description: text, location: { ...near, address: '3栋' } });
    const farCase = await submitOk(cloud, 'sim-f', { description: text, location: { ...far, address: '9栋' } });
    const items = await similar('sim-g', { communityId: ORG.pingan, category: 'neighbor', location: here, text });
    const ids = items.map((i) => i.caseId);
    expect(ids).toContain(nearCase.caseId);
    expect(ids).not.toContain(farCase.caseId);
    const d = items.find((i) => i.caseId === nearCase.caseId)?.distanceM ?? 0;
    expect(d).toBeGreaterThan(90);
    expect(d).toBeLessThan(130);
  });

  test('a reporter is not shown their own case; an empty text answers nothing', async () => {
    const m = marker();
    const own = await submitOk(cloud, 'sim-h', { description: `${m}楼道堆放杂物堵塞消防通道` });
    const mine = await similar('sim-h', { communityId: ORG.pingan, category: 'neighbor', text: `${m}楼道堆放杂物` });
    expect(mine.map((i) => i.caseId)).not.toContain(own.caseId);
    expect(await similar('sim-i', { communityId: ORG.pingan, category: 'neighbor', text: '' })).toEqual([]);
  });
});

describe('cases.follow', () => {
  test('a resident follows once, the count shows in similar, and unfollowing takes it back', async () => {
    const m = marker();
    const text = `${m}小区门口共享单车乱停放`;
    const c = await submitOk(cloud, 'fol-a', { description: text });
    const first = await act(cloud, 'fol-b', 'follow', { caseId: c.caseId });
    expect(first).toMatchObject({ ok: true, data: { following: true, followers: 1 } });
    expect(await act(cloud, 'fol-b', 'follow', { caseId: c.caseId })).toMatchObject({
      ok: true,
      data: { followers: 1 }
    });
    expect(await act(cloud, 'fol-c', 'follow', { caseId: c.caseId })).toMatchObject({
      ok: true,
      data: { followers: 2 }
    });
    const seen = (await similar('fol-b', { communityId: ORG.pingan, category: 'neighbor', text })).find(
      (i) => i.caseId === c.caseId
    );
    expect(seen).toMatchObject({ followers: 2, following: true });
    expect(await act(cloud, 'fol-b', 'unfollow', { caseId: c.caseId })).toMatchObject({
      ok: true,
      data: { following: false, followers: 1 }
    });
  });

  test("a follower is told of the case's changes as the reporter is, until they unfollow", async () => {
    const c = await submitOk(cloud, 'fol-f', { description: `${marker()}路面塌陷有积水` });
    await actOk(cloud, 'fol-g', 'follow', { caseId: c.caseId });
    await actOk(cloud, 'fol-h', 'follow', { caseId: c.caseId });
    await actOk(cloud, 'fol-h', 'unfollow', { caseId: c.caseId });
    await actOk(cloud, staffOf(ORG.pingan), 'accept', { caseId: c.caseId });
    const told = (await cloud.outbox()).filter(
      (m) => m.page?.includes(c.caseId) && m.templateId === 'TPL_CASE_ACCEPTED'
    );
    expect(told.map((m) => m.touser).sort()).toEqual(['fol-f', 'fol-g']);
  });

  test('a follower opens the case the notices point to: no phone, no name, no actions; a stranger cannot', async () => {
    const c = await submitOk(cloud, 'fol-r', {
      description: `${marker()}楼下餐馆油烟扰民`,
      contactPhone: '13812345678'
    });
    await actOk(cloud, staffOf(ORG.pingan), 'accept', { caseId: c.caseId });
    expect(await act(cloud, 'fol-s', 'detail', { caseId: c.caseId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await actOk(cloud, 'fol-s', 'follow', { caseId: c.caseId });
    const seen = await actOk(cloud, 'fol-s', 'detail', { caseId: c.caseId });
    expect(seen.case).toMatchObject({
      caseId: c.caseId,
      isMine: false,
      contactPhone: '138****5678',
      reporterName: null
    });
    expect(seen.reporterActions).toEqual([]);
    expect(seen.allowedActions).toEqual([]);
    expect(seen.timeline.length).toBeGreaterThan(0);
    // Following gives reading only: the reporter's own actions stay the reporter's.
    expect(await act(cloud, 'fol-s', 'withdraw', { caseId: c.caseId, reason: '不想办了' })).toMatchObject({
      ok: false
    });
    await actOk(cloud, 'fol-s', 'unfollow', { caseId: c.caseId });
    expect(await act(cloud, 'fol-s', 'detail', { caseId: c.caseId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('refuses the reporter, an unknown case and a case no longer open, writing nothing', async () => {
    const c = await submitOk(cloud, 'fol-d', { description: `${marker()}电梯经常停运` });
    expect(await act(cloud, 'fol-d', 'follow', { caseId: c.caseId })).toMatchObject({
      ok: false,
      code: 'CASE_OWN_FOLLOW'
    });
    expect(await act(cloud, 'fol-e', 'follow', { caseId: 'no-such-case' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND'
    });
    expect(await act(cloud, 'fol-d', 'withdraw', { caseId: c.caseId, reason: '已自行解决' })).toMatchObject({
      ok: true
    });
    expect(await act(cloud, 'fol-e', 'follow', { caseId: c.caseId })).toMatchObject({ ok: false, code: 'CASE_CLOSED' });
  });
});
