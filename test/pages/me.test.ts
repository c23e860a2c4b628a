/**
 * @jest-environment jsdom
 */
// The 我的 tab and the tabBar: tab pages sit in the main package, and 长辈模式 is kept on the phone.
import fs from 'node:fs';
import path from 'node:path';
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

const mp = path.join(__dirname, '../../miniprogram');

describe('tabBar', () => {
  test('首页 / 我的诉求 / 德分宝 / 我的, main-package pages with small icons', () => {
    const app = JSON.parse(fs.readFileSync(path.join(mp, 'app.json'), 'utf8')) as {
      pages: string[];
      tabBar: { list: Array<{ pagePath: string; text: string; iconPath: string; selectedIconPath: string }> };
    };
    expect(app.tabBar.list.map((x) => x.text)).toEqual(['首页', '我的诉求', '德分宝', '我的']);
    for (const tab of app.tabBar.list) {
      expect(app.pages).toContain(tab.pagePath);
      for (const icon of [tab.iconPath, tab.selectedIconPath]) {
        // WeChat: a tab icon is a png/jpg of at most 40 KB.
        expect(icon).toMatch(/\.png$/);
        expect(fs.statSync(path.join(mp, icon)).size).toBeLessThan(40 * 1024);
      }
    }
  });
});

describe('我的', () => {
  test('a resident sees their links, no workbench; the links open their pages', async () => {
    page = await loadPage('pages/me/index');
    await page.waitForText('居民');
    expect(page.text()).not.toContain('工作台');
    for (const text of ['我的诉求', '我的德分', '我的关注', '长辈模式', '隐私政策'])
      expect(page.text()).toContain(text);
    await page.tapText('我的诉求');
    await page.tapText('我的德分');
    await page.tapText('我的关注');
    await page.waitFor(() => {
      expect(wxControl.switchTab.mock.calls.map(([o]) => o.url)).toEqual(['/pages/cases/index', '/pages/points/index']);
      expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
        expect.objectContaining({ url: '/packageDeliberation/topics/index' })
      );
    });
  });

  test('staff get their workbench', async () => {
    signIn(cloud.url, 'staff-500104001001');
    page = await loadPage('pages/me/index');
    await page.waitForText('平安社区');
    await page.tapText('工作台');
    await page.waitFor(() =>
      expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
        expect.objectContaining({ url: '/packageStaff/workbench/index' })
      )
    );
  });

  test('长辈模式 is kept on the phone and enlarges the page', async () => {
    page = await loadPage('pages/me/index');
    await page.waitForText('居民');
    expect(page.data.elder).toBe(false);
    await page.tap('.me__elder >>> .t-switch'); // as a finger flips it
    await page.waitFor(() => expect(page?.data.elder).toBe(true));
    expect(wxControl.storage.get('elderMode')).toBe(true);
    page.unload();

    page = await loadPage('pages/me/index');
    await page.waitFor(() => expect(page?.data.elder).toBe(true));
    page.unload();

    // Other pages with the behavior read it too, and mark their root.
    page = await loadPage('pages/points/index');
    expect(page.data.elder).toBe(true);
    expect(page.query('.elder')).toBeTruthy();
  });
});

describe('德分宝 tab', () => {
  test('leads into the points pages', async () => {
    page = await loadPage('pages/points/index');
    await page.tapText('积分商城');
    await page.waitFor(() =>
      expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
        expect.objectContaining({ url: '/packagePoints/shop/index' })
      )
    );
  });
});
