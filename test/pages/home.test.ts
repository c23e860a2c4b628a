/**
 * @jest-environment jsdom
 */
// config.ts is free of `wx`, so tests may import it (see test/support/simulate.ts on typings).
import { expect } from '@jest/globals';
import { LOCAL_CLOUD_STORAGE_KEY } from '../../miniprogram/config';
import type { TestCloud } from '../support/localcloud';
import { loadPage, resetApp, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';
import { unusedPort } from '../support/simulate-wx';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(async () => {
  await cloud?.stop();
});
beforeEach(() => {
  // Otherwise a dead local cloud would only show up as the page's 网络连接不畅.
  const { exitCode, signalCode } = cloud.process;
  if (exitCode !== null || signalCode !== null)
    throw new Error(`the local cloud exited early (code ${exitCode}, signal ${signalCode})`);
  wxControl.reset();
  // What a developer does in DevTools to point the mini-program at the local cloud.
  signIn(cloud.url, 'resident-1');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

describe('home page against the local cloud', () => {
  test('tells a resident who they are', async () => {
    page = await loadPage('pages/home/index');
    await page.waitForText('角色 居民');

    expect(page.text()).toContain('所属单位 无');
    expect(page.text()).toContain('演示身份：resident-1');
    for (const entry of ['我要吹哨', '我的诉求', '德分宝']) expect(page.text()).toContain(entry);
    // Who I am, and what waits for me (the 我的诉求 tab's badge): through the gateway, as the configured identity.
    await page.waitFor(() => expect(wxControl.requests).toHaveLength(2));
    expect(wxControl.requests).toEqual([
      expect.objectContaining({
        url: `${cloud.url}/functions/account`,
        method: 'POST',
        data: { action: 'me' },
        header: expect.objectContaining({ 'x-wx-openid': 'resident-1' })
      }),
      expect.objectContaining({
        url: `${cloud.url}/functions/cases`,
        data: { action: 'todo' },
        header: expect.objectContaining({ 'x-wx-openid': 'resident-1' })
      })
    ]);
    // The badge's read may still be on its way back.
    for (let i = 0; i < 100 && !(await cloud.invocations(2)).some((x) => x.action === 'todo'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await cloud.invocations(2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'account', action: 'me', openid: 'resident-1', ok: true }),
        expect.objectContaining({ name: 'cases', action: 'todo', openid: 'resident-1', ok: true })
      ])
    );
  });

  test('shows a staff member their role and unit', async () => {
    signIn(cloud.url, 'staff-500104001001');
    page = await loadPage('pages/home/index');
    await page.waitForText('角色 工作人员');
    expect(page.text()).toContain('所属单位 平安社区');
  });

  test('德分宝 switches to its tab', async () => {
    page = await loadPage('pages/home/index');
    await page.waitForText('居民');
    await page.tapText('德分宝');
    await page.waitFor(() =>
      expect(wxControl.switchTab).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/points/index' }))
    );
  });

  test('我要吹哨 and 我的诉求 open their pages; only staff see 工作台', async () => {
    page = await loadPage('pages/home/index');
    await page.waitForText('角色 居民');
    expect(page.text()).not.toContain('工作台');
    await page.tapText('我要吹哨');
    await page.tapText('我的诉求');
    // 我的诉求 is a tabBar page: only switchTab opens it.
    await page.waitFor(() => {
      expect(wxControl.navigateTo.mock.calls.map(([o]) => o.url)).toEqual(['/pages/report/index']);
      expect(wxControl.switchTab.mock.calls.map(([o]) => o.url)).toEqual(['/pages/cases/index']);
    });
    page.unload();

    signIn(cloud.url, 'staff-500104001001');
    page = await loadPage('pages/home/index');
    await page.waitForText('角色 工作人员');
    await page.tapText('工作台');
    await page.waitFor(() =>
      expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
        expect.objectContaining({ url: '/packageStaff/workbench/index' })
      )
    );
  });

  test('切换身份 switches the demo identity and asks again', async () => {
    page = await loadPage('pages/home/index');
    await page.waitForText('居民');
    wxControl.nextActionSheetTap = 4; // 管理员 · 大渡口区
    await page.tapText('切换身份');
    await page.waitForText('角色 管理员');
    expect(page.text()).toContain('所属单位 大渡口区');
    expect(page.text()).toContain('演示身份：admin-1');
    expect(wxControl.storage.get(LOCAL_CLOUD_STORAGE_KEY)).toEqual({ url: cloud.url, openid: 'admin-1' });
  });

  test('a lost connection shows a Chinese message, and 重试 recovers', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    signIn(`http://127.0.0.1:${await unusedPort()}`, 'resident-1');
    page = await loadPage('pages/home/index');
    await page.waitForText('网络连接不畅，请检查网络后重试');
    expect(warn).toHaveBeenCalledWith(
      '[cloud] account.me: NETWORK',
      expect.objectContaining({ errMsg: expect.stringContaining('request:fail') })
    );
    warn.mockRestore();
    expect(page.text()).not.toContain('角色');

    signIn(cloud.url, 'resident-1');
    await page.tapText('重试');
    await page.waitForText('角色 居民');
  });
});

describe('home page in a release build', () => {
  afterAll(() => resetApp());

  test('calls CloudBase through wx.cloud, never the local cloud', async () => {
    resetApp();
    wxControl.envVersion = 'release';
    // Stands in for CloudBase: the fake wx.cloud forwards to the local cloud's gateway.
    wxControl.cloud = { url: cloud.url, openid: 'staff-dept-justice' };
    page = await loadPage('pages/home/index');
    await page.waitForText('角色 工作人员');

    expect(page.text()).toContain('所属单位 区司法局');
    expect(page.text()).not.toContain('演示身份');
    expect(wxControl.cloudInit).toHaveBeenCalledWith(expect.objectContaining({ traceUser: true }));
    await page.waitFor(() => expect(wxControl.cloudCalls).toHaveLength(2));
    expect(wxControl.cloudCalls).toEqual([
      { name: 'account', data: { action: 'me' } },
      { name: 'cases', data: { action: 'todo' } }
    ]);
    expect(wxControl.requests).toEqual([]);
  });
});
