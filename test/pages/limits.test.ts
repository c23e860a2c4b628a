/**
 * @jest-environment jsdom
 */
// The limits pages keep to are the server's own (domain/limits.ts, sent with org.catalog), never copies:
// what a page refuses is what the server would refuse, with the server's numbers in its words.
import fc from 'fast-check';
import { CLIENT_LIMITS, MAX_DESCRIPTION, MAX_PHOTOS, TEXT_LIMITS } from '../../domain/limits';
import { normalizeMobile } from '../../domain/mask';
import { MAX_EXTENSION_DAYS } from '../../domain/delays';
import { DEFAULT_CHECK_IN_MINUTES, MAX_DEPARTMENTS } from '../../domain/whistles';
import { normalizeMobileBy } from '../../miniprogram/utils/phone';
import type { OrgCatalog } from '../../typings/org';
import type { Result } from '../../typings/result';
import { ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

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
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A picker or input changed as the user would change it: the component's change event. */
async function change(p: LoadedPage, selector: string, value: unknown): Promise<void> {
  const node = p.query(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent('change', { detail: { value } });
  await settle();
}

const submits = () => wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'submit');
const toasts = (): string[] => wxControl.showToast.mock.calls.map((c) => String((c[0] as { title: string }).title));

test('org.catalog sends the functions’ own limits', async () => {
  const res = await cloud.call<Result<OrgCatalog>>('org', { action: 'catalog' }, 'resident-1');
  if (!res.ok) throw new Error(res.code);
  expect(res.data.limits).toEqual(JSON.parse(JSON.stringify(CLIENT_LIMITS)));
});

test('the page’s phone check is the server’s: same verdict and digits on any input', () => {
  const chars = fc.constantFrom(...'0123456789+- '.split(''), '1', '3', '8', '6', '\t', '０');
  const near = fc.oneof(
    fc.stringMatching(/^(\+86|0086|86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$/),
    fc.array(chars, { maxLength: 18 }).map((a) => a.join(''))
  );
  fc.assert(
    fc.property(near, (s) => normalizeMobileBy(CLIENT_LIMITS.mobileRule, s) === normalizeMobile(s)),
    { seed: 20261101, numRuns: 2000 }
  );
  expect(normalizeMobileBy(CLIENT_LIMITS.mobileRule, '+86 139-1234-5678')).toBe('13912345678');
  expect(normalizeMobileBy(CLIENT_LIMITS.mobileRule, '12012345678')).toBeNull();
});

test('我要吹哨 keeps to the server’s description, photo and phone rules', async () => {
  as('resident-2');
  page = await loadPage('pages/report/index');
  await page.waitForText('纠纷类别');
  expect(page.data.maxDescription).toBe(MAX_DESCRIPTION);
  expect(page.data.maxPhotos).toBe(MAX_PHOTOS);
  expect(page.text()).toContain(`最多${MAX_PHOTOS}张`);
  expect(page.text()).toContain(`0/${MAX_DESCRIPTION}`);

  await change(page, '.report__category', (page.data.categoryNames as string[]).indexOf('邻里纠纷'));
  const where = () => page!.query('.report__where')!.data;
  await page.waitFor(() => where().ready === true);
  await change(page, '.report__where >>> .cp__town', (where().townNames as string[]).indexOf('新山村街道'));
  await change(page, '.report__where >>> .cp__community', (where().communityNames as string[]).indexOf('平安社区'));

  // One character over the server's limit (a paste the box let through): refused here, with the server's number.
  const long = '楼上住户夜间装修噪音严重。'.repeat(200).slice(0, MAX_DESCRIPTION + 1);
  (page.instance as unknown as { onDescriptionChange(e: unknown): void }).onDescriptionChange({
    detail: { value: long }
  });
  await settle();
  expect(page.data.description).toHaveLength(MAX_DESCRIPTION + 1);
  await page.tapText('提交');
  await page.waitFor(() => expect(toasts()).toContain(`问题描述最多${MAX_DESCRIPTION}字，请精简后再提交`));

  // Typed, the box stops at the server's number, which the server takes.
  await page.typeInto('.report__description', long);
  expect(page.data.description).toHaveLength(MAX_DESCRIPTION);
  expect(page.text()).toContain(`${MAX_DESCRIPTION}/${MAX_DESCRIPTION}`);

  // 12x is no mainland mobile for the server, so not for the page either; +86 and dashes are fine.
  await page.typeInto('.report__phone', '12012345678');
  await page.tapText('提交');
  await page.waitFor(() => expect(toasts()).toContain('请填写11位手机号，或留空'));
  expect(submits()).toEqual([]);
  await page.typeInto('.report__phone', '+86 139-1234-5678');
  await page.tapText('提交');
  await page.waitForText('用户隐私保护提示'); // filing asks for the privacy guide first
  page.query('.privacy__agree')!.dispatchEvent('agreeprivacyauthorization');
  await page.waitFor(() =>
    expect(wxControl.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '提交成功' }))
  );
  expect(submits()).toHaveLength(1);
  expect(submits()[0].data).toMatchObject({ contactPhone: '13912345678' });
  expect((submits()[0].data as { description: string }).description).toHaveLength(MAX_DESCRIPTION);
});

test('the staff case page keeps to the server’s text, department, minute and day limits', async () => {
  const filed = await submitOk(cloud, 'resident-1', {
    category: 'labor',
    description: '工地拖欠十二名工人三个月工资，包工头失联。'
  });
  as(staffOf(ORG.xinshancun));
  page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
  await page.waitFor(() => (page!.data.actions as Array<{ key: string }>).some((a) => a.key === 'whistle'));
  // The text box's maxlength.
  const maxlength = () => page!.data.maxText as number;

  // Each action's box is as long as its own server limit.
  await page.tapText('受理');
  await page.waitFor(() => expect(maxlength()).toBe(TEXT_LIMITS.accept));
  await page.tapText('取消');
  await page.tapText('不予受理');
  await page.waitFor(() => expect(maxlength()).toBe(TEXT_LIMITS.reject));
  await page.tapText('取消');

  // 吹哨: at most the server's number of departments, its default and bounds for the check-in time.
  await page.tapText('吹哨');
  await page.waitForText(`吹哨部门（先选的牵头，最多${MAX_DEPARTMENTS}个）`);
  await page.waitFor(() => expect(page!.data.minutesText).toBe(String(DEFAULT_CHECK_IN_MINUTES)));
  expect(maxlength()).toBe(TEXT_LIMITS.whistle);
  const names = (page.query('.sc__depts')!.data.chips as Array<{ name: string }>).map((c) => c.name);
  for (const name of names.slice(0, MAX_DEPARTMENTS + 1)) await page.tapText(name);
  await page.waitForText(`一次最多吹哨${MAX_DEPARTMENTS}个部门`);
  const picked = (page.query('.sc__depts')!.data.chips as Array<{ order: number }>).filter((c) => c.order > 0);
  expect(picked).toHaveLength(MAX_DEPARTMENTS);
  await page.typeInto('.sc__text-box', '欠薪涉及多名工人，需多部门协同处置');
  const { min, max } = CLIENT_LIMITS.checkInMinutes;
  page.query('.sc__minutes')!.dispatchEvent('input', { detail: { value: String(max + 1) } });
  await settle();
  await page.tapText('确认提交');
  await page.waitForText(`报到时限应为${min}到${max}分钟`);
  expect(wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'whistle')).toEqual([]);
  expect(MAX_EXTENSION_DAYS).toBe(CLIENT_LIMITS.maxExtensionDays); // the 延期 form's bound (whistles-actions shows it)
});
