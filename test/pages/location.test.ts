/**
 * @jest-environment jsdom
 */
// Where a case happened: the resident pins it on the report form (wx.chooseLocation, declared in
// app.json, behind the privacy guide), the case page opens it in WeChat's map, and a pin outside the
// district's box (kept with the organisation data) is refused with its message, nothing filed.
import { actOk, ORG, staffOf } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { fillReport, submitReport } from '../support/report';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, 'resident-3');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const form = {
  category: '邻里纠纷',
  town: '新山村街道',
  community: '平安社区',
  description: '小区绿地被人私自圈占种菜，多次劝说无果。'
};
const submits = () =>
  wxControl.requests.filter(
    (r) => r.url.endsWith('/functions/cases') && (r.data as { action?: string }).action === 'submit'
  );

describe('the map pin', () => {
  test('pinned on the form behind the privacy guide, stored, and opened in the map from the case', async () => {
    page = await fillReport(form);
    wxControl.nextChosenLocation = { latitude: 29.4846, longitude: 106.482, name: '平安社区绿地', address: '大渡口区' };
    await page.tapText('在地图上选择');
    await page.waitForText('用户隐私保护提示');
    page.query('.privacy__agree')!.dispatchEvent('agreeprivacyauthorization');
    await page.waitForText('大渡口区 平安社区绿地');
    expect(wxControl.chooseLocation).toHaveBeenCalledTimes(1);
    const { caseId } = await submitReport(page);
    expect(submits()[0].data).toMatchObject({
      location: { latitude: 29.4846, longitude: 106.482, address: '大渡口区 平安社区绿地' }
    });
    page.unload();

    page = await loadPage('pages/case/index', { query: { caseId } });
    await page.waitForText('大渡口区 平安社区绿地');
    await page.tap('.cd__location');
    await page.waitFor(() =>
      expect(wxControl.openLocation).toHaveBeenCalledWith(
        expect.objectContaining({ latitude: 29.4846, longitude: 106.482, address: '大渡口区 平安社区绿地' })
      )
    );
    // Staff see the same pin.
    const seen = await actOk(cloud, staffOf(ORG.pingan), 'detail', { caseId });
    expect(seen.case.location).toEqual({ latitude: 29.4846, longitude: 106.482, address: '大渡口区 平安社区绿地' });
  });

  test('cancelling the map keeps the form without a pin; clearing removes one', async () => {
    wxControl.privacyAgreed = true;
    page = await fillReport({ ...form, pin: { latitude: 29.48, longitude: 106.48, name: '社区门口' } });
    expect(page.text()).toContain('社区门口');
    wxControl.nextChosenLocation = null; // the user closes the map
    await page.tapText('重新选择');
    await page.waitFor(() => expect(wxControl.chooseLocation).toHaveBeenCalledTimes(2));
    expect(page.text()).toContain('社区门口');
    expect(wxControl.showToast).not.toHaveBeenCalled();
    await page.tapText('清除位置');
    await page.waitFor(() => page!.data.location === null);
    expect(page.text()).toContain('在地图上选择');
  });

  test('a pin outside the district is refused with its message; nothing is filed', async () => {
    signIn(cloud.url, 'resident-faraway');
    wxControl.privacyAgreed = true;
    page = await fillReport({ ...form, pin: { latitude: 39.9087, longitude: 116.3975, name: '天安门' } });
    await page.tapText('提交');
    await page.waitForText('所选位置不在本区范围内，请重新选择');
    expect(submits()).toHaveLength(1);
    expect(wxControl.redirectTo).not.toHaveBeenCalled();
    const mine = await cloud.call<{ ok: boolean; data: { items: unknown[] } }>(
      'cases',
      { action: 'mine' },
      'resident-faraway'
    );
    expect(mine.data.items).toHaveLength(0);
  });
});

describe('one privacy listener for the app', () => {
  test('a page with a guide shows it; a page without one declines at once, nothing hangs', async () => {
    // The report form shows its guide for the map (the first test); the resident's case page has none.
    page = await loadPage('pages/cases/index');
    const api = (globalThis as unknown as { wx: { chooseLocation(o: object): void } }).wx;
    const failed = await new Promise<string>((resolve) =>
      api.chooseLocation({ success: () => resolve('picked'), fail: (e: { errMsg: string }) => resolve(e.errMsg) })
    );
    expect(failed).toContain('privacy');
    expect(page.text()).not.toContain('用户隐私保护提示');
  });
});

describe('the report draft', () => {
  test('kept as typed, restored on return, guarded against leaving unsent; gone once filed', async () => {
    signIn(cloud.url, 'resident-draft');
    wxControl.privacyAgreed = true;
    page = await fillReport({ ...form, pin: { latitude: 29.48, longitude: 106.48, name: '小区绿地' } });
    expect(wxControl.enableAlertBeforeUnload).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('还没有提交') as unknown })
    );
    page.unload();
    page = await loadPage('pages/report/index');
    await page.waitForText('纠纷类别');
    expect(page.data.description).toBe(form.description);
    expect(page.text()).toContain('小区绿地');
    page.unload();
    page = await fillReport(form); // the same form, filled again: the draft is its text
    await submitReport(page);
    expect(wxControl.storage.has('shajie:reportDraft')).toBe(false);
    expect(wxControl.disableAlertBeforeUnload).toHaveBeenCalled();
  });
});

test('the home page has a share card that opens the home page', async () => {
  page = await loadPage('pages/home/index');
  const card = (page.instance.onShareAppMessage as () => { title: string; path: string })();
  expect(card).toEqual({ title: expect.stringContaining('莎姐') as unknown, path: '/pages/home/index' });
});
