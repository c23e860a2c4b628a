/**
 * @jest-environment jsdom
 */
// Issue 13, the cadres' side against the real local cloud: staff subscribe to their own notices from
// the workbench, their messages open the staff case page, every list leads to the case (督办, 吹哨待办,
// the dashboard's overdue count), the on-site page opens on its dispatch as it stands, and the staff
// case page shows fresh data when shown again. Each test stages its own case through the gateway.
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

const town = staffOf(ORG.xinshancun);
const community = staffOf(ORG.pingan);
const justice = staffOf('dept-justice');

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

const as = (openid: string): void => signIn(cloud.url, openid);
const openedUrls = (): string[] => wxControl.navigateTo.mock.calls.map(([o]) => (o as { url: string }).url);
const caseUrl = (caseId: string): string => `/packageStaff/case/index?caseId=${encodeURIComponent(caseId)}`;
const cloudNow = async (): Promise<number> =>
  new Date(((await cloud.request('GET', '/__emulator/clock')).body as { now: string }).now).getTime();

describe('staff notices', () => {
  test('the workbench subscribes to the staff templates from the database', async () => {
    as(community);
    page = await loadPage('packageStaff/workbench/index');
    await page.waitForText('订阅办理提醒');
    await page.tapText('订阅办理提醒');
    await page.waitFor(() =>
      expect(wxControl.requestSubscribeMessage).toHaveBeenCalledWith(
        expect.objectContaining({ tmplIds: ['TPL_CASE_ASSIGNED', 'TPL_CASE_WHISTLED', 'TPL_CASE_DUE'] })
      )
    );
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已订阅' }))
    );
  });

  test('a staff message opens the staff case page; the resident’s opens theirs', async () => {
    const { caseId } = await submitOk(cloud, 'resident-5');
    await cloud.trigger('outbox'); // the new case's notice goes out with the outbox timer
    await actOk(cloud, community, 'accept', { caseId });
    const mail = (await cloud.outbox()).filter((m) => m.page?.endsWith(`caseId=${caseId}`));
    const toStaff = mail.filter((m) => m.touser === community);
    const toResident = mail.filter((m) => m.touser === 'resident-5');
    expect(toStaff.length).toBeGreaterThan(0);
    for (const m of toStaff) expect(m.page).toBe(`packageStaff/case/index?caseId=${caseId}`);
    expect(toResident.map((m) => m.page)).toEqual([`pages/case/index?caseId=${caseId}`]);
  });
});

describe('every list opens the case', () => {
  test('a 督办 card opens the case', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-5');
    await cloud.advanceClock(6 * 24 * 3600_000); // the community never accepted it
    await cloud.trigger('deadlines');
    as(town);
    page = await loadPage('packageStaff/supervision/index');
    await page.waitForText(code);
    await page.tapText(code);
    await page.waitFor(() => expect(openedUrls()).toContain(caseUrl(caseId)));
  });

  test('吹哨待办 opens the complaint itself, not only the evaluation form', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-5', {
      category: 'labor',
      description: '装修公司拖欠三名工人工资。'
    });
    await actOk(cloud, town, 'whistle', { caseId, departmentIds: ['dept-justice'], reason: '欠薪需司法协助' });
    as(justice);
    page = await loadPage('packageStaff/whistles/index');
    await page.waitForText(code);
    await page.tapText('查看诉求');
    await page.waitFor(() => expect(openedUrls()).toEqual([caseUrl(caseId)]));
    page.unload();
    page = await loadPage('packageStaff/case/index', { query: { caseId } });
    await page.waitForText('装修公司拖欠三名工人工资。');
  });

  test('the dashboard’s overdue count opens the overdue queue', async () => {
    as(community);
    page = await loadPage('packageStaff/dashboard/index');
    await page.waitFor(() => page!.data.overdueText !== '');
    await page.tapText('查看');
    await page.waitFor(() => expect(openedUrls()).toContain('/packageStaff/workbench/index?overdue=1'));
    page.unload();
    wxControl.requests.length = 0;
    page = await loadPage('packageStaff/workbench/index', { query: { overdue: '1' } });
    await page.waitFor(() => page!.data.status === 'ready');
    expect(page.data.tab).toBe('overdue');
    const queue = wxControl.requests.map((r) => r.data as { action?: string }).filter((d) => d.action === 'queue');
    expect(queue[0]).toEqual({ action: 'queue', overdue: true });
  });
});

