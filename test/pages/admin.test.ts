/**
 * @jest-environment jsdom
 */
// The admin pages against the real local cloud: an invite shown as a QR code, a share card and a
// code, redeemed on the redeem page after it showed the unit and role; a unit's staff list changes a
// role and unbinds; the rule editors save what they load, and a bad value shows the server's message
// at its field; the audit log pages to the end; a deactivated unit lists its open cases.
import jsQR from 'jsqr';
import type { AdminUnit, AuditView, Invite, Me, Page, Result, RulesView, StaffMember } from '../../typings';
import type { TestCloud } from '../support/localcloud';
import { ORG, submitOk } from '../support/cases';
import { decodePng } from '../support/png';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

interface InviteData {
  roles: unknown[];
  invite: { code: string; qrUrl: string; qrUnavailable: string } | null;
}
interface RuleData {
  sections: Array<{ rows: Array<{ cells: Array<{ key: string; bad: boolean }> }> }>;
}
interface ListData {
  items: Array<{ id: string }>;
  nextCursor: string;
}

const wxApi = (globalThis as unknown as { wx: Record<string, (...args: unknown[]) => unknown> }).wx;

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, 'admin-1');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

async function ok<T>(fn: string, event: Record<string, unknown>, openid = 'admin-1'): Promise<T> {
  const r = await cloud.call<Result<T>>(fn, event, openid);
  if (!r.ok) throw new Error(`${fn}.${String(event.action)}: ${r.code} ${r.message}`);
  return r.data;
}

/** A department of its own, so a test's staff list holds only the people the test binds. */
async function newDepartment(name: string): Promise<AdminUnit> {
  return ok<AdminUnit>('org', { action: 'addUnit', kind: 'department', name });
}

async function bind(unitId: string, openid: string, name: string): Promise<Me> {
  const inv = await ok<Invite>('account', { action: 'createInvite', unitId, role: 'staff' });
  return ok<Me>('account', { action: 'redeemInvite', code: inv.code, name }, openid);
}

/** The image at a URL the page shows, as a phone camera reads it: fetched, decoded, read by jsQR. */
async function readQrAt(url: string): Promise<string | undefined> {
  const { pathname, search } = new URL(url);
  const res = await cloud.request('GET', pathname + search);
  expect(res.status).toBe(200);
  const { width, height, data } = decodePng(res.raw);
  return jsQR(data, width, height)?.data;
}

test('an invite shows as a 小程序码, a share card and a code; scanned, the redeem page shows unit and role, then binds', async () => {
  const invite = await loadPage<InviteData>('packageAdmin/invite/index', {
    query: { unitId: ORG.pingan, unitName: '平安社区' }
  });
  page = invite;
  await page.waitFor(() => invite.data.roles.length === 2); // an admin may invite admins too
  await page.tapText('生成邀请码');
  await page.waitForText('有效期至');
  const code = invite.data.invite?.code ?? '';
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  expect(page.text()).toContain(`${code.slice(0, 4)} ${code.slice(4)}`);
  expect(page.text()).toContain('平安社区 · 工作人员');
  // The 小程序码 the server had drawn (the local cloud draws a plain QR of page and scene) opens the
  // redeem page with the code, in the version the admin runs (the simulator's: develop).
  const qrUrl = invite.data.invite?.qrUrl ?? '';
  // (miniprogram-simulate's <image> keeps no src: the same value is bound to data-url.)
  const shown = page
    .queryAll('.invite__qr')
    .map((n) => (n.dom as unknown as { getAttribute(name: string): string | null }).getAttribute('data-url'));
  expect(shown).toEqual([qrUrl]);
  expect(await readQrAt(qrUrl)).toBe(`wxacode://packageAdmin/redeem/index?scene=${code}&env_version=develop`);
  // Tapped, it is enlarged, where WeChat offers 保存图片 and 发送给朋友.
  const preview = jest.spyOn(wxApi, 'previewImage');
  await page.tap('.invite__qr');
  await page.waitFor(() => expect(preview).toHaveBeenCalledWith({ urls: [qrUrl], current: qrUrl }));
  preview.mockRestore();
  expect(page.text()).not.toContain('小程序码暂时无法生成');
  // The share card opens the redeem page with the code.
  const share = invite.instance.onShareAppMessage as (this: unknown) => { title: string; path: string };
  expect(share.call(invite.instance)).toEqual({
    title: '邀请您加入平安社区（工作人员）',
    path: `/packageAdmin/redeem/index?code=${code}`
  });
  await page.tapText('复制邀请码');
  expect(wxControl.clipboard).toBe(code);
  page.unload();

  // Scanned with WeChat: the page gets the 小程序码's scene, URL-encoded, as `scene`.
  signIn(cloud.url, 'page-joiner-1');
  page = await loadPage('packageAdmin/redeem/index', { query: { scene: encodeURIComponent(code) } });
  await page.waitForText('邀请您加入：平安社区');
  expect(page.text()).toContain('身份：工作人员');
  expect(page.text()).toContain('单位类型：村（社区）');
  // Still a resident: nothing is bound before 确认加入.
  expect(await ok<Me>('account', { action: 'me' }, 'page-joiner-1')).toMatchObject({ role: 'resident' });
  await page.tapText('确认加入');
  await page.waitForText('请填写您的姓名');
  await page.typeInto('.redeem__name', '王小明');
  await page.tapText('确认加入');
  await page.waitForText('已加入平安社区');
  expect(page.text()).toContain('工作人员，王小明');
  expect(await ok<Me>('account', { action: 'me' }, 'page-joiner-1')).toMatchObject({
    role: 'staff',
    unitId: ORG.pingan,
    name: '王小明'
  });
  page.unload();

  // The share card's path, opened by someone else: the spent code says so, and binds nobody.
  signIn(cloud.url, 'page-joiner-2');
  page = await loadPage('packageAdmin/redeem/index', { query: { code } });
  await page.waitForText('邀请码已被使用');
  expect(page.text()).not.toContain('确认加入');
});

