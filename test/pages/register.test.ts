/**
 * @jest-environment jsdom
 */
// 登记 (packageStaff/register) against the real local cloud: a town's staff register a hotline case.
import { ORG, staffOf } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, staffOf(ORG.xinshancun));
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const registerCalls = () => wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'register');

async function filledForm(phone: string): Promise<LoadedPage> {
  const p = await loadPage('packageStaff/register/index');
  await p.waitFor(() => p.data.status === 'ready');
  // The native pickers: set as their change events would.
  p.instance.setData({ categoryIndex: 0, communityId: ORG.pingan });
  await p.typeInto('.reg__text', '来电反映楼道堆放杂物，存在消防隐患。');
  await p.typeInto('.reg__phone', phone);
  return p;
}

test('registers a case and opens it on the staff case page', async () => {
  page = await filledForm('138 1234 1234');
  await page.tapText('登记');
  await page.waitFor(() => wxControl.redirectTo.mock.calls.length > 0);
  const url = String((wxControl.redirectTo.mock.calls[0][0] as { url: string }).url);
  expect(url).toMatch(/^\/packageStaff\/case\/index\?caseId=/);
  expect(registerCalls()[0].data).toMatchObject({ channel: 'hotline', reporterPhone: '13812341234' });
});

test('a bad phone shows a Chinese error and sends nothing', async () => {
  page = await filledForm('12345');
  await page.tapText('登记');
  await page.waitForText('请填写11位手机号，或留空');
  expect(registerCalls()).toHaveLength(0);
  expect(wxControl.redirectTo).not.toHaveBeenCalled();
});
