// Photos are private: photo fields take only the caller's own uploads in this environment's storage;
// every stored photo goes to the asynchronous media check; a photo reported risky is hidden from
// everyone but the handling unit's staff and its uploader is told; pages get temporary URLs from a
// function after the same read check as the document holding the photos.
import { EJSON } from 'bson';
import { newCase, ORG, staffOf, submitOk } from '../support/cases';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { COLLECTIONS } from '../../server/collections';
import type { MediaCheckDoc } from '../../server/photos';
import { isOwnPhotoId } from '../../server/photos';
import { POINTS_COLLECTIONS as C, type ClaimDoc, type ItemDoc } from '../../server/repos/points';
import type { PhotoUrl } from '../../typings/cases';
import type { Result } from '../../typings/result';
import { GANGHUA, PINGAN, points, pointsOk, preparePoints, readAll } from './pointsHelpers';

let cloud: TestCloud;
const community = staffOf(ORG.pingan);
const DAY = '20261127';

beforeAll(async () => {
  cloud = await startLocalCloud();
  await preparePoints(cloud);
}, 60_000);
afterAll(() => cloud?.stop());

let seq = 0;
/** Stores bytes as a client upload would (getUploadMetadata, then PUT) and answers the fileID. */
async function upload(openid: string, name: string, folder = 'cases'): Promise<{ fileId: string; bytes: Buffer }> {
  const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ++seq, 7, 7, seq, 0xff, 0xd9]);
  const cloudPath = `uploads/${openid}/${folder}/${DAY}/r${seq}-${name}`;
  const meta = await cloud.request('POST', '/admin', { action: 'storage.getUploadMetadata', path: cloudPath });
  const { url, fileId } = (meta.body as { data: { url: string; fileId: string } }).data;
  const put = await cloud.request('PUT', url.slice(cloud.url.length), bytes, {
    'content-type': 'application/octet-stream'
  });
  expect(put.status).toBe(200);
  return { fileId, bytes };
}

async function fetchBytes(url: string): Promise<Buffer> {
  expect(url.startsWith(`${cloud.url}/`)).toBe(true);
  const res = await cloud.request('GET', encodeURI(url).slice(cloud.url.length));
  expect(res.status).toBe(200);
  return res.raw;
}

async function openapiCalls(name: string): Promise<number> {
  const stats = (await cloud.request('GET', '/__emulator/stats')).body as { openapi?: Record<string, number> };
  return stats.openapi?.[name] ?? 0;
}

const casePhotos = (caseId: string, openid?: string) =>
  cloud.call<Result<PhotoUrl[]>>('cases', { action: 'photoUrls', caseId }, openid);
const rawCase = async (caseId: string) =>
  (
    await readAll<{ version: number; hiddenPhotos?: string[]; photos: string[] }>(cloud, COLLECTIONS.cases, {
      _id: caseId
    })
  )[0];
const byId = (list: PhotoUrl[]) => new Map(list.map((p) => [p.fileId, p]));
function ok<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

/** Ids nobody may attach as `openid`: web URLs, another environment's, another user's, outside the upload folder. */
function foreignIds(own: string): string[] {
  return [
    'https://example.com/photo.jpg',
    own.replace(/^cloud:\/\/[^.]+\./, 'cloud://other-env.'),
    own.replace('/uploads/resident-1/', '/uploads/resident-2/'),
    own.replace('/uploads/resident-1/', '/cases/'),
    own.replace(/[^/]+$/, '../../resident-2/x.jpg')
  ];
}

