/**
 * @jest-environment jsdom
 */
// 长辈模式 on every resident page: with the switch on (kept on the phone by 我的), each page sets its
// page-meta to the elder font (a quarter above the phone's setting, at least 24 px = 18 pt), and the
// home page keeps only the three main actions.
import { elderFontPx, ELDER_MODE_KEY } from '../../miniprogram/utils/elderFont';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, 'resident-1');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const RESIDENT_PAGES = [
  'pages/home/index',
  'pages/cases/index',
  'pages/report/index',
  'pages/messages/index',
  'pages/points/index',
  'pages/me/index',
  'packagePoints/home/index',
  'packagePoints/shop/index',
  'packagePoints/ledger/index',
  'packagePoints/orders/index',
  'packagePoints/claim/index',
  'packageDeliberation/topics/index',
  'packageMediation/legal/index'
];

test('the elder font is a quarter above the phone’s setting, never under 24 px', () => {
  expect(elderFontPx(16)).toBe(24);
  expect(elderFontPx(20)).toBe(25);
  expect(elderFontPx(28)).toBe(35);
});

test.each(RESIDENT_PAGES)('%s: the phone’s font when off, the elder font when on', async (path) => {
  page = await loadPage(path);
  expect(page.data).toMatchObject({ elder: false, elderFont: 'system' });
  page.unload();
  wxControl.storage.set(ELDER_MODE_KEY, true);
  page = await loadPage(path);
  expect(page.data).toMatchObject({ elder: true, elderFont: '24px' });
});

// The root's `elder` class is what app.wxss's `.elder` rules hang on (line spacing, big buttons).
const ELDER_CLASS_PAGES = RESIDENT_PAGES.filter((p) => !/^package(Deliberation|Mediation)\//.test(p));

test.each(ELDER_CLASS_PAGES)('%s: the root carries the elder class only while the switch is on', async (path) => {
  page = await loadPage(path);
  expect(page.query('.elder')).toBeUndefined();
  page.unload();
  wxControl.storage.set(ELDER_MODE_KEY, true);
  page = await loadPage(path);
  expect(page.query('.elder')).toBeDefined();
});

test('the home page in 长辈模式 shows the three main actions only, and they open their pages', async () => {
  wxControl.storage.set(ELDER_MODE_KEY, true);
  page = await loadPage('pages/home/index');
  expect(page.queryAll('.home__big')).toHaveLength(3);
  expect(page.text().replace(/\s+/g, ' ')).toContain('我要吹哨 我的诉求 德分宝');
  expect(page.text()).not.toContain('议事协商');
  expect(page.text()).not.toContain('我的身份');
  await page.tapText('我要吹哨');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/report/index' }));
  await page.tapText('我的诉求');
  expect(wxControl.switchTab).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/cases/index' }));
});
