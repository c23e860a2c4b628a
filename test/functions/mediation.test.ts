// 莎姐调解 through the local cloud: a full mediation step by step, each conflict rule, a declined join,
// a failed mediation returning the case to its unit, and bad input answered with a code and no write.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import { strokePng } from '../support/png';
import { rawFind } from '../support/rawDb';
import { writes } from './deliberationHelpers';
import type { Result } from '../../typings/result';
import { FONT_ASSET, FONT_SOURCE_ENV } from '../../cloudfunctions/mediation/fontAsset';

const repo = path.resolve(__dirname, '../..');

let cloud: TestCloud;
beforeAll(async () => {
  // The deployed route: the PDF font comes from cloud storage (placed as the deploy uploads it), not the disk.
  cloud = await startLocalCloud({ env: { [FONT_SOURCE_ENV]: 'storage' } });
}, 60_000);
afterAll(() => cloud?.stop());

const DAY = '20261205';
let serial = 0;
type Data = Record<string, unknown> & { mediationId: string; stage: string };

const med = (openid: string | undefined, action: string, fields: Record<string, unknown> = {}) =>
  cloud.call<Result<Data>>('mediation', { action, ...fields }, openid);
async function medOk(openid: string, action: string, fields: Record<string, unknown> = {}): Promise<Data> {
  const res = await med(openid, action, fields);
  if (!res.ok) throw new Error(`${action} failed: ${res.code} ${res.message} ${res.detail ?? ''}`);
  return res.data;
}
async function refused(call: () => Promise<Result<unknown>>, code: string): Promise<void> {
  const before = await writes(cloud);
  expect(await call()).toMatchObject({ ok: false, code });
  expect((await writes(cloud)) - before).toBe(0);
}

/** Stores bytes as a client upload would and answers the fileID. */
async function upload(openid: string, name: string, bytes: Buffer): Promise<string> {
  const cloudPath = `uploads/${openid}/signatures/${DAY}/s${++serial}-${name}`;
  const meta = await cloud.request('POST', '/admin', { action: 'storage.getUploadMetadata', path: cloudPath });
  const { url, fileId } = (meta.body as { data: { url: string; fileId: string } }).data;
  const put = await cloud.request('PUT', url.slice(cloud.url.length), bytes, { 'content-type': 'image/png' });
  expect(put.status).toBe(200);
  return fileId;
}
const signature = (openid: string) => upload(openid, 'sign.png', strokePng());

const READ_PDF = `
const { PDFParse } = require(process.argv[1]);
(async () => {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const text = (await parser.getText()).text;
  const images = (await parser.getImage({ imageThreshold: 0 })).pages.reduce((n, p) => n + p.images.length, 0);
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text, images }));
})();
`;

/** The PDF behind a temporary URL, read back: its text and how many images it holds. */
async function readPdf(url: string): Promise<{ text: string; images: number }> {
  const res = await cloud.request('GET', encodeURI(url).slice(cloud.url.length));
  expect(res.status).toBe(200);
  // pdf.js loads its worker by dynamic import, which jest's sandbox refuses: read it in a plain node.
  const out = execFileSync(process.execPath, ['-e', READ_PDF, require.resolve('pdf-parse')], {
    input: res.raw,
    cwd: path.resolve(__dirname, '../..')
  });
  const read = JSON.parse(out.toString()) as { text: string; images: number };
  return { text: read.text.replace(/\s+/g, ''), images: read.images };
}

/** A member of a pool (legal.addMember as admin). */
async function member(memberId: string, more: Record<string, unknown> = {}): Promise<string> {
  const res = await cloud.call<Result<unknown>>(
    'legal',
    { action: 'addMember', memberId, pool: 'hall', unitId: ORG.pingan, name: `调解员${memberId}`, ...more },
    'admin-1'
  );
  expect(res).toMatchObject({ ok: true });
  return memberId;
}

