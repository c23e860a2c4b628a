/**
 * @jest-environment jsdom
 */
// The reporter's own actions on the case page, against the real local cloud: a paused case reads as
// its own state and takes 补充材料 (which resumes it), 撤回 before acceptance, 催办 once late. Staff
// steps go through the gateway directly. Each test files the cases it needs.
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(async () => {
  await cloud?.stop();
});
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, 'resident-2');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const staff = staffOf(ORG.pingan);
const caseActions = (action: string) =>
  wxControl.requests.filter(
    (r) => r.url.endsWith('/functions/cases') && (r.data as { action?: string }).action === action
  );

describe('the reporter acts on their case', () => {
  test('a paused case shows 待补充材料; 补充材料 resumes it', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-2');
    await actOk(cloud, staff, 'accept', { caseId });
    await actOk(cloud, staff, 'pause', { caseId, reason: '请提供与邻居的协商记录' });
    page = await loadPage('pages/case/index', { query: { caseId } });
    await page.waitForText(code);
    expect(page.text()).toContain('待补充材料');
    expect(page.text()).toContain('办理单位请您补充材料：请提供与邻居的协商记录');
    expect(page.text()).not.toContain('撤回诉求'); // accepted: too late to withdraw
    // The progress steps: 已提交 and 已受理 done, the pause marked on the step the case is at.
    const steps = page.queryAll('.case__progress >>> .t-steps-item');
    expect(steps.map((s) => s.dom?.textContent?.replace(/\s+/g, '') ?? '')).toEqual([
      expect.stringContaining('已提交'),
      expect.stringContaining('已受理'),
      expect.stringContaining('已挂起，待您补充材料'),
      expect.stringContaining('已办结'),
      expect.stringContaining('已评价')
    ]);
    expect(page.data.progress).toMatchObject({ current: 2, urges: 0 });

    await page.tapText('补充材料');
    await page.tapText('提交补充');
    await page.waitForText('请填写补充的内容');
    expect(caseActions('supplement')).toHaveLength(0);
    await page.typeInto('.case__form-box', '协商记录：双方约定晚十点后不施工。');
    await page.tapText('提交补充');
    await page.waitForText('双方约定晚十点后不施工');
    expect(page.text()).not.toContain('待补充材料');
    expect(page.text()).toContain('群众补充材料：协商记录：双方约定晚十点后不施工。');
    expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已补充' }));
    // The notice the report form had no room for (at most 3 a request) is asked for here.
    expect(wxControl.requestSubscribeMessage).toHaveBeenCalledWith(
      expect.objectContaining({ tmplIds: ['TPL_CASE_REPLIED'] })
    );
    // Not waiting any more: a second supplement is refused with its code, nothing written.
    const again = await act(cloud, 'resident-2', 'supplement', { caseId, text: '再补充' });
    expect(again).toMatchObject({ ok: false, code: 'NOT_WAITING_FOR_MATERIAL' });
  });

  test('撤回 before acceptance: the case reads 已撤回 and takes no more actions', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-2');
    page = await loadPage('pages/case/index', { query: { caseId } });
    await page.waitForText(code);
    expect(page.text()).not.toContain('催办'); // within the response time
    await page.tapText('撤回诉求');
    await page.typeInto('.case__form-box', '已和邻居协商解决');
    await page.tapText('确认撤回');
    await page.waitForText('已撤回');
    expect(page.text()).toContain('群众撤回诉求，原因：已和邻居协商解决');
    expect(page.text()).not.toContain('我的操作');
    const late = await act(cloud, staff, 'accept', { caseId });
    expect(late).toMatchObject({ ok: false, code: 'CASE_NOT_ACCEPTABLE' });
  });

  test('撤回 after acceptance is refused with a clear message', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-2');
    page = await loadPage('pages/case/index', { query: { caseId } });
    await page.waitForText(code);
    await page.tapText('撤回诉求');
    await actOk(cloud, staff, 'accept', { caseId }); // accepted meanwhile
    await page.typeInto('.case__form-box', '不需要了');
    await page.tapText('确认撤回');
    await page.waitForText('诉求已受理，不能撤回');
    const detail = await actOk(cloud, 'resident-2', 'detail', { caseId });
    expect(detail.case.status).toBe('accepted');
  });

  test('催办 once the response time has passed, once a working day; the unit and the town are told', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-2');
    const early = await act(cloud, 'resident-2', 'urge', { caseId });
    expect(early).toMatchObject({ ok: false, code: 'URGE_TOO_EARLY' });
    await cloud.advanceClock(5 * 24 * 3600_000); // well past the response deadline
    page = await loadPage('pages/case/index', { query: { caseId } });
    await page.waitForText(code);
    await page.tapText('催办');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已催办' }))
    );
    expect(page.text()).toContain('群众催办，已提醒平安社区和议厅及新山村街道调解室');
    expect(page.data.canUrge).toBe(false); // the button is gone until the next working day
    await page.waitForText('已催办 1 次');
    expect(caseActions('urge')).toHaveLength(1);
    const again = await act(cloud, 'resident-2', 'urge', { caseId });
    expect(again).toMatchObject({ ok: false, code: 'URGE_ONCE_A_DAY' });
  });
});

describe('我的诉求', () => {
  test('status tabs and search by 诉求编号 find the reporter’s own cases', async () => {
    signIn(cloud.url, 'resident-tabs');
    const open = await submitOk(cloud, 'resident-tabs');
    const done = await submitOk(cloud, 'resident-tabs');
    await actOk(cloud, staff, 'accept', { caseId: done.caseId });
    await actOk(cloud, staff, 'resolve', { caseId: done.caseId, result: '已调解' });
    const other = await submitOk(cloud, 'resident-2'); // someone else's
    page = await loadPage('pages/cases/index');
    await page.waitForText(open.code);
    expect(page.text()).toContain(done.code);
    await page.tapText('待评价');
    await page.waitFor(() => !page!.text().includes(open.code));
    expect(page.text()).toContain(done.code);
    await page.tapText('办理中');
    await page.waitForText(open.code);
    expect(page.text()).not.toContain(done.code);
    await page.tapText('已结束');
    await page.waitForText('没有符合条件的诉求');
    await page.tapText('全部');
    await page.waitForText(done.code);

    const box = page.query('.cases__search-input')!;
    box.dispatchEvent('input', { detail: { value: done.code.toLowerCase() } });
    await page.tapText('查找');
    await page.waitFor(() => !page!.text().includes(open.code));
    expect(page.text()).toContain(done.code);
    box.dispatchEvent('input', { detail: { value: other.code } });
    await page.tapText('查找');
    await page.waitForText('没有符合条件的诉求'); // not theirs: not found
    const bad = await act(cloud, 'resident-tabs', 'mine', { code: '12345' });
    expect(bad).toMatchObject({ ok: false, code: 'CASE_CODE_INVALID' });
  });
});
