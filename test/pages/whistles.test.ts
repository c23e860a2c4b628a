/**
 * @jest-environment jsdom
 */
// 三吹哨三报到 through the pages, against the real local cloud: a town whistles departments from the
// staff case page; a department checks in from its queue (countdown), reports and evaluates the
// whistle; the town scores the department; the 督办 list after the clock passes a check-in deadline;
// a dispatched cadre's on-site check-in with WeChat location. Each test stages its own case through
// the gateway up to the step it shows, so any one runs alone (`-t`); the phone's clock follows the
// local cloud's, which one test moves forward.
import { jest } from '@jest/globals';
import type { CaseDetail } from '../../typings/cases';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';
import { unusedPort } from '../support/simulate-wx';
import { fillReport, submitReport } from '../support/report';

const town = staffOf(ORG.xinshancun);
const justice = staffOf('dept-justice');
const police = staffOf('dept-police');
/** Where the resident marked the case (大渡口, near 新山村). */
const CASE_AT = { latitude: 29.4846, longitude: 106.482 };

let cloud: TestCloud;
let page: LoadedPage | undefined;
let filed: { caseId: string; code: string };
let phoneClock: { mockRestore(): void } | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(async () => {
  wxControl.reset();
  phoneClock = await phoneClockFollowsCloud();
});
afterEach(() => {
  page?.unload();
  page = undefined;
  phoneClock?.mockRestore();
});

const as = (openid: string): void => signIn(cloud.url, openid);

async function cloudClock(): Promise<{ now: string; offsetMs: number }> {
  return (await cloud.request('GET', '/__emulator/clock')).body as { now: string; offsetMs: number };
}

/** Countdowns are read against the phone's clock: set it to the local cloud's. */
async function phoneClockFollowsCloud(): Promise<{ mockRestore(): void }> {
  const { offsetMs } = await cloudClock();
  const realNow = Date.now;
  return jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
}

/** A labour dispute: it starts at the town, which may whistle departments. */
const laborCase = () =>
  submitOk(cloud, 'resident-1', {
    category: 'labor',
    description: '工地拖欠十二名工人三个月工资，包工头失联。'
  });

/** A labour case the town whistled 区司法局 (lead) and 区公安分局 onto, as the first test does from the page. */
async function whistledCase(): Promise<{ caseId: string; code: string }> {
  const c = await laborCase();
  await actOk(cloud, town, 'whistle', {
    caseId: c.caseId,
    departmentIds: ['dept-justice', 'dept-police'],
    reason: '欠薪涉及十二名工人，需司法、公安协同处置',
    reportWithinMinutes: 30
  });
  return c;
}

const detail = (): Promise<CaseDetail> => actOk(cloud, staffOf(ORG.district), 'detail', { caseId: filed.caseId });
const callsOf = (action: string) =>
  wxControl.requests.map((r) => r.data as Record<string, unknown>).filter((d) => d.action === action);