/** An accepted dispute case at 平安社区 and a mediation of it, joined (or not) by a fresh respondent. */
async function opened(join = true) {
  const k = ++serial;
  const reporter = `med-app-${k}`;
  const respondent = `med-res-${k}`;
  const c = await submitOk(cloud, reporter, { communityId: ORG.pingan });
  await actOk(cloud, staffOf(ORG.pingan), 'accept', { caseId: c.caseId });
  const staff = staffOf(ORG.pingan);
  const o = await medOk(staff, 'open', { caseId: c.caseId });
  const token = o.joinToken as string;
  if (join) await medOk(respondent, 'join', { token, agree: true, name: `李${k}`, phone: '13900000002' });
  return { caseId: c.caseId, staff, reporter, respondent, token, id: o.mediationId, k };
}

test('a full mediation: open → join → candidates → assign → recuse → reassign → schedule → draft → three signatures → confirmation → performance → agreed', async () => {
  const m = await opened(false);
  const inv = await medOk(m.respondent, 'invitation', { token: m.token });
  expect(inv).toMatchObject({ usable: true, categoryName: expect.any(String) as unknown });
  expect(
    await medOk(m.respondent, 'join', { token: m.token, agree: true, name: '李四', phone: '13900000002' })
  ).toMatchObject({
    stage: 'choosing'
  });
  const first = await member(`full-a-${m.k}`, { grade: 3, categories: ['neighbor'] });
  const second = await member(`full-b-${m.k}`);
  await medOk(m.reporter, 'prefer', { mediationId: m.id, mediatorId: second });
  const { items } = (await medOk(m.staff, 'candidates', { mediationId: m.id })) as unknown as {
    items: Array<{ mediatorId: string; reasons: string[] }>;
  };
  expect(items[0]).toMatchObject({ mediatorId: second, reasons: expect.arrayContaining(['申请人选择']) as unknown });
  expect(items.find((i) => i.mediatorId === first)?.reasons).toContain('擅长此类纠纷');

  await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId: first });
  expect(await medOk(m.respondent, 'recuse', { mediationId: m.id, reason: '与申请人相识' })).toMatchObject({
    stage: 'choosing'
  });
  await refused(() => med(m.staff, 'assign', { mediationId: m.id, mediatorId: first }), 'MEDIATOR_CONFLICT');
  // The mediator (bound to an openid) acts from here.
  const mediatorOpenid = `med-mediator-${m.k}`;
  await member(second, { openid: mediatorOpenid });
  await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId: second });

  const outbox = (await cloud.outbox()).length;
  const clock = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  const at = new Date(Date.parse(clock.now) + 2 * 86_400_000).toISOString();
  await medOk(mediatorOpenid, 'schedule', { mediationId: m.id, at, place: 'video' });
  const sent = (await cloud.outbox()).slice(outbox);
  expect(sent.map((s) => s.touser).sort()).toEqual([m.reporter, m.respondent].sort());
  await medOk(mediatorOpenid, 'minutes', { mediationId: m.id, text: '双方陈述事实，同意协商' });

  const terms = [{ what: '李四赔偿修缮费2000元', who: '李四', by: at }];
  const d = {
    mediationId: m.id,
    facts: '楼上漏水致楼下墙面受损',
    issues: '修缮费用',
    responsibilities: '李四承担主要责任',
    terms
  };
  expect(await medOk(mediatorOpenid, 'draft', d)).toMatchObject({ draft: { version: 1 } });
  await medOk(m.reporter, 'sign', { mediationId: m.id, draftVersion: 1, signature: await signature(m.reporter) });
  await refused(
    async () => med(m.reporter, 'sign', { mediationId: m.id, draftVersion: 1, signature: await signature(m.reporter) }),
    'ALREADY_SIGNED'
  );
  // An edit voids the signature; signing the old version is refused.
  expect(await medOk(mediatorOpenid, 'draft', { ...d, facts: '楼上漏水致楼下墙面、吊顶受损' })).toMatchObject({
    signed: {},
    draft: { version: 2 }
  });
  const sig = await signature(m.respondent);
  await refused(
    () => med(m.respondent, 'sign', { mediationId: m.id, draftVersion: 1, signature: sig }),
    'DRAFT_VOIDED'
  );
  await medOk(m.respondent, 'sign', { mediationId: m.id, draftVersion: 2, signature: sig });
  await medOk(m.reporter, 'sign', { mediationId: m.id, draftVersion: 2, signature: await signature(m.reporter) });
  const eff = await medOk(mediatorOpenid, 'sign', {
    mediationId: m.id,
    draftVersion: 2,
    signature: await signature(mediatorOpenid)
  });
  expect(eff).toMatchObject({
    stage: 'effective',
    confirmationDueAt: expect.any(String) as unknown,
    hasAgreement: true
  });
  // The agreement PDF, read back: every Art. 29 field and the three signatures (and the seal's text).
  const { url } = (await medOk(m.respondent, 'agreement', { mediationId: m.id })) as unknown as { url: string };
  const pdf = await readPdf(url);
  for (const field of [
    '人民调解协议书',
    '申请人',
    '李四',
    '13900000002',
    '楼上漏水致楼下墙面、吊顶受损',
    '修缮费用',
    '李四承担主要责任',
    '李四赔偿修缮费2000元',
    '履行期限',
    '申请人签名',
    '被申请人签名',
    '人民调解员签名',
    '平安社区人民调解委员会'
  ])
    expect(pdf.text).toContain(field);
  expect(pdf.images).toBe(3);
  await refused(() => med('med-outsider', 'agreement', { mediationId: m.id }), 'NOT_FOUND');

  const applied = await medOk(m.reporter, 'confirmation', { mediationId: m.id, step: 'apply' });
  expect(applied).toMatchObject({ court: '重庆市大渡口区人民法院' });
  const application = await readPdf(applied.applicationUrl as string);
  expect(application.text).toContain('司法确认申请书');
  expect(application.text).toContain('重庆市大渡口区人民法院');
  await medOk(m.staff, 'confirmation', { mediationId: m.id, step: 'filed' });
  await medOk(m.staff, 'confirmation', { mediationId: m.id, step: 'ruling', ruling: 'confirmed' });
  expect(
    await medOk(mediatorOpenid, 'performance', { mediationId: m.id, termIndex: 0, done: true, note: '已付清' })
  ).toMatchObject({
    allPerformed: true
  });
  expect(await medOk(m.staff, 'end', { mediationId: m.id, outcome: 'agreed', reason: '协议履行完毕' })).toMatchObject({
    stage: 'ended',
    outcome: 'agreed'
  });
  const [c] = (await rawFind<{ status: string }>(cloud, 'cases', { _id: m.caseId })) ?? [];
  expect(c.status).toBe('resolved');
  const figures = await medOk(m.staff, 'stats');
  expect(figures).toMatchObject({
    mediated: expect.any(Number) as unknown,
    confirmationsFiled: expect.any(Number) as unknown
  });
  expect(figures.performed as number).toBeGreaterThanOrEqual(1);
}, 60_000);