test('a typed code, any case and spacing, finds the invite', async () => {
  const inv = await ok<Invite>('account', { action: 'createInvite', unitId: ORG.xinshancun, role: 'staff' });
  signIn(cloud.url, 'page-joiner-3');
  page = await loadPage('packageAdmin/redeem/index');
  await page.typeInto('.redeem__code-box', `${inv.code.slice(0, 4).toLowerCase()} ${inv.code.slice(4)}`);
  await page.tapText('查看邀请');
  await page.waitForText('邀请您加入：新山村街道');
  expect(page.text()).toContain('单位类型：镇街');
});

test('the staff list shows name, role and joined date; an admin changes a role, then unbinds', async () => {
  const dept = await newDepartment('区测试局甲');
  const joined = await bind(dept.id, 'page-staff-1', '李四');
  page = await loadPage('packageAdmin/staff/index', { query: { unitId: dept.id, unitName: dept.name } });
  await page.waitForText('李四');
  expect(page.text()).toMatch(/工作人员 · \d{4}-\d{2}-\d{2} 加入/);
  expect(page.text()).not.toContain('page-staff-1');

  // 管理 → [设为负责人, 设为管理员, 解除绑定]
  // The 管理 button waits on the caller's own role, fetched beside the list.
  await page.waitForText('管理');
  wxControl.nextActionSheetTap = 1;
  await page.tapText('管理');
  await page.waitForText('已设为管理员：李四');
  expect(page.text()).toContain('管理员 ·');
  const list = () => ok<Page<StaffMember>>('account', { action: 'staffList', unitId: dept.id });
  expect((await list()).items).toEqual([expect.objectContaining({ staffId: joined.staffId, role: 'admin' })]);

  // An admin's sheet: [改为工作人员, 解除绑定]; the confirmation is asked first.
  wxControl.nextActionSheetTap = 1;
  await page.tapText('管理');
  await page.waitForText('已解除李四的绑定');
  expect(wxControl.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '解除绑定' }));
  expect(page.text()).toContain('该单位还没有绑定的工作人员');
  expect((await list()).items).toEqual([]);
  expect(await ok<Me>('account', { action: 'me' }, 'page-staff-1')).toMatchObject({ role: 'resident' });
});

test('a refused change shows the server’s message and changes nothing', async () => {
  const dept = await newDepartment('区测试局乙');
  await bind(dept.id, 'page-staff-2', '赵六');
  page = await loadPage('packageAdmin/staff/index', { query: { unitId: dept.id, unitName: dept.name } });
  await page.waitForText('赵六');
  await page.waitForText('管理');
  wxControl.nextModalConfirm = false; // cancelled at the confirmation: nothing is sent
  wxControl.nextActionSheetTap = 2;
  await page.tapText('管理');
  await page.waitFor(() => wxControl.showModal.mock.calls.length === 1);
  expect(wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'unbind')).toEqual([]);
  expect(page.text()).toContain('赵六');
});

/** Loads a rule editor and waits for its form. */
async function editor(kind: string): Promise<LoadedPage<RuleData>> {
  const p = await loadPage<RuleData>('packageAdmin/rule/index', { query: { kind } });
  await p.waitForText('保存');
  return p;
}

test.each(['categories', 'routing', 'deadlines', 'calendar', 'notify', 'points', 'kpi', 'supervision'])(
  'the %s editor saves back what it loaded, and the server takes it',
  async (kind) => {
    const before = await ok<RulesView>('setup', { action: 'getRules' });
    page = await editor(kind);
    await page.tapText('保存');
    await page.waitForText('已保存');
    const after = await ok<RulesView>('setup', { action: 'getRules' });
    expect(after).toEqual(before);
  }
);