/** The labels of the actions the case page offers. */
const actionLabels = (p: LoadedPage): string[] => (p.data.actions as Array<{ label: string }>).map((a) => a.label);
const toasts = () => wxControl.showToast.mock.calls.map(([o]) => (o as { title: string }).title);
/** The page and query of the last wx.navigateTo. */
function lastNavigation(): { route: string; query: Record<string, string> } {
  const [o] = wxControl.navigateTo.mock.calls[wxControl.navigateTo.mock.calls.length - 1];
  const [route, qs = ''] = (o as { url: string }).url.replace(/^\//, '').split('?');
  return { route, query: Object.fromEntries(new URLSearchParams(qs)) };
}

describe('吹哨 from the staff case page', () => {
  test('a community cannot open the town’s case; the town picks departments (first leads), keeps 30 minutes and whistles', async () => {
    filed = await laborCase();
    as(staffOf(ORG.pingan));
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('没有找到相关内容'); // a town's case: the community does not hold it (access follows the job)
    expect(page.data.actions).toEqual([]);
    page.unload();

    as(town);
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitFor(() => actionLabels(page!).includes('吹哨'));
    await page.tapText('吹哨');
    await page.waitForText('吹哨部门（先选的牵头，最多5个）');
    // The departments come from the org catalog.
    const picker = () => page!.query('.sc__depts')!; // the department-picker component
    expect(picker().data.chips).toHaveLength(37);
    expect(page.data.minutesText).toBe('30');

    await page.tapText('确认提交');
    await page.waitForText('请填写吹哨原因');
    await page.typeInto('.sc__text-box', '欠薪涉及十二名工人，需司法、公安协同处置');
    await page.tapText('确认提交');
    await page.waitForText('请选择要吹哨的部门');
    expect(callsOf('whistle')).toEqual([]);

    // The search narrows the 37 chips by name; a picked one stays in view whatever is typed.
    const search = async (q: string) => {
      page!.query('.sc__depts >>> .dp__search')!.dispatchEvent('input', { detail: { value: q } });
      await page!.waitFor(() => picker().data.query === q);
    };
    const shown = (): string[] => page!.queryAll('.sc__depts >>> .dp__dept').map((n) => n.dom?.textContent ?? '');
    await search('司法');
    expect(shown()).toEqual(['区司法局']);
    await page.tapText('区司法局');
    await search('公安');
    expect(shown().sort()).toEqual(['1 区司法局', '区公安分局']);
    await search('没有这个');
    await page.waitForText('没有名称含“没有这个”的部门可选');
    expect(shown()).toEqual(['1 区司法局']);
    await search('');
    expect(shown()).toHaveLength(37);
    await page.tapText('区公安分局');
    await page.waitForText('牵头部门：区司法局');
    await page.tapText('确认提交');
    await page.waitForText('已吹哨，当前状态');
    expect(callsOf('whistle')).toEqual([
      {
        action: 'whistle',
        caseId: filed.caseId,
        departmentIds: ['dept-justice', 'dept-police'],
        reason: '欠薪涉及十二名工人，需司法、公安协同处置',
        reportWithinMinutes: 30
      }
    ]);
    // The whistles show on the case, each with its state.
    await page.waitForText('吹哨报到');
    const text = page.text();
    expect(text).toMatch(/区司法局 牵头/);
    expect(text).toMatch(/区公安分局 配合/);
    expect(text).toContain('新山村街道吹哨：欠薪涉及十二名工人');
    expect(text).toMatch(/待报到（时限 \d{4}-\d\d-\d\d \d\d:\d\d）/);
    const d = await detail();
    expect(d.whistles.map((w) => new Date(w.checkInDueAt).getTime() - new Date(w.at).getTime())).toEqual([
      30 * 60_000,
      30 * 60_000
    ]);
  });
});

describe('the department', () => {
  test('on the case page a whistled department may check in and send someone, nothing more: no 受理 or 办结', async () => {
    filed = await whistledCase();
    as(justice);
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('吹哨报到');
    expect(actionLabels(page)).toEqual(['报到', '派员到场']);
    for (const key of ['accept', 'resolve', 'reject', 'transfer', 'whistle'])
      expect(page.queryAll(`.sc__action--${key}`)).toHaveLength(0);
    expect(page.text()).not.toContain('撤回吹哨');
  });

  test('sees the whistle in its queue with a countdown, checks in on time', async () => {
    // A department no other test whistles: its queue holds this whistle alone, whatever ran before.
    filed = await laborCase();
    await actOk(cloud, town, 'whistle', {
      caseId: filed.caseId,
      departmentIds: ['dept-hrss'],
      reason: '欠薪涉及十二名工人，需人社部门处置',
      reportWithinMinutes: 30
    });
    as(staffOf('dept-hrss'));
    page = await loadPage('packageStaff/whistles/index');
    await page.waitForText(filed.code);
    expect(page.text()).toMatch(/报到剩余(29|30)分钟/);
    expect(page.text()).toContain('牵头');
    expect(page.text()).toContain('吹哨原因：欠薪涉及十二名工人');

    await page.tapText('报到');
    await page.waitForText('已报到，待反馈结果');
    expect(toasts()).toContain('已报到');
    expect((await detail()).whistles.find((w) => w.departmentId === 'dept-hrss')).toMatchObject({
      checkInLate: false
    });

    await page.tapText('反馈结果 / 评价');
    expect(lastNavigation()).toEqual({
      route: 'packageStaff/evaluate/index',
      query: { caseId: filed.caseId, side: 'department' }
    });
  });

  test('a withdrawn whistle leaves the department’s queue, and the case is no longer the department’s to open', async () => {
    const other = await submitOk(cloud, 'resident-2', {
      category: 'labor',
      description: '另一处工地欠薪，涉及五名工人，请协调。'
    });
    await actOk(cloud, town, 'accept', { caseId: other.caseId });
    await actOk(cloud, town, 'whistle', { caseId: other.caseId, departmentIds: ['dept-health'], reason: '疑似职业病' });
    await actOk(cloud, town, 'withdrawWhistle', {
      caseId: other.caseId,
      departmentId: 'dept-health',
      reason: '误选部门'
    });
    as(staffOf('dept-health'));
    page = await loadPage('packageStaff/whistles/index');
    await page.waitFor(() => page!.data.status !== 'loading');
    if (page.data.pendingOnly) await page.tapText('查看全部');
    await page.waitForText('暂无吹哨待办');
    expect(page.text()).not.toContain(other.code);
    page.unload();
    page = await loadPage('packageStaff/case/index', { query: { caseId: other.caseId } });
    await page.waitForText('没有找到相关内容'); // access follows the job: withdrawn, no longer its case
  });

  test('reports its result, then says the whistle was reasonable, from the evaluation form', async () => {
    filed = await whistledCase();
    await actOk(cloud, justice, 'checkIn', { caseId: filed.caseId });
    as(justice);
    page = await loadPage('packageStaff/evaluate/index', { query: { caseId: filed.caseId, side: 'department' } });
    expect(page.text()).toContain('反馈办理结果');
    await page.typeInto('.ev__result-box', '已联系劳动监察，约谈施工方，工资分两期支付。');
    await page.tapText('提交办理结果');
    await page.waitFor(() => expect(toasts()).toContain('已反馈'));

    await page.tapText('合理');
    await page.typeInto('.ev__comment-box', '属司法调解范围，吹哨及时。');
    await page.tapText('提交评价');
    await page.waitFor(() => expect(toasts()).toContain('评价已提交'));
    expect(wxControl.navigateBack).toHaveBeenCalled();
    const w = (await detail()).whistles.find((x) => x.departmentId === 'dept-justice')!;
    expect(w.result).toBe('已联系劳动监察，约谈施工方，工资分两期支付。');
    expect(w.whistleEvaluation).toMatchObject({ reasonable: true, comment: '属司法调解范围，吹哨及时。' });
  });
});

describe('谁吹哨谁评价', () => {
  test('the town opens the evaluation from the case page and scores the department 1–5, once', async () => {
    // 区司法局 checked in on time, reported, and judged the whistle reasonable (the test above, through the page).
    filed = await whistledCase();
    const { caseId } = filed;
    await actOk(cloud, justice, 'checkIn', { caseId });
    await actOk(cloud, justice, 'report', { caseId, result: '已联系劳动监察，约谈施工方，工资分两期支付。' });
    await actOk(
      cloud,
      justice,
      'evaluateWhistle',
      { caseId, reasonable: true, comment: '属司法调解范围，吹哨及时。' },
      'ratings'
    );
    as(town);
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('评价该部门');
    expect(page.text()).toContain('已报到（按时），已反馈');
    expect(page.text()).toContain('办理结果：已联系劳动监察');
    await page.tapText('评价该部门');
    const nav = lastNavigation();
    expect(nav).toEqual({
      route: 'packageStaff/evaluate/index',
      query: { caseId: filed.caseId, departmentId: 'dept-justice', side: 'town' }
    });
    page.unload();

    page = await loadPage(nav.route, { query: nav.query });
    expect(page.text()).toContain('评价报到部门');
    await page.tapText('提交评价');
    expect(toasts()).toContain('请为响应速度和办理效果打分');
    expect(callsOf('evaluate')).toEqual([]);

    const scores = page.queryAll('.ev__score >>> .t-button'); // 响应速度 1–5, then 办理效果 1–5
    expect(scores).toHaveLength(10);
    scores[3].dispatchEvent('tap');
    scores[9].dispatchEvent('tap');
    await page.waitFor(() => page!.data.responseScore === 4 && page!.data.resultScore === 5);
    // The choice is said in words too, not only by the filled button.
    expect(page.text()).toMatch(/响应速度 已选 4 分.*办理效果 已选 5 分/);
    await page.tapText('提交评价');
    await page.waitFor(() => expect(toasts()).toContain('评价已提交'));
    expect(callsOf('evaluate')).toEqual([
      { action: 'evaluate', caseId: filed.caseId, departmentId: 'dept-justice', responseScore: 4, resultScore: 5 }
    ]);

    // Given once: a second try is refused with the server's message.
    await page.tapText('提交评价');
    await page.waitFor(() => expect(toasts().length).toBe(3));
    expect(toasts()[2]).not.toBe('评价已提交');
    expect(toasts()[2]).toBe('已经评价过了，每项评价只能提交一次');
    expect(callsOf('evaluate')).toHaveLength(2);
    page.unload();

    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('评价：响应4分 · 效果5分');
    expect(page.text()).toContain('部门认为本次吹哨合理');
    expect(page.text()).not.toContain('评价该部门');
  });
});

describe('全程督办', () => {
  test('the 工作台 links to the whistle queue and the 督办 list', async () => {
    as(town);
    page = await loadPage('packageStaff/workbench/index');
    await page.tapText('吹哨待办');
    expect(lastNavigation().route).toBe('packageStaff/whistles/index');
    await page.tapText('督办清单');
    expect(lastNavigation().route).toBe('packageStaff/supervision/index');
  });

  test('a failed load says why and offers 重试, on the queue and the 督办 list', async () => {
    for (const route of ['packageStaff/whistles/index', 'packageStaff/supervision/index']) {
      // The local cloud unreachable (nothing listens there), then back.
      signIn(`http://127.0.0.1:${await unusedPort()}`, route.includes('whistles') ? justice : staffOf(ORG.district));
      page = await loadPage(route);
      await page.waitFor(() => page!.data.status === 'error');
      expect(page.text()).toContain('重试');
      as(route.includes('whistles') ? justice : staffOf(ORG.district));
      await page.tapText('重试');
      await page.waitFor(() => page!.data.status === 'ready');
      expect(page.text()).not.toContain('重试');
      page.unload();
      page = undefined;
    }
  });

  test('past the check-in time: the queue shows it late, and the district’s 督办 list shows the item', async () => {
    filed = await whistledCase();
    await actOk(cloud, justice, 'checkIn', { caseId: filed.caseId });
    as(staffOf(ORG.district));
    page = await loadPage('packageStaff/supervision/index');
    await page.waitFor(() => page!.data.status === 'ready');
    expect(page.text()).not.toContain(filed.code);
    page.unload();

    await cloud.advanceClock(31 * 60_000);
    await cloud.trigger('deadlines');
    phoneClock?.mockRestore();
    phoneClock = await phoneClockFollowsCloud();

    page = await loadPage('packageStaff/supervision/index');
    await page.waitForText(filed.code);
    expect(page.text()).toMatch(/区公安分局「吹哨报到」超期（时限 \d\d-\d\d \d\d:\d\d）/);
    page.unload();

    as(police);
    page = await loadPage('packageStaff/whistles/index');
    await page.waitForText(filed.code);
    expect(page.text()).toContain('报到已超时');
    expect(page.query('.wq__countdown--late')).toBeDefined();
    page.unload();

    as(town);
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('报到已超时');
  });
});

describe('网上吹哨网下报到', () => {
  let dispatchId: string;

  beforeEach(async () => {
    // Filed from the report form with a map pin, as a resident does: the check-in measures from it.
    as('resident-1');
    wxControl.privacyAgreed = true;
    const form = await fillReport({
      category: '劳动争议纠纷',
      town: '新山村街道',
      community: '平安社区',
      description: '工地拖欠十二名工人三个月工资，包工头失联。',
      pin: { ...CASE_AT, name: '新山村工地', address: '重庆市大渡口区新山村街道' }
    });
    filed = await submitReport(form);
    form.unload();
    wxControl.reset();
    const now = new Date((await cloudClock()).now).getTime();
    const d = await actOk(cloud, town, 'dispatch', {
      caseId: filed.caseId,
      staffOpenid: staffOf(ORG.pingan),
      visitBy: new Date(now + 2 * 3600_000).toISOString()
    });
    dispatchId = d.dispatches[0].dispatchId;
  });

  test('the cadre opens 现场签到 from the case page; a refused location permission is explained', async () => {
    as(staffOf(ORG.pingan));
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('网下报到');
    expect(page.text()).toContain('待到场');
    await page.tapText('现场签到');
    expect(lastNavigation()).toEqual({
      route: 'packageStaff/onsite/index',
      query: { caseId: filed.caseId, dispatchId }
    });
    page.unload();

    wxControl.privacyAgreed = true;
    wxControl.nextLocation = null;
    page = await loadPage('packageStaff/onsite/index', { query: { caseId: filed.caseId, dispatchId } });
    await page.waitForText('我已到达现场，签到'); // the page loads the dispatch first
    await page.tapText('我已到达现场，签到');
    await page.waitFor(() => expect(toasts()).toContain('需要位置授权才能现场签到'));
    expect(callsOf('onsiteCheckIn')).toEqual([]);
  });

  test('checks in with WeChat location: the distance to the case is recorded; then the visit', async () => {
    as(staffOf(ORG.pingan));
    wxControl.privacyAgreed = true;
    // About 111 m north of where the case was marked.
    wxControl.nextLocation = { latitude: CASE_AT.latitude + 0.001, longitude: CASE_AT.longitude };
    page = await loadPage('packageStaff/onsite/index', { query: { caseId: filed.caseId, dispatchId } });
    await page.waitForText('我已到达现场，签到'); // the page loads the dispatch first
    await page.tapText('我已到达现场，签到');
    await page.waitForText('已签到，距诉求地点约');
    expect(wxControl.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }));
    const shown = Number(/约(\d+)米/.exec(page.text())![1]);
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(125);
    const checkIn = (await detail()).dispatches[0].checkIn!;
    expect(checkIn).toMatchObject({ distanceM: shown, late: false });

    await page.typeInto('.os__note-box', '已到工地，与施工方负责人面谈。');
    await page.tapText('提交处置记录');
    await page.waitFor(() => expect(toasts()).toContain('已记录'));
    expect((await detail()).dispatches[0].visit).toMatchObject({ note: '已到工地，与施工方负责人面谈。' });
  });
});

describe('a long queue', () => {
  test('more than a page of whistles: the queue shows 20, 加载更多 brings the rest', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      const c = await submitOk(cloud, `resident-queue-${i}`, {
        category: 'labor',
        description: `第${i + 1}处工地欠薪，请协调处理。`
      });
      await actOk(cloud, town, 'whistle', {
        caseId: c.caseId,
        departmentIds: ['dept-water'],
        reason: '工地临时供水纠纷'
      });
      codes.push(c.code);
    }
    as(staffOf('dept-water'));
    page = await loadPage('packageStaff/whistles/index');
    await page.waitForText(codes[20]); // newest first
    expect(page.data.items).toHaveLength(20);
    expect(page.text()).not.toContain(codes[0]);
    await page.tapText('加载更多');
    await page.waitForText(codes[0]);
    expect(page.data.items).toHaveLength(21);
    expect(page.text()).not.toContain('加载更多');
  });
});