describe('conflict rules, one each: never offered, assign refused with MEDIATOR_CONFLICT', () => {
  const offered = async (staff: string, id: string) =>
    (
      (await medOk(staff, 'candidates', { mediationId: id })) as unknown as { items: Array<{ mediatorId: string }> }
    ).items.map((i) => i.mediatorId);
  test('a party', async () => {
    const m = await opened();
    const x = await member(`party-${m.k}`, { openid: m.respondent });
    expect(await offered(m.staff, m.id)).not.toContain(x);
    await refused(() => med(m.staff, 'assign', { mediationId: m.id, mediatorId: x }), 'MEDIATOR_CONFLICT');
  });
  test('a declared relation of a party (name and phone)', async () => {
    const m = await opened();
    const x = await member(`rel-${m.k}`, { relations: [{ name: `李${m.k}`, phone: '13900000002' }] });
    expect(await offered(m.staff, m.id)).not.toContain(x);
    await refused(() => med(m.staff, 'assign', { mediationId: m.id, mediatorId: x }), 'MEDIATOR_CONFLICT');
  });
  test('works for a unit that is itself a party', async () => {
    const k = ++serial;
    const c = await submitOk(cloud, `med-app-u${k}`, { communityId: ORG.pingan });
    await actOk(cloud, staffOf(ORG.pingan), 'accept', { caseId: c.caseId });
    const o = await medOk(staffOf(ORG.pingan), 'open', { caseId: c.caseId, respondentUnitId: 'dept-housing' });
    await medOk(`med-res-u${k}`, 'join', { token: o.joinToken, agree: true, name: '住建委代表' });
    const x = await member(`unit-${k}`, { pool: 'expert', unitId: 'dept-housing' });
    expect(await offered(staffOf(ORG.pingan), o.mediationId)).not.toContain(x);
    await refused(
      () => med(staffOf(ORG.pingan), 'assign', { mediationId: o.mediationId, mediatorId: x }),
      'MEDIATOR_CONFLICT'
    );
  });
  test('recused; and a party recuses once without review, then only the unit may', async () => {
    const m = await opened();
    const [a, b, c] = [await member(`rec-a-${m.k}`), await member(`rec-b-${m.k}`), await member(`rec-c-${m.k}`)];
    await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId: a });
    await medOk(m.reporter, 'recuse', { mediationId: m.id, reason: '曾有矛盾' });
    expect(await offered(m.staff, m.id)).not.toContain(a);
    await refused(() => med(m.staff, 'assign', { mediationId: m.id, mediatorId: a }), 'MEDIATOR_CONFLICT');
    await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId: b });
    await refused(() => med(m.reporter, 'recuse', { mediationId: m.id, reason: '再次申请' }), 'RECUSAL_LIMIT');
    await medOk(m.staff, 'recuse', { mediationId: m.id, reason: '经审查同意申请人再次回避' });
    await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId: c });
  });
});

