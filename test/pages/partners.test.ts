/**
 * @jest-environment jsdom
 */
// The 对接密钥 admin page against the real local cloud: a key is created and shown once (copied, with
// its warning), listed without any secret, given a webhook whose signing secret is shown once, and
// revoked after a confirmation — after which the Open311 API refuses it.
import type { PartnerKeyView, Result } from '../../typings';
import type { TestCloud } from '../support/localcloud';
import { ORG } from '../support/cases';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

interface PartnersData {
  unitIds: string[];
  unitIndex: number;
  keys: Array<{ keyId: string; name: string; revoked: string; webhookUrl: string }>;
  shown: { value: string } | null;
}

let cloud: TestCloud;
let page: LoadedPage<PartnersData> | undefined;

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

async function listKeys(): Promise<PartnerKeyView[]> {
  const r = await cloud.call<Result<PartnerKeyView[]>>('partners', { action: 'listKeys' }, 'admin-1');
  if (!r.ok) throw new Error(`listKeys: ${r.code}`);
  return r.data;
}

/** The Open311 list as the partner calls it with its key: the HTTP status. */
async function open311Status(key: string): Promise<number> {
  return (await cloud.request('GET', `/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`)).status;
}

async function openPage(): Promise<LoadedPage<PartnersData>> {
  const p = await loadPage<PartnersData>('packageAdmin/partners/index');
  await p.waitForText('新建对接密钥');
  return p;
}

/** Creates a key on the page for the unit `unitId`; answers the key the page showed once. */
async function createOnPage(p: LoadedPage<PartnersData>, name: string, unitId: string): Promise<string> {
  const index = p.data.unitIds.indexOf(unitId);
  expect(index).toBeGreaterThanOrEqual(0);
  p.instance.setData({ unitIndex: index });
  await p.typeInto('.partners__name', name);
  await p.tapText('生成密钥');
  await p.waitForText('密钥只显示这一次');
  return p.data.shown?.value ?? '';
}

test('a new key is shown once with a warning and a copy button, then listed without it', async () => {
  page = await openPage();
  const key = await createOnPage(page, '12345热线（页面）', ORG.xinshancun);
  expect(key).toMatch(/^pk_[a-f0-9]{16}\./);
  expect(page.text()).toContain(key);
  await page.tapText('复制');
  expect(wxControl.clipboard).toBe(key);
  // The key works against the API, within its unit.
  expect(await open311Status(key)).toBe(200);

  const keyId = key.split('.')[0];
  await page.waitFor(() => page!.data.keys.some((k) => k.keyId === keyId));
  expect(page.text()).toContain('12345热线（页面）');
  expect(page.text()).toContain('新山村街道');
  await page.tapText('我已妥善保存');
  await page.waitFor(() => page!.data.shown === null);
  expect(page.text()).not.toContain(key.split('.')[1]);
  // Nor does the server ever answer it again: the list carries no secret and no hash.
  const listed = (await listKeys()).find((k) => k.keyId === keyId);
  expect(listed).toMatchObject({ name: '12345热线（页面）', unitId: ORG.xinshancun, permissions: ['read'] });
  expect(listed?.revokedAt).toBeNull();
  expect(JSON.stringify(await listKeys())).not.toContain(key.split('.')[1]);
  page.unload();

  // Opened again, the key is listed but never shown.
  page = await openPage();
  await page.waitForText('12345热线（页面）');
  expect(page.text()).not.toContain(key.split('.')[1]);
  expect(page.data.shown).toBeNull();
});

test('an empty name or no permission is refused on the page and nothing is created', async () => {
  page = await openPage();
  const before = (await listKeys()).length;
  await page.tapText('生成密钥');
  await page.waitForText('请填写对接平台名称');
  await page.typeInto('.partners__name', '城市管理平台');
  await page.tapText('读取诉求'); // read off: no permission left
  await page.tapText('生成密钥');
  await page.waitForText('请至少选择一项权限');
  expect((await listKeys()).length).toBe(before);
});

test('a webhook URL is set with its secret shown once, refused when not https, and changed', async () => {
  page = await openPage();
  const key = await createOnPage(page, '城市管理（页面）', ORG.xinshancun);
  const keyId = key.split('.')[0];
  await page.tapText('我已妥善保存');
  await page.waitFor(() => page!.data.keys.some((k) => k.keyId === keyId));
  // The newest key is first: its 设置回调地址 is the first.
  expect(page.data.keys[0].keyId).toBe(keyId);
  await page.tapText('设置回调地址');
  await page.typeInto('.partners__hook-url', 'http://partner.example/hook');
  await page.tapText('保存回调地址');
  await page.waitForText('回调地址须为 https 地址');
  expect((await listKeys()).find((k) => k.keyId === keyId)?.webhookUrl).toBeNull();

  await page.typeInto('.partners__hook-url', 'https://partner.example/hook');
  await page.tapText('保存回调地址');
  await page.waitForText('签名密钥只显示这一次');
  const first = page.data.shown?.value ?? '';
  expect(first).toMatch(/^whsec_/);
  await page.tapText('复制');
  expect(wxControl.clipboard).toBe(first);
  await page.waitFor(() => page!.data.keys[0]?.webhookUrl === 'https://partner.example/hook');
  expect(JSON.stringify(await listKeys())).not.toContain(first);

  // Changed: a new secret, shown once.
  await page.tapText('我已妥善保存');
  await page.tapText('更换回调地址');
  await page.typeInto('.partners__hook-url', 'https://partner.example/hook2');
  await page.tapText('保存回调地址');
  await page.waitFor(() => (page!.data.shown?.value ?? first) !== first);
  await page.waitFor(() => page!.data.keys[0]?.webhookUrl === 'https://partner.example/hook2');
  expect((await listKeys()).find((k) => k.keyId === keyId)?.webhookUrl).toBe('https://partner.example/hook2');
});

test('revoking asks first; cancelled nothing changes, confirmed the API refuses the key', async () => {
  page = await openPage();
  const key = await createOnPage(page, '党建平台（页面）', ORG.xinshancun);
  const keyId = key.split('.')[0];
  await page.tapText('我已妥善保存');
  await page.waitFor(() => page!.data.keys[0]?.keyId === keyId);

  wxControl.nextModalConfirm = false;
  await page.tapText('吊销');
  await page.waitFor(() => wxControl.showModal.mock.calls.length === 1);
  expect(wxControl.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '吊销密钥' }));
  expect(wxControl.cloudCalls.filter((c) => (c.data as { action?: string }).action === 'revokeKey')).toEqual([]);
  expect(await open311Status(key)).toBe(200);

  wxControl.nextModalConfirm = true;
  await page.tapText('吊销');
  await page.waitForText('已吊销：党建平台（页面）');
  await page.waitFor(() => page!.data.keys[0]?.revoked !== '');
  expect(page.text()).toContain('吊销于');
  expect((await listKeys()).find((k) => k.keyId === keyId)?.revokedAt).not.toBeNull();
  expect(await open311Status(key)).toBe(403);
});

test('a resident is told the page is for admins', async () => {
  signIn(cloud.url, 'resident-partners-page');
  page = await loadPage<PartnersData>('packageAdmin/partners/index');
  await page.waitForText('管理后台仅供管理员使用');
  expect(page.text()).not.toContain('新建对接密钥');
});
