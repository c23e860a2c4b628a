/**
 * @jest-environment jsdom
 */
// A resident files a case from the form, finds it in 我的诉求, opens it and rates it, all against
// the real local cloud. Staff steps the resident cannot take go through the gateway directly.
// Each test files the cases it needs, so any one runs alone (`-t`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;
let photoDir: string;

beforeAll(async () => {
  cloud = await startLocalCloud();
  photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shajie-photos-'));
});
afterAll(async () => {
  await cloud?.stop();
  fs.rmSync(photoDir, { recursive: true, force: true });
});
beforeEach(() => {
  wxControl.reset();
  as('resident-1');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

const as = (openid: string): void => signIn(cloud.url, openid);

/** A picker or input changed as the user would change it: the component's change event. */
async function change(p: LoadedPage, selector: string, value: unknown): Promise<void> {
  const node = p.query(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent('change', { detail: { value } });
  await new Promise((r) => setTimeout(r, 0)); // the handler's setData lands; callers wait for what it shows
}

/** The report form's community picker (a component), once it has its towns. */
async function where(p: LoadedPage): Promise<{ townNames: string[]; communityNames: string[] }> {
  await p.waitFor(() => p.query('.report__where')?.data.ready === true);
  return p.query('.report__where')!.data as { townNames: string[]; communityNames: string[] };
}

/** Runs a page method the way WeChat would (a retry of the form, a pull-down). */
const run = (p: LoadedPage, method: 'onSubmit' | 'onPullDownRefresh'): Promise<void> =>
  (p.instance[method] as () => Promise<void>)();

const submits = () =>
  wxControl.requests.filter(
    (r) => r.url.endsWith('/functions/cases') && (r.data as { action?: string }).action === 'submit'
  );

describe('我要吹哨 → 我的诉求 → 详情 → 评价', () => {
  test('files a case from the form, with photos, behind the privacy guide and the subscribe request', async () => {
    const photos = ['a.jpg', 'b.jpg'].map((name, i) => {
      const file = path.join(photoDir, name);
      fs.writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, i, 1, 2, 3]));
      return file;
    });
    page = await loadPage('pages/report/index');
    await page.waitForText('纠纷类别');
    const names = page.data.categoryNames as string[];
    await change(page, '.report__category', names.indexOf('邻里纠纷'));
    await change(page, '.report__where >>> .cp__town', (await where(page)).townNames.indexOf('新山村街道'));
    await change(page, '.report__where >>> .cp__community', (await where(page)).communityNames.indexOf('平安社区'));
    await page.typeInto('.report__description', '楼上住户夜间装修噪音严重，多次沟通无果。');
    await page.typeInto('.report__phone', '13812341234');
    expect(page.text()).toContain('邻里纠纷');
    expect(page.text()).toContain('平安社区');
    expect(page.text()).toContain('20/2000');

    // Choosing photos is a privacy API: the page's guide shows first; agreeing lets it go on.
    wxControl.nextMedia = photos;
    await page.tapText('添加照片');
    await page.waitForText('用户隐私保护提示');
    page.query('.privacy__agree')!.dispatchEvent('agreeprivacyauthorization');
    await page.waitFor(
      () => (page!.data.photos as Array<{ state: string }>).filter((p) => p.state === 'done').length === 2
    );
    expect(page.text()).not.toContain('用户隐私保护提示');
    expect(page.text().match(/已上传/g)).toHaveLength(2);
    const fileIds = (page.data.photos as Array<{ fileId: string }>).map((p) => p.fileId);
    for (const id of fileIds) expect(id).toMatch(/^cloud:\/\/.+\/cases\/\d{8}\/r[a-z0-9]+-[a-z0-9]+\.jpg$/);

    await page.tapText('提交');
    await page.waitFor(() =>
      expect(wxControl.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '提交成功' }))
    );
    expect(wxControl.requestSubscribeMessage).toHaveBeenCalledWith(
      expect.objectContaining({ tmplIds: ['TPL_CASE_ACCEPTED', 'TPL_CASE_REJECTED', 'TPL_CASE_RESOLVED'] })
    );
    const content = String(wxControl.showModal.mock.calls[0][0].content);
    const code = /DDK-\d{8}-\d{4}/.exec(content)![0];
    await page.waitForText(`诉求编号 ${code}`);
    await page.waitFor(() => expect(wxControl.redirectTo).toHaveBeenCalled());
    const url = String(wxControl.redirectTo.mock.calls[0][0].url);
    const caseId = decodeURIComponent(url.split('caseId=')[1]);
    expect((await actOk(cloud, 'resident-1', 'detail', { caseId })).case.code).toBe(code);
    expect(url.startsWith('/pages/case/index?caseId=')).toBe(true);
    expect(submits()[0].data).toMatchObject({
      category: 'neighbor',
      communityId: ORG.pingan,
      contactPhone: '13812341234',
      anonymous: false,
      photos: fileIds
    });
    expect(wxControl.storage.get(LAST_COMMUNITY_STORAGE_KEY)).toBe(ORG.pingan);

    // A retry of the same form (say the answer was lost) sends the same requestId and gets the same case.
    await run(page, 'onSubmit');
    await page.waitFor(() => expect(wxControl.showModal).toHaveBeenCalledTimes(2));
    expect(String(wxControl.showModal.mock.calls[1][0].content)).toContain(code);
    const [first, second] = submits().map((r) => (r.data as { requestId: string }).requestId);
    expect(second).toBe(first);
  });

  test('the next form starts at the last community; missing fields are named, nothing is sent', async () => {
    wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, ORG.pingan);
    page = await loadPage('pages/report/index');
    await page.waitForText('纠纷类别');
    await where(page);
    expect(page.text()).toContain('新山村街道');
    expect(page.text()).toContain('平安社区');
    await page.tapText('提交');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请选择纠纷类别' }))
    );
    expect(submits()).toHaveLength(0);
  });

  test('refusing the privacy guide stops the submission with a message', async () => {
    page = await loadPage('pages/report/index');
    await page.waitForText('纠纷类别');
    await change(page, '.report__category', 0);
    await where(page);
    await change(page, '.report__where >>> .cp__town', 0);
    await change(page, '.report__where >>> .cp__community', 0);
    await page.typeInto('.report__description', '小区门口占道经营。');
    await page.tapText('提交');
    await page.waitForText('用户隐私保护提示');
    await page.tapText('不同意');
    await page.waitForText('需要您同意《用户隐私保护指引》后才能提交');
    expect(submits()).toHaveLength(0);
  });

  test('我的诉求 lists the case with its status', async () => {
    as('resident-3');
    const { caseId, code } = await submitOk(cloud, 'resident-3');
    page = await loadPage('pages/cases/index');
    await page.waitForText(code);
    expect(page.text()).toContain('邻里纠纷');
    expect(page.text()).toContain('待受理');
    expect(page.text()).toContain('没有更多了');
    await page.tapText(code);
    await page.waitFor(() =>
      expect(wxControl.navigateTo).toHaveBeenCalledWith(
        expect.objectContaining({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` })
      )
    );
  });

  test('the detail shows the timeline; once resolved the reporter rates it and it closes', async () => {
    const { caseId, code } = await submitOk(cloud, 'resident-1', { contactPhone: '13812341234' });
    page = await loadPage('pages/case/index', { query: { caseId } });
    await page.waitForText(code);
    expect(page.text()).toContain('待受理');
    expect(page.text()).toContain('平安社区');
    expect(page.text()).toContain('办理记录');
    expect(page.text()).toContain('13812341234'); // the reporter sees their own phone unmasked
    expect(page.text()).not.toContain('问题解决了吗');

    const staff = staffOf(ORG.pingan);
    await actOk(cloud, staff, 'accept', { caseId, note: '已受理，社区网格员今天上门了解情况。' });
    await actOk(cloud, staff, 'resolve', { caseId, result: '双方达成协议：晚上十点后停止施工。' });
    await run(page, 'onPullDownRefresh');
    await page.waitForText('已办结，待评价');
    expect(page.text()).toContain('双方达成协议：晚上十点后停止施工。');
    expect(page.text()).toContain('社区网格员今天上门了解情况');

    await page.tapText('提交评价');
    await page.waitForText('请选择满意、基本满意或不满意');
    await page.tapText('满意');
    await page.typeInto('.case__comment-box', '处理及时，谢谢社区。');
    await page.tapText('提交评价');
    await page.waitForText('已结案');
    expect(page.text()).toContain('您的评价：满意');
    expect(page.text()).toContain('处理及时，谢谢社区。');
    expect(page.text()).not.toContain('问题解决了吗');
    expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '感谢评价' }));
  });

  test('我的诉求 pages with nextCursor and refreshes on pull-down', async () => {
    as('resident-2');
    for (let i = 0; i < 21; i++) await submitOk(cloud, 'resident-2', { description: `第${i + 1}件：路灯不亮。` });
    page = await loadPage('pages/cases/index');
    await page.waitForText('第21件');
    expect(page.data.items).toHaveLength(20); // a page is 20, newest first
    expect(page.text()).not.toContain('第1件：');
    expect(page.text()).toContain('加载更多');

    await submitOk(cloud, 'resident-2', { description: '第22件：井盖松动。' });
    await run(page, 'onPullDownRefresh');
    await page.waitForText('第22件');
    await page.tapText('加载更多');
    await page.waitFor(() => (page!.data.items as unknown[]).length === 22);
    expect(page.text()).toContain('第1件：');
    expect(page.text()).toContain('没有更多了');
  });
});