test('a rule editor saves a change; a bad value shows the server’s message at its field and writes nothing', async () => {
  const points = await editor('points');
  page = points;
  await page.typeInto('.f-policy-dailyCap', '500'); // more than the monthly cap (300)
  await page.tapText('保存');
  await page.waitForText('积分规则设置不正确');
  expect(page.text()).toContain('上限、有效期和公示 · 每人每日最多获得（每日上限不能高于每月上限）');
  expect(points.data.sections[0].rows[0].cells[0]).toMatchObject({ key: 'dailyCap', bad: true });
  const rules = () => ok<RulesView>('setup', { action: 'getRules' });
  expect((await rules()).points.policy.dailyCap).toBe(100);

  await page.typeInto('.f-policy-dailyCap', '120');
  await page.tapText('保存');
  await page.waitForText('已保存');
  expect((await rules()).points.policy.dailyCap).toBe(120);
  page.unload();

  // The shape is checked before sending: a word where a number goes.
  page = await editor('kpi');
  await page.typeInto('.f-townWeight', '七成');
  await page.tapText('保存');
  await page.waitForText('“镇街评价权重”应为数字');
  await page.typeInto('.f-townWeight', '1.5');
  await page.tapText('保存');
  await page.waitForText('考核权重设置不正确，应在0到1之间');
  expect((await rules()).kpi.townWeight).toBe(0.6);
});

test('the audit log lists entries by name and pages to the end', async () => {
  const dept = await newDepartment('区测试局丙');
  for (let i = 0; i < 32; i++) await ok('account', { action: 'createInvite', unitId: dept.id, role: 'staff' });
  const all: AuditView[] = [];
  for (let cursor: string | null | undefined; ;) {
    const p = await ok<Page<AuditView>>('account', { action: 'auditLog', limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...p.items);
    if (!(cursor = p.nextCursor)) break;
  }
  const audit = await loadPage<ListData>('packageAdmin/audit/index');
  page = audit;
  await page.waitForText('创建邀请码');
  // People by name (admin-1, the bootstrap admin, is named for them), units by name as the server
  // resolved them (the page loads no unit list), never an openid.
  expect(page.text()).toContain('操作人：首位管理员 · 对象：区测试局丙');
  expect(page.text()).not.toContain('admin-1');
  const lastCalls = (await cloud.invocations(2)).map((i) => `${i.name}.${i.action}`);
  expect(lastCalls).toEqual(['account.auditLog', 'account.auditLog']); // the test's last page, then the page's first
  while (audit.data.nextCursor) {
    const shown = audit.data.items.length;
    await page.tapText('加载更多');
    await page.waitFor(() => audit.data.items.length > shown);
  }
  await page.waitForText('没有更多了');
  expect(page.text()).toContain('新增单位');
  const ids = audit.data.items.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeGreaterThanOrEqual(all.length);
  expect(ids.slice(0, all.length)).toEqual(all.map((e) => e.id));
});

test('a unit is renamed, then deactivated: its open cases are listed, each opening the staff case page', async () => {
  const filed = await submitOk(cloud, 'resident-2', { communityId: ORG.bajiaoCommunity });
  page = await loadPage('packageAdmin/unit/index', { query: { unitId: ORG.bajiaoCommunity } });
  await page.waitForText('五一社区');
  await page.typeInto('.unit__name', '五一村');
  await page.tapText('保存名称');
  await page.waitForText('已保存');
  expect(page.text()).toContain('五一村');
  wxControl.nextModalConfirm = true;
  await page.tapText('停用');
  await page.waitForText('未办结的诉求');
  await page.waitForText(filed.code);
  await page.tapText(filed.code);
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
    expect.objectContaining({ url: `/packageStaff/case/index?caseId=${filed.caseId}` })
  );
  await ok('org', { action: 'setUnitActive', unitId: ORG.bajiaoCommunity, active: true });
  await ok('org', { action: 'renameUnit', unitId: ORG.bajiaoCommunity, name: '五一社区' });
});

