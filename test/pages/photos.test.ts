/**
 * @jest-environment jsdom
 */
// Photos against the real local cloud: a good-deed claim carries its photos into storage and to the
// staff who approve it; the case pages show a case's photos through temporary URLs a function hands
// out after the read check (storage is private: a cloud:// src is never shown); a failed upload holds
// the claim back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import { onLocalCloud } from '../../miniprogram/utils/localCloudUrl';
import { POINTS_COLLECTIONS, type ClaimDoc } from '../../server/repos/points';
import { ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage, type SimNode } from '../support/simulate';
import { unusedPort } from '../support/simulate-wx';
import { preparePoints, readAll } from '../functions/pointsHelpers';

let cloud: TestCloud;
/** What these tests read of a page's data: the photo grid (cases, claims) and the claims list. */
interface PhotoData {
  photos: Array<{ state: string; fileId: string }>;
  casePhotos: string[];
  claims: Array<{ photos: string[] }>;
  requestId: string;
  communityId: string;
  text: string;
}
let page: LoadedPage<PhotoData> | undefined;
const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shajie-photos-'));
const resident = 'resident-photos';
/** The `wx` the pages call (simulate's, with ./simulate-wx installed). */
const wxApi = (globalThis as unknown as { wx: Record<string, (...args: unknown[]) => unknown> }).wx;

beforeAll(async () => {
  cloud = await startLocalCloud();
  await preparePoints(cloud);
}, 60_000);
afterAll(async () => {
  await cloud?.stop();
  fs.rmSync(photoDir, { recursive: true, force: true });
});
beforeEach(() => {
  wxControl.reset();
  as(resident);
});
afterEach(() => {
  page?.unload();
  page = undefined;
  jest.restoreAllMocks();
});

function as(openid: string, url = cloud.url): void {
  signIn(url, openid);
  wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, ORG.pingan);
}

/** A photo on the phone: a real file with distinct bytes. */
function photoFile(name: string, seed: number): { file: string; bytes: Buffer } {
  const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, seed, 7, 7, seed, 0xff, 0xd9]);
  const file = path.join(photoDir, name);
  fs.writeFileSync(file, bytes);
  return { file, bytes };
}

/** Stores bytes as the server SDK would (getUploadMetadata, then PUT) and answers the fileID. */
async function store(cloudPath: string, bytes: Buffer): Promise<string> {
  const meta = await cloud.request('POST', '/admin', { action: 'storage.getUploadMetadata', path: cloudPath });
  const { url, fileId } = (meta.body as { data: { url: string; fileId: string } }).data;
  const put = await cloud.request('PUT', url.slice(cloud.url.length), bytes, {
    'content-type': 'application/octet-stream'
  });
  expect(put.status).toBe(200);
  return fileId;
}

/** The bytes of a stored file, fetched through a temp URL as any client would. */
async function storedBytes(fileId: string): Promise<Buffer> {
  const res = await cloud.request('POST', '/admin', {
    action: 'storage.batchGetDownloadUrl',
    file_list: [{ fileid: fileId, max_age: 60 }]
  });
  const [entry] = (res.body as { data: { download_list: Array<{ tempFileURL: string; code: string }> } }).data
    .download_list;
  expect(entry.code).toBe('SUCCESS');
  return fetchBytes(encodeURI(entry.tempFileURL));
}

/** GETs a URL the page shows; it must be one of this local cloud's. */
async function fetchBytes(url: string): Promise<Buffer> {
  expect(url.startsWith(`${cloud.url}/`)).toBe(true);
  const res = await cloud.request('GET', url.slice(cloud.url.length));
  expect(res.status).toBe(200);
  return res.raw;
}

/**
 * What an image shows. miniprogram-simulate's built-in <image> declares no properties, so it keeps no
 * src; each thumbnail binds the same value to data-url (what a tap previews), which it does keep.
 */
const srcOf = (node: SimNode): string =>
  (node.dom as unknown as { getAttribute(name: string): string | null }).getAttribute('data-url') ?? '';

/** The claim form, filled in up to the photos. */
async function claimForm(text: string): Promise<LoadedPage<PhotoData>> {
  const p = await loadPage<PhotoData>('packagePoints/claim/index');
  await p.waitFor(() => p.query('.claim__deed') !== undefined);
  p.query('.claim__deed')!.dispatchEvent('change', { detail: { value: 0 } });
  await p.typeInto('.claim__text', text);
  await p.waitFor(() => p.data.communityId === ORG.pingan && p.data.text !== '');
  return p;
}

const claimCalls = () =>
  wxControl.requests.filter(
    (r) => r.url.endsWith('/functions/points') && (r.data as { action?: string }).action === 'claim'
  );

