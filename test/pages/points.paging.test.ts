/**
 * @jest-environment jsdom
 */
// Issue 11: the 公示 list and the workbench's claims queue page to the end. With 25 rows each, the first
// page shows 20; reaching the bottom asks for the next cursor, and the oldest row appears. Each test
// files its own rows in its own community, so either runs alone.
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';
import { GANGHUA, PINGAN, pointsOk, preparePoints, rid, staffOf } from '../functions/pointsHelpers';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
  await preparePoints(cloud);
}, 60_000);
afterAll(() => cloud?.stop());
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

/** Scrolls to the bottom of the page, as WeChat tells a page. */
function bottom(p: LoadedPage): void {
  const reachBottom = p.instance.onReachBottom as () => void;
  reachBottom.call(p.instance);
}

function as(openid: string, community: string): void {
  signIn(cloud.url, openid);
  wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, community);
}

test('the workbench pages its claims queue down to the oldest pending claim', async () => {
  // One at a time, so "oldest" is plain: 第0条 was filed first.
  for (let i = 0; i < 25; i++)
    await pointsOk(cloud, `resident-queue-${i}`, 'claim', {
      deedType: 'neighbour',
      communityId: GANGHUA,
      text: `第${i}条：帮邻居修水管`,
      requestId: rid()
    });
  as(staffOf(GANGHUA), GANGHUA);
  page = await loadPage('packagePoints/staff/index');
  await page.waitForText('待审核申报（20+）');
  expect(page.text()).toContain('第24条');
  expect(page.text()).not.toContain('第0条');
  bottom(page);
  await page.waitForText('待审核申报（25）');
  expect(page.text()).toContain('第0条：帮邻居修水管');
  expect(page.query('.staff__more-claims')).toBeUndefined();
});

test('the 公示 list pages to its oldest award', async () => {
  for (let i = 0; i < 25; i++)
    await pointsOk(cloud, staffOf(PINGAN), 'award', {
      openid: `resident-notice-${i}`,
      points: 5,
      reason: `第${i}次义务巡逻`,
      requestId: rid()
    });
  as('resident-notice-reader', PINGAN);
  page = await loadPage('packagePoints/notices/index');
  await page.waitFor(() => (page!.data.items as unknown[]).length === 20);
  expect(page.text()).toContain('第24次义务巡逻');
  expect(page.text()).toContain('加载更多');
  bottom(page);
  await page.waitFor(() => (page!.data.items as unknown[]).length === 25);
  expect(page.text()).toContain('第0次义务巡逻');
  expect(page.text()).toContain('没有更多了');
});