describe('photo fields take only the caller’s own uploads', () => {
  test('the rule itself (pure)', () => {
    const own = 'cloud://shajie-local.localcloud-bucket/uploads/resident-1/cases/20261127/a.jpg';
    expect(isOwnPhotoId(own, 'shajie-local', 'resident-1')).toBe(true);
    expect(
      isOwnPhotoId(
        'cloud://prod-1a2b.7072-prod-1a2b-1300000000/uploads/oAbC_12-x/points/20261127/r1-k.png',
        'prod-1a2b',
        'oAbC_12-x'
      )
    ).toBe(true);
    for (const id of foreignIds(own))
      expect({ id, own: isOwnPhotoId(id, 'shajie-local', 'resident-1') }).toEqual({ id, own: false });
    expect(isOwnPhotoId(own, 'shajie-local', 'resident')).toBe(false);
    expect(isOwnPhotoId(own, 'shajie-local', 'a/b')).toBe(false);
    expect(
      isOwnPhotoId('cloud://shajie-local.localcloud-bucket/uploads/resident-1/', 'shajie-local', 'resident-1')
    ).toBe(false);
  });

  test('a case: foreign ids are refused and nothing is stored', async () => {
    const { fileId } = await upload('resident-1', 'mine.jpg');
    const before = await readAll(cloud, COLLECTIONS.cases, { reporterId: 'resident-1' });
    for (const bad of foreignIds(fileId)) {
      const res = await cloud.call<Result<unknown>>(
        'cases',
        { action: 'submit', ...newCase({ photos: [fileId, bad] }) },
        'resident-1'
      );
      // An http URL already fails the field's own format.
      expect({ bad, res }).toMatchObject({
        bad,
        res: { ok: false, code: bad.startsWith('http') ? 'FIELD_INVALID' : 'PHOTO_INVALID' }
      });
    }
    expect(await readAll(cloud, COLLECTIONS.cases, { reporterId: 'resident-1' })).toEqual(before);
    expect(await cloud.call('cases', { action: 'submit', ...newCase({ photos: [fileId] }) })).toMatchObject({
      ok: false,
      code: 'NOT_LOGGED_IN'
    });
  });

  test('a claim and an item picture: foreign ids are refused and nothing is stored', async () => {
    const { fileId } = await upload('resident-1', 'deed.jpg', 'points');
    // What other tests stored: this one adds nothing to it.
    const claimsBefore = await readAll(cloud, C.claims, { openid: 'resident-1' });
    const itemsBefore = await readAll(cloud, C.items, { communityId: PINGAN });
    for (const bad of foreignIds(fileId)) {
      const res = await points(cloud, 'resident-1', 'claim', {
        deedType: 'environment',
        communityId: PINGAN,
        text: '清扫楼道',
        photos: [bad],
        requestId: `foreign-${bad.length}`
      });
      expect({ bad, res }).toMatchObject({ bad, res: { ok: false, code: 'PHOTO_INVALID' } });
    }
    expect(await readAll(cloud, C.claims, { openid: 'resident-1' })).toEqual(claimsBefore);
    // Staff may not put a resident's upload (or any URL) on an item either.
    const item = { op: 'add' as const, communityId: PINGAN, name: '香皂', points: 5, stock: 3, monthlyLimit: 1 };
    for (const picture of [fileId, 'https://example.com/soap.jpg']) {
      expect(
        await points(cloud, community, 'items', { ...item, picture, requestId: `item-foreign-${picture.length}` })
      ).toMatchObject({ ok: false, code: 'PHOTO_INVALID' });
    }
    expect(await readAll(cloud, C.items, { communityId: PINGAN })).toEqual(itemsBefore);
  });
});