test('a declined join ends the mediation with the reason and the other options; the token is spent', async () => {
  const m = await opened(false);
  const res = await medOk(m.respondent, 'join', { token: m.token, agree: false, name: '李四', reason: '不愿调解' });
  expect(res).toMatchObject({ stage: 'ended', outcome: 'declined', endReason: '不愿调解' });
  expect(res.options).toEqual(expect.arrayContaining(['向人民法院起诉']) as unknown);
  await refused(
    () => med('med-someone-else', 'join', { token: m.token, agree: true, name: '王五' }),
    'JOIN_TOKEN_USED'
  );
});

test('an expired join token is refused and writes nothing', async () => {
  const m = await opened(false);
  await cloud.advanceClock(8 * 86_400_000);
  await refused(() => med(m.respondent, 'join', { token: m.token, agree: true, name: '李四' }), 'JOIN_TOKEN_EXPIRED');
});

test('a failed mediation returns the case to its unit with the outcome', async () => {
  const m = await opened();
  await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId: await member(`fail-${m.k}`) });
  await medOk(m.staff, 'end', { mediationId: m.id, outcome: 'failed', reason: '双方分歧过大' });
  const [c] =
    (await rawFind<{ status: string; unitId: string; timeline: Array<{ text: string }> }>(cloud, 'cases', {
      _id: m.caseId
    })) ?? [];
  expect(c).toMatchObject({ status: 'accepted', unitId: ORG.pingan });
  expect(c.timeline.at(-1)?.text).toMatch(/人民调解未达成协议：双方分歧过大/);
});