describe('申报善行 with photos', () => {
  const text = '帮独居老人搬运过冬的蜂窝煤';

  test('the photo is stored and the claim holds its cloud:// fileID; staff see it and tap to enlarge it', async () => {
    const photo = photoFile('deed.jpg', 1);
    page = await claimForm(text);
    // Choosing photos is a privacy API: this page shows the guide too, and agreeing lets it go on.
    wxControl.nextMedia = [photo.file];
    await page.tapText('添加照片');
    await page.waitForText('用户隐私保护提示');
    page.query('.privacy__agree')!.dispatchEvent('agreeprivacyauthorization');
    await page.waitFor(() => page!.data.photos.length === 1 && page!.data.photos[0].state === 'done');
    expect(page.text()).toContain('已上传');
    const fileId: string = page.data.photos[0].fileId;
    // Into the resident's own upload folder: the only place the functions take photos from.
    expect(fileId).toMatch(new RegExp(`^cloud://.+/uploads/${resident}/points/\\d{8}/r[a-z0-9]+-[a-z0-9]+\\.jpg$`));
    expect(fileId).toContain(`/${page.data.requestId}-`);

    await page.tapText('提交申报');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交待审核' }))
    );
    expect(claimCalls()[0].data).toMatchObject({ text, photos: [fileId] });

    const [stored] = (await readAll<ClaimDoc>(cloud, POINTS_COLLECTIONS.claims, { openid: resident })).filter(
      (c) => c.text === text
    );
    expect(stored.photos).toEqual([fileId]);
    expect((await storedBytes(fileId)).equals(photo.bytes)).toBe(true);

    // A fresh form: no photos left over; the list says the claim has one.
    await page.waitForText('附照片 1 张');
    expect(page.data.photos).toEqual([]);
    page.unload();

    // Staff see the claim's photo, served by the local cloud, and tap to enlarge it (one test: it needs the claim above).
    const preview = jest.spyOn(wxApi, 'previewImage');
    as(staffOf(ORG.pingan));
    page = await loadPage<PhotoData>('packagePoints/staff/index');
    await page.waitForText(text);
    const images = page.queryAll('.staff__photo');
    expect(images).toHaveLength(1);
    const src = srcOf(images[0]);
    expect(page.data.claims.map((c) => c.photos).filter((p) => p.length)).toEqual([[src]]);
    expect((await fetchBytes(src)).equals(photo.bytes)).toBe(true);
    images[0].dispatchEvent('tap');
    await page.waitFor(() => expect(preview).toHaveBeenCalledWith({ urls: [src], current: src }));
  });

  test('a failed upload blocks sending, in words; removing the photo lets the claim go', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    page = await claimForm('清扫小区楼道');
    // The network drops while the photo uploads.
    as(resident, `http://127.0.0.1:${await unusedPort()}`);
    wxControl.privacyAgreed = true;
    wxControl.nextMedia = [photoFile('lost.jpg', 2).file];
    await page.tapText('添加照片');
    await page.waitForText('上传失败');
    as(resident);

    await page.tapText('提交申报');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(
        expect.objectContaining({ title: '有照片上传失败，请删除后重试' })
      )
    );
    expect(claimCalls()).toHaveLength(0);

    await page.tapText('删除');
    await page.tapText('提交申报');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交待审核' }))
    );
    expect(claimCalls()).toHaveLength(1);
    expect(claimCalls()[0].data).not.toHaveProperty('photos');
  });
});

describe('a case’s photos on the detail pages', () => {
  const photos = [photoFile('case-a.jpg', 3), photoFile('case-b.png', 4)];
  let caseId = '';

  beforeAll(async () => {
    const day = '20261127';
    const own = `uploads/resident-1/cases/${day}`;
    const fileIds = [
      await store(`${own}/rphotostest-a.jpg`, photos[0].bytes),
      await store(`${own}/rphotostest-b.png`, photos[1].bytes)
    ];
    caseId = (await submitOk(cloud, 'resident-1', { photos: fileIds })).caseId;
  });

  for (const [who, route, openid] of [
    ['the reporter', 'pages/case/index', 'resident-1'],
    ['the handling staff', 'packageStaff/case/index', staffOf(ORG.pingan)]
  ] as const) {
    test(`${who} sees them as loadable local-cloud URLs, and taps to enlarge`, async () => {
      const preview = jest.spyOn(wxApi, 'previewImage');
      as(openid);
      page = await loadPage<PhotoData>(route, { query: { caseId } });
      await page.waitFor(() => page!.data.casePhotos.length === 2);
      // The detail's grid shows the resolved URLs, never the cloud:// ids (which would not load here).
      const images = page.queryAll('.cd__photo');
      expect(images).toHaveLength(2);
      const srcs = images.map(srcOf);
      expect(page.data.casePhotos).toEqual(srcs);
      for (const [i, src] of srcs.entries()) expect((await fetchBytes(src)).equals(photos[i].bytes)).toBe(true);
      images[1].dispatchEvent('tap');
      await page.waitFor(() => expect(preview).toHaveBeenCalledWith({ urls: srcs, current: srcs[1] }));
    });
  }
});

test('local-cloud URLs are moved onto the address the device reaches the cloud by', () => {
  const url = 'http://127.0.0.1:8787/__storage/files/cases/20261127/a.jpg?t=1&sign=ab';
  expect(onLocalCloud('http://192.168.1.10:8787', url)).toBe(
    'http://192.168.1.10:8787/__storage/files/cases/20261127/a.jpg?t=1&sign=ab'
  );
  expect(onLocalCloud('http://192.168.1.10:8787', 'not a url')).toBe('not a url');
});