describe('media checks', () => {
  // One case with a good and a risky photo, filed before the tests, so each test runs alone and in any order.
  let caseId = '';
  let good: { fileId: string; bytes: Buffer } = { fileId: '', bytes: Buffer.alloc(0) };
  let risky: { fileId: string; bytes: Buffer } = { fileId: '', bytes: Buffer.alloc(0) };
  let form: ReturnType<typeof newCase>;
  beforeAll(async () => {
    good = await upload('resident-1', 'yard.jpg');
    risky = await upload('resident-1', 'risky-wall.jpg');
    form = newCase({ photos: [good.fileId, risky.fileId] });
    caseId = ok(
      await cloud.call<Result<{ caseId: string }>>('cases', { action: 'submit', ...form }, 'resident-1')
    ).caseId;
  });

  test('each stored photo goes to mediaCheckAsync once (v2, image, the scene, the uploader), and is recorded', async () => {
    const ours = new Set<string | null>([good.fileId, risky.fileId]);
    // Other tests' photos of resident-1 are recorded too; ours exactly once each.
    const recorded = (await readAll<MediaCheckDoc>(cloud, COLLECTIONS.mediaChecks, { openid: 'resident-1' })).filter(
      (r) => ours.has(r.fileId)
    );
    expect(recorded.map((r) => r.fileId).sort()).toEqual([good.fileId, risky.fileId].sort());
    const traces = new Set(recorded.map((r) => r._id));
    const requests = (await cloud.mediaChecks()).filter((r) => traces.has(r.traceId));
    expect(requests.map((r) => [r.mediaType, r.scene, r.openid])).toEqual([
      [2, 3, 'resident-1'],
      [2, 3, 'resident-1']
    ]);
    expect(new Set(recorded.map((r) => r._id))).toEqual(new Set(requests.map((r) => r.traceId)));
    // The same submit again (a retry) finds the case and asks for no second check.
    const asked = await openapiCalls('security.mediaCheckAsync');
    expect(await cloud.call('cases', { action: 'submit', ...form }, 'resident-1')).toMatchObject({
      ok: true,
      data: { caseId }
    });
    expect(await openapiCalls('security.mediaCheckAsync')).toBe(asked);
  });

  test('after the verdicts: the risky photo is hidden from the reporter and the town, shown to the handling community', async () => {
    const before = await rawCase(caseId);
    await cloud.flushMediaChecks();
    const after = await rawCase(caseId);
    expect(after.hiddenPhotos).toEqual([risky.fileId]);
    expect(after.version).toBe(before.version + (before.hiddenPhotos?.length ? 0 : 1));
    const verdicts = (await readAll<MediaCheckDoc>(cloud, COLLECTIONS.mediaChecks, { openid: 'resident-1' })).filter(
      (v) => v.fileId === good.fileId || v.fileId === risky.fileId
    );
    expect(Object.fromEntries(verdicts.map((v) => [v.fileId, v.status]))).toEqual({
      [good.fileId]: 'pass',
      [risky.fileId]: 'risky'
    });

    const reporter = byId(ok(await casePhotos(caseId, 'resident-1')));
    expect(reporter.get(risky.fileId)).toEqual({ fileId: risky.fileId, url: '', hidden: true });
    expect(reporter.get(good.fileId)).toMatchObject({ hidden: false });
    expect((await fetchBytes(reporter.get(good.fileId)!.url)).equals(good.bytes)).toBe(true);

    const handling = byId(ok(await casePhotos(caseId, community)));
    expect(handling.get(risky.fileId)).toMatchObject({ hidden: true });
    expect((await fetchBytes(handling.get(risky.fileId)!.url)).equals(risky.bytes)).toBe(true);

    const town = byId(ok(await casePhotos(caseId, staffOf(ORG.xinshancun))));
    expect(town.get(risky.fileId)).toEqual({ fileId: risky.fileId, url: '', hidden: true });
    expect(town.get(good.fileId)!.url).not.toBe('');

    // The uploader is told, with the case's resident template, linking to the case.
    const told = (await cloud.outbox()).filter(
      (m) => m.touser === 'resident-1' && JSON.stringify(m.data).includes('内容安全检测') && m.page?.includes(caseId)
    );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ templateId: 'TPL_CASE_REPLIED', page: `pages/case/index?caseId=${caseId}` });
  });

  test('photoUrls refuses whoever may not read the case', async () => {
    expect(await casePhotos(caseId, 'resident-2')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await casePhotos(caseId, staffOf(ORG.bajiaoCommunity))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await casePhotos(caseId)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(await casePhotos('no-such-case', 'resident-1')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // One storage request for the URLs: the case and the caller are the only reads.
    await casePhotos(caseId, 'resident-1');
    expect((await cloud.invocations(1))[0].dbRequests).toBeLessThanOrEqual(2);
  });

  test('the receiver refuses anything that is not WeChat’s message push', async () => {
    const { fileId } = await upload('resident-3', 'plain.jpg');
    const { caseId: other } = await submitOk(cloud, 'resident-3', { photos: [fileId] });
    await cloud.flushMediaChecks();
    // A pending check a forger might know the trace_id of.
    const forged = {
      _id: 'forged-trace-1',
      fileId,
      openid: 'resident-3',
      scene: 3,
      at: new Date(),
      status: 'pending',
      verdictAt: null
    };
    const ins = await cloud.request('POST', '/admin', {
      action: 'database.insertDocument',
      collectionName: COLLECTIONS.mediaChecks,
      data: [EJSON.stringify(forged, { relaxed: false })]
    });
    expect((ins.body as { code?: string }).code).toBeUndefined();
    const push = {
      Event: 'wxa_media_check',
      trace_id: forged._id,
      errcode: 0,
      result: { suggest: 'risky', label: 20002 }
    };
    expect(await cloud.call('media', push, 'resident-1')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await cloud.call('media', push)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await rawCase(other)).hiddenPhotos ?? []).toEqual([]);
  });

  test('a claim’s risky photo: hidden from the claimant, shown to the community’s staff; nobody else gets any', async () => {
    const fine = await upload('resident-1', 'deed.jpg', 'points');
    const bad = await upload('resident-1', 'risky-deed.jpg', 'points');
    const claim = await pointsOk(cloud, 'resident-1', 'claim', {
      deedType: 'environment',
      communityId: PINGAN,
      text: '清扫楼道',
      photos: [fine.fileId, bad.fileId],
      requestId: 'photo-claim-1'
    });
    await cloud.flushMediaChecks();
    expect((await readAll<ClaimDoc>(cloud, C.claims, { _id: claim.claimId }))[0].hiddenPhotos).toEqual([bad.fileId]);
    const claimant = byId(ok(await points(cloud, 'resident-1', 'photoUrls', { claimIds: [claim.claimId] })));
    expect(claimant.get(bad.fileId)).toEqual({ fileId: bad.fileId, url: '', hidden: true });
    expect((await fetchBytes(claimant.get(fine.fileId)!.url)).equals(fine.bytes)).toBe(true);
    const staff = byId(ok(await points(cloud, community, 'photoUrls', { claimIds: [claim.claimId] })));
    expect((await fetchBytes(staff.get(bad.fileId)!.url)).equals(bad.bytes)).toBe(true);
    for (const outsider of ['resident-2', staffOf(GANGHUA)]) {
      expect(await points(cloud, outsider, 'photoUrls', { claimIds: [claim.claimId] })).toMatchObject({
        ok: false,
        code: 'CLAIM_NOT_FOUND'
      });
    }
  });

  test('item pictures: anyone gets them, except a risky one, which only the community’s staff see', async () => {
    const soap = await upload(community, 'soap.jpg', 'points');
    const bad = await upload(community, 'risky-rice.jpg', 'points');
    const base = { op: 'add' as const, communityId: PINGAN, points: 5, stock: 3, monthlyLimit: 1 };
    const a = await pointsOk(cloud, community, 'items', {
      ...base,
      name: '香皂',
      picture: soap.fileId,
      requestId: 'photo-item-1'
    });
    const b = await pointsOk(cloud, community, 'items', {
      ...base,
      name: '大米',
      picture: bad.fileId,
      requestId: 'photo-item-2'
    });
    await cloud.flushMediaChecks();
    expect((await readAll<ItemDoc>(cloud, C.items, { _id: b.itemId }))[0].hiddenPhotos).toEqual([bad.fileId]);
    const resident = byId(ok(await points(cloud, 'resident-3', 'photoUrls', { itemIds: [a.itemId, b.itemId] })));
    expect((await fetchBytes(resident.get(soap.fileId)!.url)).equals(soap.bytes)).toBe(true);
    expect(resident.get(bad.fileId)).toEqual({ fileId: bad.fileId, url: '', hidden: true });
    expect(
      byId(ok(await points(cloud, staffOf(GANGHUA), 'photoUrls', { itemIds: [b.itemId] }))).get(bad.fileId)!.url
    ).toBe('');
    expect(
      byId(ok(await points(cloud, community, 'photoUrls', { itemIds: [b.itemId] }))).get(bad.fileId)!.url
    ).not.toBe('');
    // Changing the picture to someone else's upload is refused.
    const theirs = await upload('resident-1', 'x.jpg', 'points');
    expect(
      await points(cloud, community, 'items', { op: 'edit', itemId: a.itemId, picture: theirs.fileId })
    ).toMatchObject({ ok: false, code: 'PHOTO_INVALID' });
    expect((await readAll<ItemDoc>(cloud, C.items, { _id: a.itemId }))[0].picture).toBe(soap.fileId);
  });
});

test('every function names its actions (so a test can enumerate them); photoUrls is one of cases’ and points’', () => {
  const actionsOf = (name: string): readonly string[] =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(`../../cloudfunctions/${name}/index.ts`) as { main: { actions: readonly string[] } }).main.actions;
  expect(actionsOf('cases')).toContain('photoUrls');
  expect(actionsOf('points')).toEqual(expect.arrayContaining(['photoUrls', 'claim', 'items']));
  expect(actionsOf('ratings')).toEqual(['rate', 'followUp', 'evaluate', 'evaluateWhistle']);
  expect(actionsOf('media')).toEqual([]);
});
