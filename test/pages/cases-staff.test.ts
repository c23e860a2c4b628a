/**
 * @jest-environment jsdom
 */
// Staff side against the real local cloud: the 工作台 queue with its filters, and acting on a case.
// Each test gets a case of its own, filed just before it, so any one runs alone (`-t`).
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { QueueCounts } from '../../typings/cases';
import type { Result } from '../../typings/result';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;
let filed: { caseId: string; code: string };

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  as(staffOf(ORG.pingan));
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const as = (openid: string): void => signIn(cloud.url, openid);
/** A fresh case in a community, as a resident files it. */
const fileCase = (communityId: string) =>
  submitOk(cloud, 'resident-3', { communityId, description: '小区消防通道被私家车长期占用。' });

/** The labels of the actions the case page offers. */
const actionLabels = (p: LoadedPage): string[] => (p.data.actions as Array<{ label: string }>).map((a) => a.label);

/** A native field's input event. */
async function fire(p: LoadedPage, selector: string, event: 'input', value: string): Promise<void> {
  const node = p.query(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent(event, { detail: { value } });
  await new Promise((r) => setTimeout(r, 0));
}

const queueCalls = () =>
  wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'queue').map((r) => r.data);

// 钢花社区's queue: no test here accepts a case there, so its 办理中 filter stays empty.
describe('工作台', () => {
  beforeEach(async () => {
    filed = await fileCase(ORG.ganghua);
    as(staffOf(ORG.ganghua));
  });

  test('opens on 待办 with counts, filters by tab and 逾期, searches, opens the case', async () => {
    // Other tests file 钢花社区 cases too (in any order), so the counts are the server's, read first.
    const counts = await cloud.call<Result<QueueCounts>>('cases', { action: 'queueCounts' }, staffOf(ORG.ganghua));
    if (!counts.ok) throw new Error(counts.message);
    const { todo, submitted } = counts.data;
    expect(todo).toBeGreaterThanOrEqual(1);
    expect(counts.data).toMatchObject({ submitted: todo, accepted: 0, overdue: 0 });
    page = await loadPage('packageStaff/workbench/index');
    await page.waitForText(filed.code);
    expect(page.text()).toContain('钢花社区');
    expect(page.text()).toContain('待受理');
    expect(page.text()).toContain('消防通道');
    expect(page.text()).not.toContain('已逾期'); // filed just now
    await page.waitForText(`待办 ${todo}`); // the tabs' counts
    expect(page.text()).toContain(`待受理 ${submitted}`);
    expect(page.text()).toContain('办理中 0');

    await page.tapText('办理中 0');
    await page.waitForText('没有符合条件的诉求');
    await page.tapText(`待受理 ${submitted}`);
    await page.waitForText(filed.code);
    await page.tapText('逾期 0');
    await page.waitForText('没有符合条件的诉求');
    expect(queueCalls()).toEqual([
      { action: 'queue', todo: true },
      { action: 'queue', status: 'accepted' },
      { action: 'queue', status: 'submitted' },
      { action: 'queue', overdue: true }
    ]);

    // Search by number, then by a keyword, within the tab (全部).
    await page.tapText('全部');
    await page.waitForText(filed.code);
    await fire(page, '.wb__search-input', 'input', filed.code);
    await page.tapText('搜索');
    await page.waitForText(`搜索“${filed.code}”`);
    await page.waitForText(filed.code);
    await fire(page, '.wb__search-input', 'input', '没有这种事');
    await page.tapText('搜索');
    await page.waitForText('没有符合条件的诉求');
    await fire(page, '.wb__search-input', 'input', '消防');
    await page.tapText('搜索');
    await page.waitForText(filed.code);
    expect(queueCalls().slice(-3)).toEqual([
      { action: 'queue', search: filed.code },
      { action: 'queue', search: '没有这种事' },
      { action: 'queue', search: '消防' }
    ]);

    await page.tapText(filed.code);
    await page.waitFor(() =>
      expect(wxControl.navigateTo).toHaveBeenCalledWith({
        url: `/packageStaff/case/index?caseId=${encodeURIComponent(filed.caseId)}`
      })
    );
  });

  test('a department lands on 吹哨待办', async () => {
    as(staffOf('dept-justice'));
    page = await loadPage('packageStaff/workbench/index');
    await page.waitFor(() =>
      expect(wxControl.redirectTo).toHaveBeenCalledWith(
        expect.objectContaining({ url: '/packageStaff/whistles/index' })
      )
    );
  });

  test('the town sees its communities’ cases; another town does not', async () => {
    as(staffOf(ORG.xinshancun));
    page = await loadPage('packageStaff/workbench/index');
    await page.waitForText(filed.code);
    page.unload();
    as(staffOf(ORG.bajiao));
    page = await loadPage('packageStaff/workbench/index');
    await page.waitForText('没有符合条件的诉求');
  });

  test('a resident gets a clear refusal, not a list', async () => {
    as('resident-1');
    page = await loadPage('packageStaff/workbench/index');
    await page.waitFor(() => page!.data.status === 'error');
    expect(page.text()).toContain('重试');
    expect(page.text()).not.toContain(filed.code);
  });
});