describe('fresh pages', () => {
  test('the on-site page opens on its dispatch as it stands', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-5');
    await actOk(cloud, community, 'accept', { caseId });
    const sent = await actOk(cloud, town, 'dispatch', {
      caseId,
      staffOpenid: community,
      visitBy: new Date((await cloudNow()) + 3600_000).toISOString()
    });
    const dispatchId = sent.dispatches[0].dispatchId;
    await actOk(cloud, community, 'onsiteCheckIn', { caseId, dispatchId, latitude: 29.48, longitude: 106.48 });
    as(community);
    page = await loadPage('packageStaff/onsite/index', { query: { caseId, dispatchId } });
    await page.waitForText('已签到，诉求未标注位置');
    expect(page.text()).toContain(code);
    expect(page.text()).not.toContain('我已到达现场，签到');
    await page.typeInto('.os__note-box', '已上门，双方同意调解。');
    await page.tapText('提交处置记录');
    await page.waitForText('已记录处置情况：已上门，双方同意调解。');
    await page.tapText('查看诉求');
    await page.waitFor(() => expect(openedUrls()).toContain(caseUrl(caseId)));
  });

  test('the staff case page shows the case as it is now when shown again', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-5');
    as(community);
    page = await loadPage('packageStaff/case/index', { query: { caseId } });
    await page.waitForText(code);
    expect(page.text()).toContain('待受理');
    await actOk(cloud, community, 'accept', { caseId, note: '已安排网格员' }); // e.g. from another phone
    (page.instance.onShow as () => void)();
    await page.waitForText('办理中');
  });
});

describe('on the case and after it', () => {
  test('the handling unit taps the reporter’s phone to call; others see it masked, no call', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-5', { contactPhone: '13812341234' });
    as(community);
    page = await loadPage('packageStaff/case/index', { query: { caseId } });
    await page.waitForText(code);
    await page.tapText('13812341234');
    await page.waitFor(() =>
      expect(wxControl.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13812341234' }))
    );
    page.unload();
    as(town);
    page = await loadPage('packageStaff/case/index', { query: { caseId } });
    await page.waitForText(code);
    expect(page.text()).toContain('138****1234');
    expect(page.text()).not.toContain('点击拨打');
  });

  test('a quick phrase fills the reply, which can be edited before sending', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-5');
    await actOk(cloud, community, 'accept', { caseId });
    as(community);
    page = await loadPage('packageStaff/case/index', { query: { caseId } });
    await page.waitForText(code);
    await page.tapText('回复');
    await page.tapText('已安排工作人员上门了解情况。');
    expect(page.data.text).toBe('已安排工作人员上门了解情况。');
    await page.tapText('确认提交');
    await page.waitForText('已回复，当前状态：办理中');
    const d = await actOk(cloud, 'resident-5', 'detail', { caseId });
    expect(d.replies.map((r) => r.text).join()).toContain('已安排工作人员上门了解情况。');
  });

  test('回访 lists resolved cases unrated after 7 days; a visit records the satisfaction', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-6');
    await actOk(cloud, community, 'accept', { caseId });
    await actOk(cloud, community, 'resolve', { caseId, result: '已协调处理' });
    // One its reporter rated: nothing to visit.
    const rated = await submitOk(cloud, 'resident-6');
    await actOk(cloud, community, 'accept', { caseId: rated.caseId });
    await actOk(cloud, community, 'resolve', { caseId: rated.caseId, result: '已协调处理' });
    await actOk(cloud, 'resident-6', 'rate', { caseId: rated.caseId, satisfaction: 'satisfied' }, 'ratings');
    as(community);
    page = await loadPage('packageStaff/followup/index');
    await page.waitFor(() => page!.data.status === 'ready');
    expect(page.text()).not.toContain(code); // within the 7 days the resident rates
    page.unload();
    await cloud.advanceClock(8 * 24 * 3600_000);
    page = await loadPage('packageStaff/followup/index');
    await page.waitForText(code);
    expect(page.text()).not.toContain(rated.code);
    // The row opens the staff case page.
    await page.tapText(`${code} · 邻里纠纷`);
    expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: `/packageStaff/case/index?caseId=${caseId}` })
    );
    await page.tapText('记录回访');
    await page.tapText('提交回访');
    await page.waitForText('请选择群众的满意度');
    await page.tapText('基本满意');
    await page.typeInto('.fu__note-box', '电话回访，群众认可处理结果。');
    await page.tapText('提交回访');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已回访' }))
    );
    await page.waitFor(() => !page!.text().includes(code));
    const d = await actOk(cloud, community, 'detail', { caseId });
    expect(d.rating).toMatchObject({ satisfaction: 'basic', source: 'followUp' });
  });
});
