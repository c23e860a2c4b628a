/**
 * @jest-environment jsdom
 */
// 每月一题 tab of the 考核看板 against the real local cloud: the month's clusters, the district picks one.
import { ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';
import type { TopicRow } from '../../miniprogram/packageStaff/dashboard/topics';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
  for (let i = 0; i < 5; i++)
    await submitOk(cloud, `resident-d-${i % 3}`, {
      category: 'neighbor',
      communityId: ORG.pingan,
      description: ['平安社区健身器材区流浪狗聚集，夜里狂叫', '流浪狗聚集在健身器材区，夜里狂叫还咬人'][i % 2],
      location: { latitude: 29.4841, longitude: 106.4821 + i * 0.0001 }
    });
  // The night after filing: the month stored is the filing month, which the page shows by default
  // unless the night crossed into a new month (then the page's month has no rows yet).
  await cloud.trigger('proactive');
});
afterAll(() => cloud?.stop());
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

interface TopicData {
  status: string;
  topicRows: TopicRow[];
  topicMayPick: boolean;
  topicPickLine: string;
}
const data = (p: LoadedPage): TopicData => p.data as TopicData;

test('the district opens the 每月一题 tab, sees the cluster with its count and trend, and picks it', async () => {
  signIn(cloud.url, staffOf(ORG.district));
  page = await loadPage('packageStaff/dashboard/index');
  await page.waitFor(() => data(page!).status === 'ready');
  await page.tapText('每月一题');
  await page.waitFor(() => data(page!).topicRows.length > 0);
  expect(data(page).topicMayPick).toBe(true);
  const text = page.text();
  expect(text).toContain('5 件 · 3 位群众 · 上月 0 件');
  expect(text).toContain('新出现');
  expect(text).toContain('平安社区');
  await page.tapText('选为每月一题');
  await page.waitFor(() => data(page!).topicPickLine !== '');
  expect(page.text()).toContain('已选为每月一题');
  expect(data(page).topicPickLine).toMatch(/^每月一题（.+）待受理$/);
});

test('a town sees the tab without the pick button', async () => {
  signIn(cloud.url, staffOf(ORG.xinshancun));
  page = await loadPage('packageStaff/dashboard/index');
  await page.waitFor(() => data(page!).status === 'ready');
  await page.tapText('每月一题');
  await page.waitFor(() => data(page!).topicRows.length > 0);
  expect(data(page).topicMayPick).toBe(false);
  expect(page.text()).not.toMatch(/(?<!已)选为每月一题/);
});

test('the month’s map: a marker at the centre of each located cluster; tapping one selects its row', async () => {
  signIn(cloud.url, staffOf(ORG.district));
  page = await loadPage('packageStaff/dashboard/index');
  await page.waitFor(() => data(page!).status === 'ready');
  await page.tapText('每月一题');
  await page.waitFor(() => data(page!).topicRows.length > 0);
  const d = page.data as TopicData & {
    topicMarkers: Array<{ id: number; latitude: number; longitude: number; callout: { content: string } }>;
    topicSelected: string;
  };
  expect(d.topicMarkers).toHaveLength(d.topicRows.filter((r) => r.points > 0).length);
  const first = d.topicMarkers[0];
  // The planted cases lie 0–4 × 0.0001° east of one point: their centre is 2 × 0.0001° east.
  expect(first).toMatchObject({ id: 1, latitude: 29.4841 });
  expect(first.longitude).toBeCloseTo(106.4823, 6);
  expect(first.callout.content).toBe('1. 邻里纠纷 5件');
  const map = page.query('.db__map');
  expect(map).toBeTruthy();
  map!.dispatchEvent('markertap', { detail: { markerId: 1 } });
  await page.waitFor(() => (page!.data as { topicSelected: string }).topicSelected === d.topicRows[0].key);
  expect(page.query('.db__topic-row--on')).toBeTruthy();
});