test('bad input: a term without a due date, a signature not an image in the caller’s storage — a code, no write', async () => {
  const m = await opened();
  const mediatorOpenid = `med-mediator-bad-${m.k}`;
  await medOk(m.staff, 'assign', {
    mediationId: m.id,
    mediatorId: await member(`bad-${m.k}`, { openid: mediatorOpenid })
  });
  const d = { mediationId: m.id, facts: '事实', issues: '争议', responsibilities: '责任' };
  await refused(
    () => med(mediatorOpenid, 'draft', { ...d, terms: [{ what: '赔偿', who: '李四' }] }),
    'TERM_DUE_REQUIRED'
  );
  await medOk(mediatorOpenid, 'draft', { ...d, terms: [{ what: '赔偿', who: '李四', by: '2027-01-01T00:00:00Z' }] });
  const others = await signature(m.respondent);
  await refused(
    () => med(m.reporter, 'sign', { mediationId: m.id, draftVersion: 1, signature: others }),
    'SIGNATURE_INVALID'
  );
  const text = await upload(m.reporter, 'sign.png', Buffer.from('not an image'));
  await refused(
    () => med(m.reporter, 'sign', { mediationId: m.id, draftVersion: 1, signature: text }),
    'SIGNATURE_INVALID'
  );
  await refused(
    () => med(m.reporter, 'sign', { mediationId: m.id, draftVersion: 1, signature: 'https://example.com/a.png' }),
    'SIGNATURE_INVALID'
  );
});

test('a mediation open for a month is 督办d once by the timer; the unit and the one above are told', async () => {
  const m = await opened();
  await cloud.advanceClock(31 * 86_400_000);
  const before = (await cloud.outbox()).length;
  await cloud.trigger('mediation');
  const [doc] = (await rawFind<{ supervisedAt: unknown }>(cloud, 'mediations', { _id: m.id })) ?? [];
  expect(doc.supervisedAt).toBeTruthy();
  const told = (await cloud.outbox()).slice(before).filter((s) => s.page?.includes(m.id));
  expect(told.map((s) => s.touser)).toEqual(
    expect.arrayContaining([staffOf(ORG.pingan), staffOf(ORG.xinshancun)]) as unknown
  );
  await cloud.trigger('mediation');
  expect((await cloud.outbox()).slice(before).filter((s) => s.page?.includes(m.id))).toHaveLength(told.length);
});

test('the timer reminds both parties once of a session due within a day', async () => {
  const m = await opened();
  const mediatorOpenid = `med-mediator-${m.k}`;
  const mediatorId = await member(`remind-${m.k}`, { openid: mediatorOpenid });
  await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId });
  const clock = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  const at = new Date(Date.parse(clock.now) + 2 * 86_400_000).toISOString();
  await medOk(mediatorOpenid, 'schedule', { mediationId: m.id, at, place: '和议厅' });
  await cloud.advanceClock(36 * 3_600_000);
  const before = (await cloud.outbox()).length;
  await cloud.trigger('mediation');
  const told = (await cloud.outbox()).slice(before).filter((s) => s.page?.includes(m.id));
  expect(told.map((s) => s.touser).sort()).toEqual([m.reporter, m.respondent].sort());
  await cloud.trigger('mediation');
  expect((await cloud.outbox()).slice(before).filter((s) => s.page?.includes(m.id))).toHaveLength(2);
});

test('the PDF font is a storage asset at the path the deploy uploads it to; the local cloud serves the repository’s bytes', async () => {
  const fileid = `cloud://shajie-local.localcloud-bucket/${FONT_ASSET.cloudPath}`;
  const res = await cloud.request('POST', '/admin', {
    action: 'storage.batchGetDownloadUrl',
    file_list: [{ fileid, max_age: 600 }]
  });
  const item = (res.body as { data: { download_list: Array<{ code: string; tempFileURL: string }> } }).data
    .download_list[0];
  expect(item.code).toBe('SUCCESS');
  const got = await fetch(item.tempFileURL);
  expect(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(path.join(repo, FONT_ASSET.file)))).toBe(true);
});