test('a category added in the editor is routed as configured on the next case', async () => {
  const n = (await ok<RulesView>('setup', { action: 'getRules' })).categories.length;
  const cats = await editor('categories');
  page = cats;
  await page.tapText('新增类别');
  await page.waitFor(() => cats.data.sections[0].rows.length === n + 1);
  await page.typeInto(`.f-${n}-id`, 'page-parking');
  await page.typeInto(`.f-${n}-name`, '停车纠纷');
  page.query(`.f-${n}-startLevel`)!.dispatchEvent('change', { detail: { value: 1 } }); // 镇街
  await page.typeInto(`.f-${n}-resolveWorkingDays`, '7');
  await page.tapText('保存');
  await page.waitForText('已保存');
  const rules = await ok<RulesView>('setup', { action: 'getRules' });
  expect(rules.categories).toContainEqual(expect.objectContaining({ id: 'page-parking', name: '停车纠纷' }));
  expect(rules.routing).toContainEqual({ category: 'page-parking', startLevel: 'town' });
  expect(rules.deadlines).toContainEqual({ category: 'page-parking', level: '*', resolveWorkingDays: 7 });
  // Rules are cached up to a minute in a warm instance (server/reference.ts).
  await cloud.advanceClock(61_000);
  const filed = await submitOk(cloud, 'resident-3', { category: 'page-parking' });
  expect(filed).toMatchObject({ level: 'town', unitId: ORG.xinshancun });
});

test('home shows 管理后台 to admins, 本单位工作人员 to a unit’s head, 输入邀请码 to residents', async () => {
  page = await loadPage('pages/home/index');
  await page.waitForText('管理后台');
  expect(page.text()).not.toContain('输入邀请码');
  await page.tapText('管理后台');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/packageAdmin/home/index' }));
  page.unload();

  const dept = await newDepartment('区测试局丁');
  const head = await bind(dept.id, 'page-head-1', '钱七');
  await ok('account', { action: 'setHead', staffId: head.staffId, head: true });
  signIn(cloud.url, 'page-head-1');
  page = await loadPage('pages/home/index');
  await page.waitForText('本单位工作人员');
  expect(page.text()).not.toContain('管理后台');
  await page.tapText('本单位工作人员');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
    expect.objectContaining({
      url: `/packageAdmin/staff/index?unitId=${dept.id}&unitName=${encodeURIComponent(dept.name)}`
    })
  );
  page.unload();

  signIn(cloud.url, 'page-newcomer-1');
  page = await loadPage('pages/home/index');
  await page.waitForText('输入邀请码');
  expect(page.text()).not.toContain('管理后台');
});

test('a guessed unit’s facts are confirmed on its page: the 待核实 mark goes', async () => {
  const guessed = (await ok<AdminUnit[]>('org', { action: 'units' })).find((u) => u.guess && u.kind === 'department');
  expect(guessed).toBeDefined();
  page = await loadPage('packageAdmin/unit/index', { query: { unitId: guessed!.id } });
  await page.waitForText('待核实');
  await page.tapText('信息已核实');
  await page.waitForText('已保存');
  expect(page.text()).not.toContain('待核实');
  const after = (await ok<AdminUnit[]>('org', { action: 'units' })).find((u) => u.id === guessed!.id);
  expect(after).toMatchObject({ guess: false });
});

test('units are listed by town; a community with a wrong code is refused with the server’s message, a department is added', async () => {
  page = await loadPage('packageAdmin/units/index');
  await page.waitForText('新山村街道');
  expect(page.text()).toContain('平安社区');
  expect(page.text()).toContain('区级部门');
  await page.typeInto('.units__name', '春晖社区');
  await page.typeInto('.units__code', '123456789012');
  await page.tapText('添加');
  await page.waitForText('区划代码不正确');
  expect((await ok<AdminUnit[]>('org', { action: 'units' })).some((u) => u.name === '春晖社区')).toBe(false);

  await page.tapText('区级部门');
  await page.typeInto('.units__name', '区测试局戊');
  await page.tapText('添加');
  await page.waitForText('区测试局戊');
  await page.tapText('区测试局戊');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
    expect.objectContaining({ url: expect.stringMatching(/^\/packageAdmin\/unit\/index\?unitId=/) as unknown })
  );
});

test('a unit’s head sees the staff list without admin actions and invites staff for their own unit only', async () => {
  const dept = await newDepartment('区测试局己');
  const head = await bind(dept.id, 'page-head-2', '孙八');
  await ok('account', { action: 'setHead', staffId: head.staffId, head: true });
  signIn(cloud.url, 'page-head-2');
  page = await loadPage('packageAdmin/staff/index', { query: { unitId: dept.id, unitName: dept.name } });
  await page.waitForText('孙八');
  expect(page.text()).toContain('负责人');
  expect(page.text()).not.toContain('管理');
  page.unload();

  const invite = await loadPage<InviteData>('packageAdmin/invite/index', {
    query: { unitId: dept.id, unitName: dept.name }
  });
  page = invite;
  await page.waitForText('生成邀请码');
  expect(page.text()).not.toContain('管理员'); // a head invites staff only
  await page.tapText('生成邀请码');
  await page.waitForText('有效期至');
  expect(page.text()).toContain(`${dept.name} · 工作人员`);
});