describe('诉求办理', () => {
  beforeEach(async () => {
    filed = await fileCase(ORG.pingan);
  });
  /** The case accepted by 平安社区, as the first test leaves it. */
  const accepted = () =>
    actOk(cloud, staffOf(ORG.pingan), 'accept', { caseId: filed.caseId, note: '网格员今天下午到现场劝离车辆。' });

  test('accept from the staff case page; the resulting status shows and the resident is told', async () => {
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText(filed.code);
    // Only what a submitted case allows: resolve comes after acceptance; then the handler's 督办 actions.
    expect(actionLabels(page)).toEqual(['受理', '回复', '转办', '上报', '不予受理', '挂起', '派员到场']);

    await page.tapText('受理');
    await page.waitForText('受理说明（选填，居民可见）');
    await page.typeInto('.sc__text-box', '网格员今天下午到现场劝离车辆。');
    await page.tapText('确认提交');
    await page.waitForText('已受理，当前状态：办理中');
    expect(page.text()).toContain('网格员今天下午到现场劝离车辆。');
    expect(actionLabels(page)).toEqual(['回复', '转办', '上报', '办结', '挂起', '申请延期', '派员到场']);
    const outbox = await cloud.outbox();
    expect(outbox).toContainEqual(expect.objectContaining({ touser: 'resident-3', templateId: 'TPL_CASE_ACCEPTED' }));
  });

  test('transfer offers the other communities of the same town first, then those the domain also accepts; a required reason is asked for', async () => {
    await accepted();
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('办理中');
    const catalogCalls = () =>
      wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'catalog').length;
    const loaded = catalogCalls();
    await page.tapText('转办');
    await page.waitFor(() => (page!.data.targetNames as string[]).length > 0);
    const names = page.data.targetNames as string[];
    expect(names).toContain('钢花社区');
    expect(names).not.toContain('平安社区');
    // 新山村街道 has 8 communities: the other 7 first, by name; then every other community of the
    // district, named with its town (checkTransfer accepts any unit on the same level).
    expect(names.slice(0, 7).filter((n) => !n.includes(' · '))).toHaveLength(7);
    expect(names).toContain('跃进村街道 · 跃新社区');
    expect(names).toHaveLength(96);
    expect(catalogCalls()).toBe(loaded); // the catalog loaded with the case names them

    await page.tapText('确认提交');
    await page.waitForText('请填写转办理由');
    await page.tapText('取消');
    await page.tapText('回复');
    await page.typeInto('.sc__text-box', '车主已联系，明天前挪走。');
    await page.tapText('确认提交');
    await page.waitForText('已回复，当前状态：办理中');
    expect(page.text()).toContain('车主已联系，明天前挪走。');
  });

  test('the town on its community’s case sees only what the domain lets a unit above do: no 受理, 转办, 办结 or 不予受理', async () => {
    await accepted();
    as(staffOf(ORG.xinshancun));
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('办理中');
    expect(actionLabels(page)).toEqual(['回复', '上报', '吹哨', '派员到场']);
    expect(page.queryAll('.sc__action--transfer')).toHaveLength(0);
    expect(page.queryAll('.sc__action--resolve')).toHaveLength(0);
  });
});
