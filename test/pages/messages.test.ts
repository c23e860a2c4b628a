/**
 * @jest-environment jsdom
 */
// 消息中心 against the real local cloud: the resident's paused case (待补充) and resolved case (待评价)
// are listed and open their case; the 我的诉求 tab carries their count as a badge, and 我的 shows it.
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
afterEach(() => {
  page?.unload();
  page = undefined;
});

const staff = staffOf(ORG.pingan);
/** The 我的诉求 tab (app.json's tabBar). */
const CASES_TAB = 1;

/** A resident with one case paused for material and one resolved, signed in. */
async function residentWithTodos(openid: string): Promise<{ paused: string; resolved: string }> {
  const paused = await submitOk(cloud, openid, { description: '楼道堆放杂物堵塞消防通道，请社区处理。' });
  await actOk(cloud, staff, 'accept', { caseId: paused.caseId });
  await actOk(cloud, staff, 'pause', { caseId: paused.caseId, reason: '请提供现场照片' });
  const resolved = await submitOk(cloud, openid, { description: '小区路灯坏了一个多月，晚上出行不便。' });
  await actOk(cloud, staff, 'accept', { caseId: resolved.caseId });
  await actOk(cloud, staff, 'resolve', { caseId: resolved.caseId, result: '已更换路灯' });
  wxControl.reset();
  signIn(cloud.url, openid);
  return { paused: paused.caseId, resolved: resolved.caseId };
}

test('lists 待补充 and 待评价 with their counts; each row opens its case; the tab shows the badge', async () => {
  const { paused, resolved } = await residentWithTodos('msg-resident-1');
  page = await loadPage('pages/messages/index');
  await page.waitForText('待评价（1）');
  expect(page.text()).toContain('待补充材料（1）');
  expect(page.text()).toContain('楼道堆放杂物');
  expect(page.text()).toContain('小区路灯坏了');
  expect(wxControl.tabBadges.get(CASES_TAB)).toBe('2');

  await page.tap('.msgs__item--material');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
    expect.objectContaining({ url: `/pages/case/index?caseId=${paused}` })
  );
  await page.tap('.msgs__item--rate');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
    expect.objectContaining({ url: `/pages/case/index?caseId=${resolved}` })
  );
});

test('once rated and supplemented, the list is empty and the badge is gone', async () => {
  const { paused, resolved } = await residentWithTodos('msg-resident-2');
  page = await loadPage('pages/messages/index');
  await page.waitForText('待评价（1）');
  expect(wxControl.tabBadges.get(CASES_TAB)).toBe('2');
  await actOk(cloud, 'msg-resident-2', 'supplement', { caseId: paused, text: '照片已补充' });
  await actOk(cloud, 'msg-resident-2', 'rate', { caseId: resolved, satisfaction: 'satisfied' }, 'ratings');
  page.unload();
  page = await loadPage('pages/messages/index');
  await page.waitForText('暂无需要您处理的事项');
  expect(wxControl.tabBadges.has(CASES_TAB)).toBe(false);
});

test('我的 shows the count on 消息中心 and opens it', async () => {
  await residentWithTodos('msg-resident-3');
  page = await loadPage('pages/me/index');
  await page.waitForText('2 条待办');
  await page.tapText('消息中心');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/messages/index' }));
});
