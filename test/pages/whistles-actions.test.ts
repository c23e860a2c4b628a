/**
 * @jest-environment jsdom
 */
// 督办 actions from the staff case page, against the real local cloud: the town pauses (挂起),
// resumes and asks for an extension; the district grants it; the town withdraws a whistle and
// dispatches a cadre; the district reassigns the case. Each test gets a fresh case, staged through the
// gateway up to the step it shows, so any one runs alone (`-t`).
import type { CaseDetail } from '../../typings/cases';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

const town = staffOf(ORG.xinshancun);
const district = staffOf(ORG.district);

let cloud: TestCloud;
let page: LoadedPage | undefined;
let filed: { caseId: string; code: string };

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(async () => {
  wxControl.reset();
  // A labour dispute starts at the town; it accepts and whistles two departments.
  filed = await submitOk(cloud, 'resident-7', { category: 'labor', description: '商铺装修拖欠五名工人工资两个月。' });
  await actOk(cloud, town, 'accept', { caseId: filed.caseId });
  await actOk(cloud, town, 'whistle', {
    caseId: filed.caseId,
    departmentIds: ['dept-justice', 'dept-police'],
    reason: '需司法、公安协同'
  });
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const as = (openid: string): void => signIn(cloud.url, openid);

const detail = (): Promise<CaseDetail> => actOk(cloud, district, 'detail', { caseId: filed.caseId });
const labels = (p: LoadedPage): string[] => (p.data.actions as Array<{ label: string }>).map((a) => a.label);

/** A native field's input event, or a picker's change event. */
async function fire(p: LoadedPage, selector: string, event: 'input' | 'change', value: string | number): Promise<void> {
  const node = p.query(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent(event, { detail: { value } });
  await new Promise((r) => setTimeout(r, 0)); // the handler's setData lands; callers wait for what it shows
}

async function openCase(openid: string): Promise<LoadedPage> {
  as(openid);
  const p = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
  await p.waitFor(() => p.data.status === 'ready');
  return p;
}

describe('挂起 and 延期', () => {
  test('the town pauses the case, resumes it, and asks for an extension', async () => {
    page = await openCase(town);
    expect(labels(page)).toEqual(expect.arrayContaining(['挂起', '申请延期', '派员到场']));
    expect(labels(page)).not.toContain('改派');
    expect(labels(page)).not.toContain('同意延期');

    await page.tapText('挂起');
    await page.tapText('确认提交');
    await page.waitForText('请填写挂起原因');
    await page.typeInto('.sc__text-box', '请居民补充劳动合同和工资条');
    await page.tapText('确认提交');
    await page.waitForText('已挂起，当前状态：待补充材料');
    expect(page.queryAll('.sc__oversight')).toHaveLength(1);
    expect(page.text()).toMatch(/已挂起（\d{4}-\d\d-\d\d \d\d:\d\d起），等待群众补充材料：请居民补充劳动合同和工资条/);
    expect(labels(page)).toContain('恢复办理');
    expect(labels(page)).not.toContain('挂起');
    expect((await detail()).paused).toMatchObject({ reason: '请居民补充劳动合同和工资条' });

    await page.tapText('恢复办理');
    await page.tapText('确认提交');
    await page.waitForText('已恢复办理');
    expect(page.queryAll('.sc__oversight')).toHaveLength(0);
    expect((await detail()).paused).toBeNull();

    await page.tapText('申请延期');
    await fire(page, '.sc__days', 'input', '40');
    await page.typeInto('.sc__text-box', '涉及多方核实，需延长办理时间');
    await page.tapText('确认提交');
    await page.waitForText('延期天数应为1到30个工作日');
    await fire(page, '.sc__days', 'input', '5');
    await page.tapText('确认提交');
    await page.waitForText('已申请延期');
    expect(page.text()).toContain('申请延期5个工作日（待审批）：涉及多方核实，需延长办理时间');
    expect(labels(page)).not.toContain('申请延期');
    expect((await detail()).extensions).toEqual([expect.objectContaining({ days: 5, status: 'pending' })]);
  });

  test('the district, which supervises the town, grants the extension', async () => {
    // The town asked for 5 working days, as in the test above.
    await actOk(cloud, town, 'requestExtension', {
      caseId: filed.caseId,
      days: 5,
      reason: '涉及多方核实，需延长办理时间'
    });
    const before = (await detail()).case.resolveDueAt;
    page = await openCase(district);
    expect(labels(page)).toEqual(expect.arrayContaining(['同意延期', '不同意延期', '改派', '派员到场']));
    expect(labels(page)).not.toContain('挂起');
    await page.tapText('同意延期');
    await page.typeInto('.sc__text-box', '同意，请抓紧办理');
    await page.tapText('确认提交');
    await page.waitForText('已同意延期');
    expect(page.text()).toContain(
      '申请延期5个工作日（已同意）：涉及多方核实，需延长办理时间；审批意见：同意，请抓紧办理'
    );
    expect(labels(page)).not.toContain('同意延期');
    const d = await detail();
    expect(d.extensions[0]).toMatchObject({ status: 'granted', note: '同意，请抓紧办理' });
    expect(Date.parse(d.case.resolveDueAt)).toBeGreaterThan(Date.parse(before));
  });
});

describe('撤回吹哨', () => {
  test('a department sees no withdraw; the town withdraws the lead, and the other department leads', async () => {
    page = await openCase(staffOf('dept-justice'));
    await page.waitForText('吹哨报到');
    expect(page.text()).not.toContain('撤回吹哨');
    page.unload();

    page = await openCase(town);
    expect(page.queryAll('.sc__withdraw')).toHaveLength(2);
    await page.tapText('撤回吹哨'); // the first row: 区司法局
    await page.waitForText('撤回对区司法局的吹哨');
    await page.typeInto('.sc__text-box', '已由街道调解解决司法部分');
    await page.tapText('确认提交');
    await page.waitForText('已撤回吹哨');
    expect(page.text()).toContain('已撤回：已由街道调解解决司法部分');
    expect(page.queryAll('.sc__withdraw')).toHaveLength(1);
    const w = (await detail()).whistles;
    expect(w.find((x) => x.departmentId === 'dept-justice')).toMatchObject({
      withdrawReason: '已由街道调解解决司法部分'
    });
    expect(w.find((x) => x.departmentId === 'dept-police')).toMatchObject({ role: 'lead', withdrawnAt: '' });
  });
});

describe('派员到场', () => {
  test('the town picks a community cadre by name from its list (no openid typed or shown)', async () => {
    const res = await cloud.request('GET', '/__emulator/clock');
    const visitMs = new Date((res.body as { now: string }).now).getTime() + 3 * 3600_000;
    const beijing = new Date(visitMs + 8 * 3600_000).toISOString();
    const [date, time] = [beijing.slice(0, 10), beijing.slice(11, 16)];

    page = await openCase(town);
    await page.tapText('派员到场');
    await page.waitForText('到场时限（北京时间）');
    await page.tapText('确认提交');
    await page.waitForText('请选择到场的工作人员');
    expect((await detail()).dispatches).toEqual([]);

    // The town's own staff and the community's (属地), by name and unit: never an account.
    await page.waitFor(() => (page!.data.cadreNames as string[]).length > 0);
    const names = page.data.cadreNames as string[];
    expect(names.some((n) => n.includes('新山村街道') && n.includes('（本人）'))).toBe(true);
    const cadre = names.findIndex((n) => n.includes('平安社区'));
    expect(cadre).toBeGreaterThanOrEqual(0);
    expect(page.text()).not.toContain('staff-');
    await fire(page, '.sc__cadre', 'change', cadre);
    await fire(page, '.sc__visit-date', 'change', date);
    await fire(page, '.sc__visit-time', 'change', time);
    expect(page.text()).not.toContain('staff-');
    await page.tapText('确认提交');
    await page.waitForText('已派员到场');
    expect(page.text()).toContain('网下报到');
    expect(page.text()).toContain(`到场时限 ${date} ${time}`);
    expect(page.text()).toContain('待到场');
    const [d] = (await detail()).dispatches;
    expect(d.unitName).toContain('平安社区');
    expect(Date.parse(d.visitBy)).toBe(Date.parse(`${date}T${time}:00+08:00`));
  });
});

describe('改派', () => {
  test('the district reassigns the case to another town', async () => {
    page = await openCase(district);
    await page.tapText('改派');
    await page.typeInto('.sc__text-box', '涉事商铺位于八桥镇辖区');
    await page.tapText('确认提交');
    await page.waitForText('请选择改派单位');
    const names = page.data.targetNames as string[];
    expect(names).toContain('大渡口区（区综治中心）');
    expect(names).not.toContain('新山村街道'); // the current unit
    const index = names.indexOf('八桥镇');
    expect(index).toBeGreaterThanOrEqual(0);
    await fire(page, '.sc__target', 'change', index);
    await page.waitForText('八桥镇');
    await page.tapText('确认提交');
    await page.waitForText('已改派');
    expect((await detail()).case).toMatchObject({ unitId: ORG.bajiao, level: 'town' });
    expect(page.text()).toContain('八桥镇');
    expect(page.text()).toMatch(/办理单位 八桥镇（/);
  });
});
