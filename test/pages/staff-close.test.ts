/**
 * @jest-environment jsdom
 */
// 办结 with photos from the staff case page, against the real local cloud: the photos are uploaded to the
// staff's own folder, pass the server's checks like report photos, and join the case the resident reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;
let photoDir: string;

beforeAll(async () => {
  cloud = await startLocalCloud();
  photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shajie-close-'));
});
afterAll(() => {
  fs.rmSync(photoDir, { recursive: true, force: true });
  return cloud?.stop();
});
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, staffOf(ORG.pingan));
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

/** An accepted 平安社区 case of its own. */
async function acceptedCase(): Promise<{ caseId: string; code: string }> {
  const filed = await submitOk(cloud, 'resident-5', { communityId: ORG.pingan, description: '楼道堆放杂物影响通行。' });
  await actOk(cloud, staffOf(ORG.pingan), 'accept', { caseId: filed.caseId });
  return filed;
}

const resolveCalls = () =>
  wxControl.requests.filter((r) => (r.data as { action?: string }).action === 'resolve').map((r) => r.data);

describe('办结 with photos', () => {
  test('staff attach a photo when closing; the resident sees it on the resolved case', async () => {
    const filed = await acceptedCase();
    const file = path.join(photoDir, 'done.jpg');
    fs.writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 1, 2, 3]));
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('办理中');
    await page.tapText('办结');
    await page.waitForText('办结照片');
    // The 常用语 fill the result box.
    await page.tapText('问题已处理完毕，如有疑问请再次反映。');

    wxControl.nextMedia = [file];
    await page.tapText('添加照片');
    await page.waitForText('用户隐私保护提示');
    page.query('.privacy__agree')!.dispatchEvent('agreeprivacyauthorization');
    await page.waitFor(() => (page!.data.photos as Array<{ state: string }>).some((p) => p.state === 'done'));
    const [fileId] = (page.data.photos as Array<{ fileId: string }>).map((p) => p.fileId);
    expect(fileId).toMatch(/^cloud:\/\/.+\/cases\/\d{8}\/r[a-z0-9]+-[a-z0-9]+\.jpg$/);

    await page.tapText('确认提交');
    await page.waitForText('已办结，当前状态');
    expect(resolveCalls()).toEqual([
      { action: 'resolve', caseId: filed.caseId, result: '问题已处理完毕，如有疑问请再次反映。', photos: [fileId] }
    ]);
    const seen = await actOk(cloud, 'resident-5', 'detail', { caseId: filed.caseId });
    expect(seen.case.status).toBe('resolved');
    expect(seen.case.photos).toHaveLength(1);
    expect(JSON.stringify(seen)).toContain('问题已处理完毕'); // the result in the resident's timeline
  });

  test('closing without photos sends none', async () => {
    const filed = await acceptedCase();
    page = await loadPage('packageStaff/case/index', { query: { caseId: filed.caseId } });
    await page.waitForText('办理中');
    await page.tapText('办结');
    await page.typeInto('.sc__text-box', '杂物已清理。');
    await page.tapText('确认提交');
    await page.waitForText('已办结，当前状态');
    expect(resolveCalls()).toEqual([{ action: 'resolve', caseId: filed.caseId, result: '杂物已清理。' }]);
  });

  test('the server refuses a photo that is not the caller’s own upload, and nothing is written', async () => {
    const filed = await acceptedCase();
    const res = await cloud.call<{ ok: boolean; code?: string }>(
      'cases',
      {
        action: 'resolve',
        caseId: filed.caseId,
        result: '已处理。',
        photos: ['cloud://env/uploads/someone-else/x.jpg']
      },
      staffOf(ORG.pingan)
    );
    expect(res.ok).toBe(false);
    const seen = await actOk(cloud, 'resident-5', 'detail', { caseId: filed.caseId });
    expect(seen.case.status).toBe('accepted');
  });
});
